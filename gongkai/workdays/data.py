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
    return {
        year: YearSchedule(year, holidays[year], workdays.get(year, {}), source)
        for year in package_years()
    }


@cache
def package_calendar() -> WorkCalendar:
    """The national calendar from packaged data only (no database)."""
    return WorkCalendar(package_schedules(), label="全国（内置数据）")
