"""Public tracking by query code, mounted at /track/ (namespace ``track``)."""

from django.urls import path

from gongkai.cases.views import public

app_name = "track"

urlpatterns = [path("", public.track, name="track")]
