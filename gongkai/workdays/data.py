"""The packaged schedules: 2004–2026 from the `chinesecalendar` package.

This is the seed. The database (gongkai.calendars) overrides it year by year;
the CLI and tests without a database use it as is.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib.metadata import version

from chinese_calendar import constants

from gongkai.workdays.calendar import WorkCalendar, YearSchedule

# chinesecalendar's English labels → the names used in the State Council notices.
HOLIDAY_NAMES_ZH: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


# Days the package gets wrong, each checked against the notice that set it.
# The 2006 notice made Saturday 2005-12-31 a working day (traded for the
# 2006-01-03 day off); chinesecalendar files each notice under its own year and
# misses this one. Found by the day-by-day comparison with the `holidays`
# package (gongkai/workdays/tests/test_oracle.py, docs/workdays.md).
PACKAGE_CORRECTIONS: dict[int, dict[dt.date, str]] = {
    2005: {dt.date(2005, 12, 31): "元旦"},
}
CORRECTION_SOURCE = (
    "《国务院办公厅关于2006年部分节假日安排的通知》（2005年12月31日上班）"
)


def package_source() -> str:
    return f"chinesecalendar {version('chinesecalendar')}"


def package_years() -> list[int]:
    """The years for which the package has the State Council schedule."""
    return sorted({d.year for d in constants.holidays})


@cache
def package_schedules() -> dict[int, YearSchedule]:
    source = package_source()
    holidays: dict[int, dict[dt.date, str]] = {}
    workdays: dict[int, dict[dt.date, str]] = {}
    for d, name in constants.holidays.items():
        holidays.setdefault(d.year, {})[d] = HOLIDAY_NAMES_ZH.get(name, name)
    for d, name in constants.workdays.items():
        workdays.setdefault(d.year, {})[d] = HOLIDAY_NAMES_ZH.get(name, name)
    schedules = {}
    for year in package_years():
        extra = PACKAGE_CORRECTIONS.get(year, {})
        src = f"{source}；更正：{CORRECTION_SOURCE}" if extra else source
        days_on = {**workdays.get(year, {}), **extra}
        schedules[year] = YearSchedule(year, holidays[year], days_on, src)
    return schedules


@cache
def package_calendar() -> WorkCalendar:
    """The national calendar from packaged data only (no database)."""
    return WorkCalendar(package_schedules(), label="全国（内置数据）")
