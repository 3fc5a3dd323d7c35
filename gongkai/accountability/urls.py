"""Staff pages, mounted at /staff/accountability/."""

from django.urls import path

from gongkai.accountability import views

app_name = "accountability"

urlpatterns = [
    path("", views.record_list, name="list"),
    path("new/", views.record_create, name="create"),
    path("<int:pk>/", views.record_detail, name="detail"),
    path("<int:pk>/edit/", views.record_edit, name="edit"),
    path("<int:pk>/approve/", views.record_approve, name="approve"),
]
