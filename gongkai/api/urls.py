"""/api/v1/ (namespace ``api-v1``): the API, its OpenAPI description and docs page."""

from django.urls import path, re_path

from gongkai.api.main import api, not_found_json

urlpatterns = [
    path("", api.urls),
    re_path(r"^.*$", not_found_json),
]
