"""Staff accounts, mounted at /accounts/ (namespace ``accounts``)."""

from django.urls import path

from gongkai.accounts import views
from gongkai.accounts.actions import ACCOUNT_SPECS
from gongkai.web.actions import action_paths

app_name = "accounts"

urlpatterns = [
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("logout/", views.StaffLogoutView.as_view(), name="logout"),
    path("password/", views.StaffPasswordChangeView.as_view(), name="password-change"),
    path("staff/", views.account_list, name="account-list"),
    path("staff/new/", views.account_create, name="account-create"),
    path("staff/<int:pk>/", views.account_detail, name="account-detail"),
    *action_paths(ACCOUNT_SPECS, "staff/"),
    path("agencies/<int:agency_id>/staff/", views.staff_list, name="staff-list"),
    path("security-log/", views.security_log, name="security-log"),
    path("separation/", views.separation_settings, name="separation"),
]
