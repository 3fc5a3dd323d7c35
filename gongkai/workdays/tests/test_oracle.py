"""Day-by-day agreement with an independent oracle: the `holidays` package.

The `holidays` package (a test-only dependency) keeps China's days off and its
worked weekend days from the State Council notices on its own. For 2024–2026
the two calendars must agree on every single day.

Over the whole seeded range 2004–2026 they disagreed on exactly one day, which
`chinesecalendar` 1.11.0 had wrong: Saturday 2005-12-31, a working day under the
2006 notice (元旦 2006-01-01…01-03, with 2006-01-03 made up on 2005-12-31).
Our seed corrects it (gongkai/workdays/data.py `PACKAGE_CORRECTIONS`) and the
second test keeps the whole range honest.
"""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from gongkai.workdays import package_calendar

CAL = package_calendar()


def disagreements(first_year: int, last_year: int) -> list[str]:
    oracle = holidays.China(years=range(first_year, last_year + 1))
    out = []
    day = dt.date(first_year, 1, 1)
    while day <= dt.date(last_year, 12, 31):
        ours, theirs = CAL.is_workday(day), oracle.is_working_day(day)
        if ours != theirs:
            out.append(f"{day} ours={ours} holidays={theirs} ({oracle.get(day)})")
        day += dt.timedelta(days=1)
    return out


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_every_day_agrees_with_the_holidays_package(year: int) -> None:
    assert disagreements(year, year) == []


def test_the_whole_seeded_range_agrees_after_the_2005_correction() -> None:
    assert disagreements(2004, 2026) == []
