"""/staff/imports/ (namespace ``imports``): importing past records from Excel."""

from django.urls import path

from gongkai.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.batch_list, name="list"),
    path("templates/<str:kind>.xlsx", views.template_download, name="template"),
    path("<int:pk>/", views.batch_detail, name="detail"),
    path("<int:pk>/confirm/", views.batch_confirm, name="confirm"),
]
