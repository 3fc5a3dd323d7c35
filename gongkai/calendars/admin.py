"""Read-only admin: changes go through the calendar pages so that they are
logged and recompute due dates (gongkai.calendars.services)."""

from __future__ import annotations

from django.contrib import admin

from gongkai.accounts.adminsite import ReadOnlyAdmin, ReadOnlyInline
from gongkai.calendars.models import (
    CalendarChange,
    HolidayNotice,
    NoticeDay,
    Region,
    RegionalDay,
)


class NoticeDayInline(ReadOnlyInline):
    model = NoticeDay
    readonly_fields = ("date", "kind", "name")


@admin.register(HolidayNotice)
class HolidayNoticeAdmin(ReadOnlyAdmin):
    list_display = ("year", "title", "document_number", "source", "updated_at")
    inlines = (NoticeDayInline,)


@admin.register(CalendarChange)
class CalendarChangeAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "year", "region", "actor", "summary")
    list_filter = ("kind", "year")


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "agency")


@admin.register(RegionalDay)
class RegionalDayAdmin(ReadOnlyAdmin):
    list_display = ("region", "date", "kind", "name", "source")
    list_filter = ("region",)
