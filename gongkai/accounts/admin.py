"""The security log in the admin: read-only, for superusers. Researcher
accounts are opened here by the system administrator: pick an existing user
(created under 用户) and name the organisation."""

from __future__ import annotations

from django.contrib import admin

from gongkai.accounts.adminsite import ReadOnlyAdmin
from gongkai.accounts.models import Researcher, SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "actor_username", "summary", "ip")
    list_filter = ("kind",)
    search_fields = ("actor_username", "subject_username", "summary", "ip")
    date_hierarchy = "at"


@admin.register(Researcher)
class ResearcherAdmin(admin.ModelAdmin[Researcher]):
    list_display = ("user", "organisation", "created_at")
    search_fields = ("user__username", "organisation")
    raw_id_fields = ("user",)
