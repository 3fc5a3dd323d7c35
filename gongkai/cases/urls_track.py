"""Public tracking by query code, mounted at /track/ (namespace ``track``)."""

from django.urls import path

from gongkai.cases.views import public

app_name = "track"

urlpatterns = [
    path("", public.track, name="track"),
    path("<int:pk>/", public.track_case, name="case"),
    path("<int:pk>/correction/", public.track_correction, name="correction"),
    path("<int:pk>/letters/<uuid:uid>.<str:ext>", public.track_letter, name="letter"),
    path(
        "<int:pk>/files/<int:attachment_id>/",
        public.track_disclosed,
        name="disclosed",
    ),
]
