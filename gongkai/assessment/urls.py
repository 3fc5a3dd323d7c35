"""Staff URLs, mounted at /staff/assessment/ (namespace ``assessment``)."""

from django.urls import path

from gongkai.assessment import views
from gongkai.assessment.actions import SPECS
from gongkai.web.actions import action_paths

app_name = "assessment"

SHEET = "<int:pk>/agencies/<int:agency_id>/"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("new/", views.assessment_create_view, name="create"),
    path("<int:pk>/", views.assessment_detail, name="detail"),
    path("<int:pk>/indicators/", views.indicators_edit, name="indicators"),
    path("<int:pk>/export.xlsx", views.assessment_export, name="export"),
    path("<int:pk>/download.<str:ext>", views.assessment_download, name="download"),
    *action_paths(SPECS, ""),
    path(SHEET, views.sheet_detail, name="sheet"),
    path(f"{SHEET}score/", views.manual_score_view, name="score"),
    path(f"{SHEET}records/<str:kind>/", views.sheet_records, name="records"),
    path(
        f"{SHEET}evidence/<int:attachment_id>/",
        views.evidence_download,
        name="evidence",
    ),
    path(
        f"{SHEET}evidence/<int:attachment_id>/delete/",
        views.evidence_delete_view,
        name="evidence-delete",
    ),
    path(f"{SHEET}download.<str:ext>", views.sheet_download, name="sheet-download"),
]
