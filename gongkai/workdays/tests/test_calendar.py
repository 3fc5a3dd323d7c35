"""The calendar: the 2025 and 2026 schedules as published (legal.md §7.2)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from gongkai.workdays import (
    CalendarDataError,
    DayKind,
    UnknownYearError,
    WorkCalendar,
    YearSchedule,
    package_calendar,
)

D = dt.date
CAL = package_calendar()


def days(a: dt.date, b: dt.date) -> list[dt.date]:
    return [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]


def test_it_knows_every_year_from_2004_to_2026_and_nothing_else() -> None:
    assert CAL.known_years == frozenset(range(2004, 2027))


# -- 2026, notice of 2025-11-04 (legal.md §7.2) ------------------------------------

BLOCKS_2026 = {
    "元旦": (D(2026, 1, 1), D(2026, 1, 3)),
    "春节": (D(2026, 2, 15), D(2026, 2, 23)),
    "清明节": (D(2026, 4, 4), D(2026, 4, 6)),
    "劳动节": (D(2026, 5, 1), D(2026, 5, 5)),
    "端午节": (D(2026, 6, 19), D(2026, 6, 21)),
    "中秋节": (D(2026, 9, 25), D(2026, 9, 27)),
    "国庆节": (D(2026, 10, 1), D(2026, 10, 7)),
}
ADJUSTED_2026 = [
    D(2026, 1, 4),
    D(2026, 2, 14),
    D(2026, 2, 28),
    D(2026, 5, 9),
    D(2026, 9, 20),
    D(2026, 10, 10),
]


@pytest.mark.parametrize("name", BLOCKS_2026)
def test_2026_every_day_of_each_holiday_block_is_off(name: str) -> None:
    first, last = BLOCKS_2026[name]
    for day in days(first, last):
        assert not CAL.is_workday(day), day


@pytest.mark.parametrize("name", BLOCKS_2026)
def test_2026_block_weekdays_carry_the_holiday_name(name: str) -> None:
    first, last = BLOCKS_2026[name]
    for day in days(first, last):
        if day.weekday() < 5:
            explanation = CAL.explain_day(day)
            assert explanation.kind is DayKind.HOLIDAY
            assert explanation.name == name


def test_2026_adjusted_weekend_days_are_exactly_the_six_of_the_notice() -> None:
    worked_weekend_days = [
        d
        for d in days(D(2026, 1, 1), D(2026, 12, 31))
        if d.weekday() >= 5 and CAL.is_workday(d)
    ]
    assert worked_weekend_days == ADJUSTED_2026


def test_2026_has_19_weekdays_off_and_248_working_days() -> None:
    """legal.md §7.2: "Weekdays inside holiday blocks: 19. Total … 248" (D)."""
    weekdays_off = [
        d
        for d in days(D(2026, 1, 1), D(2026, 12, 31))
        if d.weekday() < 5 and not CAL.is_workday(d)
    ]
    assert len(weekdays_off) == 19
    assert CAL.count_workdays_in_year(2026) == 248


# -- 2025 (legal.md §7.2, "For reports and cases that span 2025") ---------------------

OFF_2025 = [
    (D(2025, 1, 1), D(2025, 1, 1)),
    (D(2025, 1, 28), D(2025, 2, 4)),
    (D(2025, 4, 4), D(2025, 4, 6)),
    (D(2025, 5, 1), D(2025, 5, 5)),
    (D(2025, 5, 31), D(2025, 6, 2)),
    (D(2025, 10, 1), D(2025, 10, 8)),
]
ADJUSTED_2025 = [
    D(2025, 1, 26),
    D(2025, 2, 8),
    D(2025, 4, 27),
    D(2025, 9, 28),
    D(2025, 10, 11),
]


def test_2025_days_off_and_worked_weekend_days_match_the_notice() -> None:
    expected_off = {d for a, b in OFF_2025 for d in days(a, b)}
    for day in days(D(2025, 1, 1), D(2025, 12, 31)):
        if day in expected_off:
            assert not CAL.is_workday(day), day
        elif day in ADJUSTED_2025:
            assert CAL.explain_day(day).kind is DayKind.ADJUSTED_WORKDAY
        else:
            assert CAL.is_workday(day) is (day.weekday() < 5), day


def test_2025_mid_autumn_inside_national_day_keeps_its_own_name() -> None:
    assert CAL.explain_day(D(2025, 10, 6)).name == "中秋节"
    assert CAL.explain_day(D(2025, 10, 8)).name == "国庆节"


# -- explanations ---------------------------------------------------------------------


def test_it_explains_each_kind_of_day_in_chinese() -> None:
    assert (
        CAL.explain_day(D(2026, 10, 10)).text_zh
        == "2026年10月10日（星期六）是工作日：国庆节调休上班。"
    )
    assert (
        CAL.explain_day(D(2026, 2, 16)).text_zh
        == "2026年2月16日（星期一）是休息日：春节放假。"
    )
    assert CAL.explain_day(D(2026, 11, 28)).text_zh == (
        "2026年11月28日（星期六）是休息日：周末。"
    )
    assert CAL.explain_day(D(2026, 11, 26)).kind is DayKind.WEEKDAY


def test_the_package_gap_of_2005_12_31_is_corrected() -> None:
    """The 2006 notice made Saturday 2005-12-31 a working day (for 2006-01-03).

    chinesecalendar 1.11.0 misses it; the `holidays` oracle found it.
    """
    explanation = CAL.explain_day(D(2005, 12, 31))
    assert explanation.is_workday
    assert "2006年部分节假日安排" in explanation.source


# -- unknown years --------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        lambda: CAL.is_workday(D(2027, 1, 4)),
        lambda: CAL.explain_day(D(2027, 2, 1)),
        lambda: CAL.add_workdays(D(2027, 1, 4), 1),
        lambda: CAL.add_workdays(D(2026, 12, 10), 20),
        lambda: CAL.workdays_between(D(2026, 12, 1), D(2027, 1, 10)),
        lambda: CAL.year_days(2027),
    ],
)
def test_a_date_in_2027_is_an_error_naming_the_year(query) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownYearError) as info:
        query()
    assert info.value.year == 2027
    assert "2027年" in info.value.message_zh


def test_years_before_the_data_are_unknown_too() -> None:
    with pytest.raises(UnknownYearError, match="2003年"):
        CAL.is_workday(D(2003, 12, 31))


def test_a_gap_year_is_never_skipped_over() -> None:
    """Known 2025 and 2027 but not 2026: counting from 2025 into 2027 must fail."""
    s = package_calendar().schedules
    gap = WorkCalendar({2025: s[2025], 2027: YearSchedule(2027, {}, {}, "test")})
    with pytest.raises(UnknownYearError, match="2026年"):
        gap.add_workdays(D(2025, 12, 30), 5)


# -- data validation and overrides -----------------------------------------------------


def test_a_day_cannot_be_both_off_and_worked() -> None:
    with pytest.raises(CalendarDataError, match="既被列为放假又被列为调休上班"):
        YearSchedule(2030, {D(2030, 2, 2): "春节"}, {D(2030, 2, 2): "春节"})


def test_a_weekday_cannot_be_a_tiaoxiu_workday() -> None:
    with pytest.raises(CalendarDataError, match="必须是周六或周日"):
        YearSchedule(2030, {}, {D(2030, 2, 4): "春节"})


def test_a_schedule_holds_only_its_own_year() -> None:
    with pytest.raises(CalendarDataError, match="其他年份"):
        YearSchedule(2030, {D(2031, 1, 1): "元旦"}, {})


def test_a_regional_override_adds_a_day_off_and_keeps_the_national_schedule() -> None:
    """E.g. an autonomous region's own holiday on Wednesday 2026-07-15."""
    regional = CAL.with_overrides(
        holidays={D(2026, 7, 15): "自治区成立纪念日"}, source="自治区通知"
    )
    assert not regional.is_workday(D(2026, 7, 15))
    assert CAL.is_workday(D(2026, 7, 15))
    assert regional.add_workdays(D(2026, 7, 14), 1) == D(2026, 7, 16)
    assert regional.is_workday(D(2026, 10, 10))
    assert "自治区通知" in regional.explain_day(D(2026, 7, 15)).source


def test_the_core_imports_no_django() -> None:
    code = (
        "import sys, gongkai.workdays, gongkai.workdays.clocks, gongkai.workdays.cli;"
        "sys.exit(1 if any(m.split('.')[0] == 'django' for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
