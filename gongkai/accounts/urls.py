"""Staff accounts, mounted at /accounts/ (namespace ``accounts``)."""

from django.urls import path

from gongkai.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("logout/", views.StaffLogoutView.as_view(), name="logout"),
    path("password/", views.StaffPasswordChangeView.as_view(), name="password-change"),
    path("agencies/<int:agency_id>/staff/", views.staff_list, name="staff-list"),
]
