"""Build the `WorkCalendar` in force from the database.

The packaged schedules (chinesecalendar, 2004–2026) are the base; every year
kept in the database replaces the packaged one; a region's own days are applied
on top when a region is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gongkai.calendars.models import (
    CalendarChange,
    HolidayNotice,
    Region,
    RegionalDay,
    days_by_kind,
)
from gongkai.workdays import WorkCalendar, YearSchedule, package_schedules
from gongkai.workdays.provisional import with_provisional_years

# Built calendars per region, keyed by the newest change-log row: every change
# goes through a service that logs it, so a new row means "rebuild". One cheap
# query per call instead of reading ~700 days and rebuilding the arrays.
_cache: dict[tuple[str | None, bool], tuple[object, WorkCalendar]] = {}


def _version() -> object:
    return CalendarChange.objects.order_by("-id").values_list("id", "at").first()


def database_schedules() -> dict[int, YearSchedule]:
    schedules: dict[int, YearSchedule] = {}
    for notice in HolidayNotice.objects.prefetch_related("days"):
        holidays, workdays = days_by_kind(notice.days.all())
        schedules[notice.year] = YearSchedule(
            notice.year, holidays, workdays, notice.source_label
        )
    return schedules


def current_calendar(
    region: str | None = None, *, provisional: bool = False
) -> WorkCalendar:
    """The national calendar in force, or a region's if `region` (its code) is given.

    With ``provisional``, the years after the last entered notice are filled
    from the statutory holidays (`gongkai.workdays.provisional`): what the
    clocks count on, so that a deadline in such a year is 暂定 rather than
    missing. The calendar pages and checks use the strict one.
    """
    version = _version()
    key = (region, provisional)
    cached = _cache.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    calendar = _build(region, provisional)
    _cache[key] = (version, calendar)
    return calendar


def _build(region: str | None, provisional: bool = False) -> WorkCalendar:
    schedules = {**package_schedules(), **database_schedules()}
    calendar = WorkCalendar(schedules, label="全国")
    if provisional:
        calendar = with_provisional_years(calendar)
    if not region:
        return calendar
    days = RegionalDay.objects.filter(region__code=region).select_related("region")
    # Days of a year not known nationally wait until its notice is entered.
    known = [d for d in days if calendar.knows_year(d.date.year)]
    holidays, workdays = days_by_kind(known)
    return calendar.with_overrides(
        holidays=holidays,
        workdays=workdays,
        source="；".join(sorted({f"{d.region.name}：{d.source}" for d in known})),
        label=known[0].region.name if known else region,
    )


def agency_lineage(agency: Any) -> list[int]:
    """The ids of `agency` and the agencies above it, top first (from its path)."""
    ids = [int(p) for p in (agency.path or "").strip("/").split("/") if p]
    return ids or [agency.pk]


def region_for_agency(agency: Any) -> Region | None:
    """The region whose calendar `agency` follows: the nearest linked ancestor."""
    lineage = agency_lineage(agency)
    linked = {r.agency_id: r for r in Region.objects.filter(agency_id__in=lineage)}
    return next((linked[pk] for pk in reversed(lineage) if pk in linked), None)


def calendar_for_agency(agency: Any, *, provisional: bool = False) -> WorkCalendar:
    """The calendar an agency's clocks run on: its region's, else the national one."""
    region = region_for_agency(agency)
    return current_calendar(region.code if region else None, provisional=provisional)


def region_codes_by_agency(
    agencies: Iterable[tuple[int, str]],
) -> dict[int, str | None]:
    """For each `(agency id, path)`, the code of the region whose calendar it follows.

    One query for all of them (the linked regions are few); `None` means the
    national calendar. Used to group open cases by calendar before a recompute.
    """
    linked = dict(
        Region.objects.filter(agency__isnull=False).values_list("agency_id", "code")
    )
    result: dict[int, str | None] = {}
    for pk, path in agencies:
        ids = [int(p) for p in (path or "").strip("/").split("/") if p] or [pk]
        result[pk] = next((linked[i] for i in reversed(ids) if i in linked), None)
    return result
