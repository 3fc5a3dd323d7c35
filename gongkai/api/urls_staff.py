"""/staff/api/ (namespace ``api-tokens``): the 机关管理员's token pages."""

from django.urls import path

from gongkai.api import views

app_name = "api-tokens"

urlpatterns = [
    path("tokens/", views.token_home, name="home"),
    path("agencies/<int:agency_id>/tokens/", views.token_list, name="list"),
    path(
        "agencies/<int:agency_id>/tokens/<int:pk>/revoke/",
        views.token_revoke,
        name="revoke",
    ),
]
