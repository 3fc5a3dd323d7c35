"""The Django admin as Gongkai runs it.

* It logs in through the staff login's form, so the same lock-out applies to
  ``/admin/login/`` as to ``/accounts/login/`` (``gongkai.accounts.forms``).
  ``admin_apps.GongkaiAdminConfig`` installs this site as ``admin.site``.
* Workflow records and their history are read-only here (``ReadOnlyAdmin``):
  every change goes through a service, which writes its event. Only
  configuration (agencies, report deadlines settings, user accounts) is edited
  in the admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from gongkai.accounts.forms import LoginForm


class AdminLoginForm(LoginForm):
    """The staff login form, for accounts allowed into the admin (``is_staff``)."""

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if not user.is_staff:
            raise ValidationError(
                self.error_messages["invalid_login"], code="invalid_login"
            )


class GongkaiAdminSite(admin.AdminSite):
    site_header = "公开 Gongkai 系统管理"
    site_title = "公开 Gongkai 系统管理"
    index_title = "系统管理"
    login_form = AdminLoginForm


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """View only: no add, change or delete (changes go through the services)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline[Any, Any]):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
