from django.urls import path

from gongkai.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("reports/", views.report_list, name="report-list"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path(
        "reports/<int:pk>/download.<str:ext>",
        views.report_download,
        name="report-download",
    ),
]
