"""Provisional years: the statutory holidays when the year's notice is not entered.

A deadline that runs into a year without its 国务院办公厅 notice used to have no
date at all (the "December cliff"). `provisional_schedule(year)` builds that
year from the rule of 《全国年节及纪念日放假办法》 (``gongkai.law.holidays``):
the seven statutory holidays, a 补假 on the next working day for each holiday
day on a weekend, and weekends — no 调休, which only the notice can set. The
schedule is marked ``provisional``; every `Deadline` counted on it names the
year in ``provisional_years`` and prints 暂定.

Lunar dates come from `lunardate` (a pinned table of the Chinese calendar,
1900–2099); the 清明 solar term from `chinesecalendar`'s ``get_solar_terms``. Both
are checked against the notices of 2004–2026 and, for 2027–2099, against the
`holidays` package's own lunisolar computation (gongkai/workdays/tests/test_provisional.py).
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from chinese_calendar import get_solar_terms
from lunardate import LunarDate

from gongkai.law import holidays as rule
from gongkai.workdays.calendar import WorkCalendar, YearSchedule
from gongkai.workdays.errors import UnknownYearError

#: The years the lunar table covers (lunardate: 1900–2099).
LAST_COMPUTABLE_YEAR = 2099
#: How many years past the last notice a provisional calendar reaches: any
#: statutory clock (at most a few months, even with pauses) ends inside it.
YEARS_AHEAD = 2


def _anchor_date(year: int, h: rule.StatutoryHoliday) -> dt.date:
    if h.anchor is rule.Anchor.SOLAR:
        day = dt.date(year, h.month, h.day)
    elif h.anchor is rule.Anchor.LUNAR:
        day = LunarDate(year, h.month, h.day).to_solar_date()
    else:
        terms = get_solar_terms(dt.date(year, 1, 1), dt.date(year, 12, 31))
        day = next(d for d, name in terms if name == h.term)
    return day + dt.timedelta(days=h.offset)


def statutory_days(year: int) -> list[tuple[dt.date, str]]:
    """Art. 2: each statutory day off of `year` with its holiday's name, in order.

    A date appears twice when two holidays fall on it (中秋 inside 国庆).
    """
    days: list[tuple[dt.date, str]] = []
    for h in rule.HOLIDAYS:
        first = _anchor_date(year, h)
        days.extend((first + dt.timedelta(days=i), h.name) for i in range(h.days))
    return sorted(days)


def provisional_schedule(year: int) -> YearSchedule:
    """`year` as the 办法 alone sets it: Art. 2 holidays, Art. 6 补假, weekends.

    Each statutory day is one day off: one on a Saturday or Sunday (Art. 6), or
    on a date another holiday already takes (中秋 on a day of 国庆, as in 2020
    when the notice gave both), is made up on the first free working day after
    it. Every block and its 补假 fall inside the one Gregorian year (除夕 is never
    before 20 January, the 补假 of 国庆 never past October). Raises
    `UnknownYearError` for a year the rule does not cover (before the amended
    办法, or past the lunar table).
    """
    if not rule.IN_FORCE_FROM_YEAR <= year <= LAST_COMPUTABLE_YEAR:
        raise UnknownYearError(year)
    names: dict[dt.date, list[str]] = {}
    makeups: list[tuple[dt.date, str]] = []
    for d, name in statutory_days(year):
        if d.weekday() >= 5 or d in names:
            makeups.append((d, name))
        names.setdefault(d, []).append(name)
    holidays = {d: "、".join(n) for d, n in names.items()}
    for d, name in makeups:
        cursor = d
        while cursor.weekday() >= 5 or cursor in holidays:
            cursor += dt.timedelta(days=1)
        holidays[cursor] = f"{name}（补假）"
    return YearSchedule(
        year,
        holidays,
        {},
        rule.provisional_source_zh(year),
        provisional=True,
    )


@cache
def _schedule(year: int) -> YearSchedule:
    return provisional_schedule(year)


def with_provisional_years(
    calendar: WorkCalendar, *, through: int | None = None
) -> WorkCalendar:
    """`calendar` plus a provisional schedule for each missing year up to `through`.

    Years after the last one with a notice (default: two years past it) are
    filled; an earlier gap is left unknown. Returns `calendar` itself when there
    is nothing to add.
    """
    known = calendar.known_years
    if not known:
        return calendar
    last = max(known)
    through = last + YEARS_AHEAD if through is None else through
    missing = [
        y
        for y in range(max(last + 1, rule.IN_FORCE_FROM_YEAR), through + 1)
        if y <= LAST_COMPUTABLE_YEAR
    ]
    if not missing:
        return calendar
    schedules = dict(calendar.schedules)
    for y in missing:
        schedules[y] = _schedule(y)
    return WorkCalendar(schedules, label=calendar.label)
