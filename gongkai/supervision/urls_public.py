"""Public URLs, mounted at /supervision/ (namespace ``supervision_public``)."""

from django.urls import path

from gongkai.supervision.views import public

app_name = "supervision_public"

urlpatterns = [
    path("evaluate/", public.evaluate, name="evaluate"),
    path("bulletins/", public.bulletin_list, name="bulletins"),
    path("bulletins/<int:pk>/", public.bulletin_detail, name="bulletin"),
]
