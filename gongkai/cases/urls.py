"""Staff URLs, mounted at /staff/ (namespace ``cases``)."""

from django.urls import path

from gongkai.cases.views import actions, staff, stats
from gongkai.cases.views.action_specs import ACTION_SPECS

app_name = "cases"

case_action_urls = [
    path(f"cases/<int:pk>/{spec.slug}/", actions.make_action_view(spec), name=spec.slug)
    for spec in ACTION_SPECS
]

urlpatterns = [
    path("", staff.dashboard, name="dashboard"),
    path("cases/", staff.case_list, name="list"),
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
    *case_action_urls,
    path("statistics/table3/", stats.table3, name="table3"),
]
