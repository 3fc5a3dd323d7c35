"""Every change of the calendar goes through these services.

Each one validates the year as a whole with the framework-free core
(`YearSchedule`), writes the days and a `CalendarChange` row in one
transaction, and after commit fires `hooks.on_calendar_changed(years)` so that
stored due dates are recomputed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.calendars import hooks
from gongkai.calendars.models import (
    CalendarChange,
    ChangeKind,
    DayKind,
    HolidayNotice,
    NoticeDay,
    NoticeSource,
    Region,
    RegionalDay,
)
from gongkai.workdays import CalendarDataError, YearSchedule
from gongkai.workdays.data import package_schedules

DayMap = dict[dt.date, tuple[str, str]]  # date -> (kind, name)


def _validated(
    year: int, holidays: Mapping[dt.date, str], workdays: Mapping[dt.date, str]
) -> YearSchedule:
    try:
        return YearSchedule(year, dict(holidays), dict(workdays))
    except CalendarDataError as exc:
        raise ValidationError(exc.message_zh) from exc


def _as_map(holidays: Mapping[dt.date, str], workdays: Mapping[dt.date, str]) -> DayMap:
    days: DayMap = {d: (DayKind.HOLIDAY, n) for d, n in holidays.items()}
    days.update({d: (DayKind.WORKDAY, n) for d, n in workdays.items()})
    return days


def _diff(before: DayMap, after: DayMap) -> dict[str, Any]:
    def row(d: dt.date, v: tuple[str, str]) -> dict[str, str]:
        return {"date": d.isoformat(), "kind": str(v[0]), "name": v[1]}

    return {
        "added": [row(d, v) for d, v in sorted(after.items()) if d not in before],
        "removed": [row(d, v) for d, v in sorted(before.items()) if d not in after],
        "changed": [
            {"before": row(d, before[d]), "after": row(d, v)}
            for d, v in sorted(after.items())
            if d in before and before[d] != v
        ],
    }


def _moved(diff: Mapping[str, list[Any]]) -> bool:
    return bool(diff["added"] or diff["removed"] or diff["changed"])


def _log(
    *,
    kind: str,
    year: int,
    summary: str,
    data: dict[str, Any],
    acting_user: Any,
    region: Region | None = None,
) -> CalendarChange:
    return CalendarChange.objects.create(
        kind=kind,
        year=year,
        region=region,
        actor=acting_user if getattr(acting_user, "pk", None) else None,
        summary=summary[:300],
        data=data,
    )


def _fire_after_commit(
    years: Iterable[int], *, regions: Iterable[str] | None = None
) -> None:
    changed = frozenset(years)
    only = frozenset(regions) if regions is not None else None
    if changed:
        transaction.on_commit(lambda: hooks.on_calendar_changed(changed, regions=only))


@transaction.atomic
def notice_save(
    *,
    year: int,
    title: str,
    holidays: Mapping[dt.date, str],
    workdays: Mapping[dt.date, str],
    document_number: str = "",
    issued_on: dt.date | None = None,
    source: str = NoticeSource.OFFICIAL,
    source_url: str = "",
    acting_user: Any = None,
    kind: str = ChangeKind.NOTICE_SAVED,
) -> HolidayNotice:
    """Enter a year's notice, or correct a year already kept.

    The whole year is replaced: every day off and every 调休 working day. A year
    without a single day off is refused, because it would silently become a
    weekday-only year (legal.md §7.3: no guessing).
    """
    if not holidays:
        raise ValidationError(f"{year}年的安排中没有任何放假日，请按通知录入节假日。")
    _validated(year, holidays, workdays)
    notice = HolidayNotice.objects.select_for_update().filter(year=year).first()
    created = notice is None
    before: DayMap = {}
    if notice is None:
        notice = HolidayNotice(year=year)
    else:
        before = {d.date: (d.kind, d.name) for d in notice.days.all()}
    notice.title = title
    notice.document_number = document_number
    notice.issued_on = issued_on
    notice.source = source
    notice.source_url = source_url
    notice.full_clean()
    notice.save()
    after = _as_map(holidays, workdays)
    diff = _diff(before, after)
    notice.days.all().delete()
    NoticeDay.objects.bulk_create(
        NoticeDay(notice=notice, date=d, kind=k, name=n)
        for d, (k, n) in sorted(after.items())
    )
    moved = _moved(diff)
    verb = "录入" if created else ("更正" if moved else "更新")
    _log(
        kind=kind,
        year=year,
        summary=f"{verb}{year}年节假日安排：{notice.source_label}",
        data={"notice": notice.source_label, **diff},
        acting_user=acting_user,
    )
    if moved and kind != ChangeKind.SEEDED:
        _fire_after_commit({year})
    return notice


@transaction.atomic
def regional_days_save(
    *,
    region: Region,
    year: int,
    holidays: Mapping[dt.date, str],
    workdays: Mapping[dt.date, str],
    source: str,
    acting_user: Any = None,
) -> None:
    """Replace a region's own days off and worked days for one year.

    Empty `holidays` and `workdays` remove the region's days of that year. The
    hook fires only if a day was added, removed or changed.
    """
    if not source.strip():
        raise ValidationError("请填写地区安排的依据（文件名称或文号）。")
    _validated(year, holidays, workdays)
    rows = RegionalDay.objects.select_for_update().filter(
        region=region, date__year=year
    )
    before = {d.date: (d.kind, d.name) for d in rows}
    after = _as_map(holidays, workdays)
    diff = _diff(before, after)
    rows.delete()
    RegionalDay.objects.bulk_create(
        RegionalDay(region=region, date=d, kind=k, name=n, source=source)
        for d, (k, n) in sorted(after.items())
    )
    _log(
        kind=ChangeKind.REGIONAL_SAVED,
        year=year,
        region=region,
        summary=f"设置{region.name}{year}年的地区安排：{source}",
        data={"source": source, **diff},
        acting_user=acting_user,
    )
    if _moved(diff):
        _fire_after_commit({year}, regions={region.code})


@transaction.atomic
def region_save(
    *,
    code: str,
    name: str,
    agency: Any = None,
    acting_user: Any = None,
) -> Region:
    """Create a region, or rename it and change the agency it is linked to.

    Linking moves the working days of every agency below the linked ones, so a
    change of `agency` is logged once for each year the region has days in and
    fires the hook with those years.
    """
    region = Region.objects.select_for_update().filter(code=code).first()
    if region is None:
        region = Region(code=code)
    old_agency = region.agency if region.pk else None
    region.name = name
    region.agency = agency
    region.full_clean()
    region.save()
    if old_agency == agency:
        return region
    years = sorted(
        {
            d.year
            for d in RegionalDay.objects.filter(region=region).dates("date", "year")
        }
    )
    before = str(old_agency) if old_agency else "无"
    after = str(agency) if agency else "无"
    for year in years:
        _log(
            kind=ChangeKind.REGION_LINKED,
            year=year,
            region=region,
            summary=f"{region.name}的适用机关由“{before}”改为“{after}”",
            data={"agency_before": before, "agency_after": after},
            acting_user=acting_user,
        )
    _fire_after_commit(years)
    return region


def calendar_seed_from_package(*, years: Iterable[int] | None = None) -> list[int]:
    """Copy the packaged schedules into the database for years not kept yet."""
    schedules = package_schedules()
    wanted = sorted(schedules if years is None else set(years) & set(schedules))
    kept = set(HolidayNotice.objects.values_list("year", flat=True))
    seeded = []
    for year in wanted:
        if year in kept:
            continue
        s = schedules[year]
        notice_save(
            year=year,
            title=f"国务院办公厅关于{year}年部分节假日安排的通知（{s.source}）",
            holidays=s.holidays,
            workdays=s.workdays,
            source=NoticeSource.PACKAGE,
            kind=ChangeKind.SEEDED,
        )
        seeded.append(year)
    return seeded
