"""Staff URLs, mounted at /staff/supervision/ (namespace ``supervision``)."""

from django.urls import path

from gongkai.supervision.views import staff

app_name = "supervision"

urlpatterns = [
    path("bulletins/", staff.bulletin_list, name="bulletins"),
    path("bulletins/new/", staff.bulletin_create_view, name="bulletin-create"),
    path("bulletins/<int:pk>/", staff.bulletin_detail, name="bulletin"),
    path("bulletins/<int:pk>/opinion/", staff.bulletin_opinion, name="opinion"),
    path(
        "bulletins/<int:pk>/recompute/", staff.bulletin_recompute_view, name="recompute"
    ),
    path("bulletins/<int:pk>/issue/", staff.bulletin_issue_view, name="issue"),
    path("bulletins/<int:pk>/publish/", staff.bulletin_publish_view, name="publish"),
    path(
        "bulletins/<int:pk>/download.<str:ext>",
        staff.bulletin_download,
        name="download",
    ),
    path("bulletins/<int:pk>/export.xlsx", staff.bulletin_export, name="export"),
    path("evaluations/", staff.evaluation_summary, name="evaluations"),
    path("cases/<int:pk>/evaluation/", staff.case_evaluation, name="case-evaluation"),
]
