from django.urls import path

from gongkai.reports import views
from gongkai.reports.actions import REPORT_SPECS
from gongkai.web.actions import action_paths

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("compile/", views.report_compile_view, name="compile"),
    path("overview/", views.report_overview, name="overview"),
    path("overview/export.xlsx", views.report_overview_export, name="overview-export"),
    path("aggregate/", views.report_aggregate_view, name="aggregate"),
    path("import/", views.report_import_view, name="import"),
    path("import/confirm/", views.report_import_confirm, name="import-confirm"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/recompile/", views.report_recompile, name="recompile"),
    path("<int:pk>/table2/", views.report_table2, name="table2"),
    path("<int:pk>/sections/", views.report_sections, name="sections"),
    *action_paths(REPORT_SPECS, ""),
    path("<int:pk>/download.<str:ext>", views.report_download, name="download"),
]
