from django.urls import path

from gongkai.disputes import views

app_name = "disputes"

urlpatterns = [
    path("", views.dispute_list, name="list"),
    path("new/", views.dispute_create_view, name="create"),
    path("<int:pk>/", views.dispute_edit_view, name="edit"),
]
