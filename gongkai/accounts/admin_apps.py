"""The app config that installs Gongkai's admin site in place of Django's default.

A module of its own: INSTALLED_APPS imports it before any model exists, so it
must not import ``adminsite`` (which needs the login form and its models).
"""

from django.contrib.admin.apps import AdminConfig


class GongkaiAdminConfig(AdminConfig):
    """``django.contrib.admin`` with Gongkai's site (login lock-out, read-only history)."""

    default_site = "gongkai.accounts.adminsite.GongkaiAdminSite"
