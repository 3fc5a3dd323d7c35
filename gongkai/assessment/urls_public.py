"""Public URLs, mounted at /assessment/ (namespace ``assessment_public``)."""

from django.urls import path

from gongkai.assessment import public

app_name = "assessment_public"

urlpatterns = [
    path("", public.assessment_list, name="list"),
    path("<int:pk>/", public.assessment_detail, name="detail"),
    path("<int:pk>/download.<str:ext>", public.assessment_download, name="download"),
    path("<int:pk>/agencies/<int:agency_id>/", public.sheet_detail, name="sheet"),
    path(
        "<int:pk>/agencies/<int:agency_id>/download.<str:ext>",
        public.sheet_download,
        name="sheet-download",
    ),
]
