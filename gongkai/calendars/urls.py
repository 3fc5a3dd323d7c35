from django.urls import path

from gongkai.calendars import views

app_name = "calendars"

urlpatterns = [
    path("", views.year_list, name="year-list"),
    path("new/", views.notice_edit, name="notice-new"),
    path("preview/", views.notice_preview, name="notice-preview"),
    path("<int:year>/", views.year_detail, name="year-detail"),
    path("<int:year>/edit/", views.notice_edit, name="notice-edit"),
]
