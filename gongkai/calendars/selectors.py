"""Reads for the calendar pages, the dashboard banner and the yearly check."""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.calendars.loader import current_calendar
from gongkai.calendars.models import CalendarChange, HolidayNotice, Region, RegionalDay
from gongkai.workdays import DayExplanation, WorkCalendar

WARN_FROM_MONTH_DAY = (11, 1)  # from 1 November, next year's schedule must exist


@dataclass(frozen=True)
class NextYearStatus:
    today: dt.date
    year: int
    known: bool
    warn: bool

    @property
    def message_zh(self) -> str:
        if self.known:
            return f"{self.year}年的节假日安排已录入。"
        text = (
            f"尚未录入{self.year}年的节假日安排（《国务院办公厅关于{self.year}年部分"
            f"节假日安排的通知》）。录入之前，期限跨入{self.year}年的申请无法计算"
            "答复期限。"
        )
        if self.warn:
            text = "【紧急】" + text + "通知一经发布，请立即在“工作日历”中录入。"
        return text


def next_year_status(
    now: dt.datetime | None = None, calendar: WorkCalendar | None = None
) -> NextYearStatus:
    """Whether next year's schedule is loaded, and whether to warn (from 1 Nov)."""
    today = timezone.localdate(now or timezone.now())
    year = today.year + 1
    known = (calendar or current_calendar()).knows_year(year)
    warn = not known and (today.month, today.day) >= WARN_FROM_MONTH_DAY
    return NextYearStatus(today, year, known, warn)


def calendar_warnings(now: dt.datetime | None = None) -> list[str]:
    """Messages for the staff dashboard (empty when nothing is missing)."""
    status = next_year_status(now)
    return [status.message_zh] if status.warn else []


@dataclass(frozen=True)
class YearRow:
    year: int
    notice: HolidayNotice | None
    source: str
    workdays: int


def year_rows(calendar: WorkCalendar) -> list[YearRow]:
    notices = {n.year: n for n in HolidayNotice.objects.all()}
    return [
        YearRow(
            y,
            notices.get(y),
            calendar.schedules[y].source,
            calendar.count_workdays_in_year(y),
        )
        for y in sorted(calendar.known_years, reverse=True)
    ]


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    weeks: list[list[DayExplanation | None]]  # Monday first; None pads


def month_grids(calendar: WorkCalendar, year: int) -> list[Month]:
    """Twelve Monday-first month grids of explained days (raises UnknownYearError)."""
    days = {d.date: d for d in calendar.year_days(year)}
    grid = stdlib_calendar.Calendar(firstweekday=0)
    months = []
    for month in range(1, 13):
        weeks = [
            [days[d] if d.month == month else None for d in week]
            for week in grid.monthdatescalendar(year, month)
        ]
        months.append(Month(year, month, weeks))
    return months


def changes_for_year(year: int) -> QuerySet[CalendarChange]:
    return CalendarChange.objects.filter(year=year).select_related("actor", "region")


@dataclass(frozen=True)
class RegionalYear:
    year: int
    days: list[RegionalDay]

    @property
    def sources(self) -> list[str]:
        return sorted({d.source for d in self.days})


def regional_years(region: Region) -> list[RegionalYear]:
    """A region's own days, grouped by year, newest year first."""
    by_year: dict[int, list[RegionalDay]] = {}
    for day in region.days.order_by("date"):
        by_year.setdefault(day.date.year, []).append(day)
    return [RegionalYear(y, by_year[y]) for y in sorted(by_year, reverse=True)]


def changes_for_region(region: Region) -> QuerySet[CalendarChange]:
    return CalendarChange.objects.filter(region=region).select_related("actor")
