from django.urls import path

from gongkai.calendars import views

app_name = "calendars"

urlpatterns = [
    path("", views.year_list, name="year-list"),
    path("new/", views.notice_edit, name="notice-new"),
    path("preview/", views.notice_preview, name="notice-preview"),
    path("<int:year>/", views.year_detail, name="year-detail"),
    path("<int:year>/edit/", views.notice_edit, name="notice-edit"),
    path("regions/", views.region_list, name="region-list"),
    path("regions/new/", views.region_edit, name="region-new"),
    path("regions/<slug:code>/", views.region_detail, name="region-detail"),
    path("regions/<slug:code>/edit/", views.region_edit, name="region-edit"),
    path("regions/<slug:code>/days/", views.regional_days_edit, name="regional-days"),
    path(
        "regions/<slug:code>/days/<int:year>/",
        views.regional_days_edit,
        name="regional-days-year",
    ),
    path(
        "regions/<slug:code>/preview/",
        views.regional_days_preview,
        name="regional-days-preview",
    ),
]
