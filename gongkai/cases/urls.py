"""Staff URLs, mounted at /staff/ (namespace ``cases``)."""

from django.urls import path

from gongkai.cases.views import actions, staff, stats
from gongkai.cases.views.action_specs import ACTION_SPECS
from gongkai.web.actions import action_paths

app_name = "cases"

urlpatterns = [
    path("", staff.dashboard, name="dashboard"),
    path("cases/", staff.case_list, name="list"),
    path("cases/export/", staff.case_list_export, name="list-export"),
    path("cases/exports/<int:pk>/", staff.case_export_page, name="export"),
    path(
        "cases/exports/<int:pk>/download/",
        staff.case_export_download,
        name="export-download",
    ),
    path("cases/new/", staff.case_register_view, name="register"),
    path("cases/<int:pk>/", staff.case_detail, name="detail"),
    path("cases/<int:pk>/personal/", staff.case_personal_data, name="personal-data"),
    path("cases/<int:pk>/attachments/", actions.attachment_add, name="attachment-add"),
    path(
        "cases/<int:pk>/attachments/<int:attachment_id>/",
        staff.attachment_download,
        name="attachment",
    ),
    path("cases/<int:pk>/letters/", actions.letter_issue, name="letter-issue"),
    *action_paths(ACTION_SPECS, "cases/"),
    path("statistics/table3/", stats.table3, name="table3"),
    path("statistics/table3/export.xlsx", stats.table3_export, name="table3-export"),
]
