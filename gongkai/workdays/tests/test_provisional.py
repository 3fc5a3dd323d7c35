"""Provisional years: the statutory holidays of the 办法 when no notice is entered.

Checked three ways: against the notices themselves (2008–2026: every lunar and
solar-term holiday is a day off; 2025 and 2026, under the amended 办法, have as
many working days provisionally as the notice gave them), against the 2009 and
2020 notices for 中秋 falling inside 国庆, and day by day against the `holidays`
package's own lunisolar computation for 2027–2099.
"""

from __future__ import annotations

import datetime as dt

import holidays
import pytest

from gongkai.law import holidays as rule
from gongkai.workdays import UnknownYearError, WorkCalendar, package_calendar
from gongkai.workdays.clocks import Channel, receipt_date, reply_due
from gongkai.workdays.provisional import (
    provisional_schedule,
    statutory_days,
    with_provisional_years,
)

CAL = package_calendar()


def provisional_only(year: int) -> WorkCalendar:
    return WorkCalendar({year: provisional_schedule(year)})


@pytest.mark.parametrize("year", range(2008, 2027))
def test_every_lunar_and_solar_term_holiday_was_a_day_off_in_the_notices(
    year: int,
) -> None:
    """清明, 端午 and 中秋 became holidays in 2008; 正月初一 always was."""
    days = statutory_days(year)
    anchors = {
        name: min(d for d, n in days if n == name)
        for name in ("清明节", "端午节", "中秋节")
    }
    anchors["春节"] = min(d for d, n in days if n == "春节") + dt.timedelta(1)
    worked = {name: d for name, d in anchors.items() if CAL.is_workday(d)}
    assert worked == {}


@pytest.mark.parametrize("year", [2025, 2026])
def test_under_the_amended_measures_the_notice_keeps_every_statutory_day_off(
    year: int,
) -> None:
    """2025 and 2026 notices: each statutory day is off and the totals match."""
    assert [d for d, _n in statutory_days(year) if CAL.is_workday(d)] == []
    assert provisional_only(year).count_workdays_in_year(year) == (
        CAL.count_workdays_in_year(year)
    )


def net_days_off(start: dt.date, end: dt.date) -> int:
    """Weekdays off minus weekend days worked, start..end (the notice's balance)."""
    off = worked = 0
    day = start
    while day <= end:
        if day.weekday() < 5 and not CAL.is_workday(day):
            off += 1
        if day.weekday() >= 5 and CAL.is_workday(day):
            worked += 1
        day += dt.timedelta(1)
    return off - worked


@pytest.mark.parametrize("year", [2009, 2020])
def test_mid_autumn_inside_national_day_was_made_up_as_its_own_day(year: int) -> None:
    """2009 (中秋 Sat 10-3) and 2020 (中秋 Thu 10-1): 国庆 3 days + 中秋 1 day gave a
    balance of 4 weekdays off, so a holiday on a date another holiday takes is
    made up like one on a weekend. The provisional rule does the same."""
    assert net_days_off(dt.date(year, 9, 20), dt.date(year, 10, 15)) == 4


def test_2039_mid_autumn_on_national_days_sunday_gets_a_third_make_up_day() -> None:
    days = provisional_schedule(2039).holidays
    assert days[dt.date(2039, 10, 2)] == "中秋节、国庆节"
    assert [days[dt.date(2039, 10, d)] for d in (4, 5, 6)] == [
        "国庆节（补假）",
        "中秋节（补假）",
        "国庆节（补假）",
    ]
    assert dt.date(2039, 10, 7) not in days


def test_2027_as_the_measures_set_it() -> None:
    days = provisional_schedule(2027).holidays
    assert sorted(days) == [
        dt.date(2027, 1, 1),
        *(dt.date(2027, 2, d) for d in range(5, 11)),  # 除夕 Fri … 初三 Mon, 补假 ×2
        dt.date(2027, 4, 5),
        *(dt.date(2027, 5, d) for d in range(1, 5)),  # Sat, Sun, 补假 ×2
        dt.date(2027, 6, 9),
        dt.date(2027, 9, 15),
        *(dt.date(2027, 10, d) for d in range(1, 6)),  # Fri, Sat, Sun, 补假 ×2
    ]
    assert days[dt.date(2027, 2, 9)] == "春节（补假）"
    assert provisional_schedule(2027).workdays == {}


def test_day_by_day_against_the_holidays_package_2027_to_2099() -> None:
    """The only disagreements are the years where 中秋 falls on a weekday of
    10-1…10-3: the `holidays` package gives no make-up day there, the notices of
    2020 (above) did."""
    disagreements: dict[int, list[dt.date]] = {}
    for year in range(2027, 2100):
        ours = provisional_only(year)
        oracle = holidays.China(years=year)
        day = dt.date(year, 1, 1)
        while day.year == year:
            if ours.is_workday(day) != oracle.is_working_day(day):
                disagreements.setdefault(year, []).append(day)
            day += dt.timedelta(1)
    overlap_years = {
        year
        for year in range(2027, 2100)
        if any(
            n == "中秋节" and d.month == 10 and d.day <= 3 and d.weekday() < 5
            for d, n in statutory_days(year)
        )
    }
    assert set(disagreements) == overlap_years
    assert all(len(days) == 1 for days in disagreements.values())


def test_years_the_rule_does_not_cover_stay_unknown() -> None:
    for year in (rule.IN_FORCE_FROM_YEAR - 1, 2100):
        with pytest.raises(UnknownYearError):
            provisional_schedule(year)


def test_only_years_after_the_last_notice_are_filled() -> None:
    cal = with_provisional_years(CAL)
    last = max(CAL.known_years)
    assert cal.provisional_years == {last + 1, last + 2}
    assert cal.schedules[last] is CAL.schedules[last]
    assert with_provisional_years(cal, through=last + 1) is cal


def test_the_december_cliff_gives_a_provisional_date() -> None:
    """Received online 2026-12-20 (Sunday): day 1 is Mon 12-21; 12-21…12-31 give
    9 working days, 2027-01-01 (元旦, Fri) is off, 01-04…01-15 give 10 more,
    Mon 01-18 is day 20."""
    receipt = receipt_date(
        channel=Channel.ONLINE,
        arrived_on=dt.date(2026, 12, 20),
        confirmed_on=dt.date(2026, 12, 20),
    )
    with pytest.raises(UnknownYearError):
        reply_due(CAL, receipt=receipt)
    deadline = reply_due(with_provisional_years(CAL), receipt=receipt)
    assert deadline.due == dt.date(2027, 1, 18)
    assert deadline.provisional_years == (2027,)
    first = deadline.text_zh.splitlines()[0]
    assert first == "答复期限：2027年1月18日（星期一）（暂定）"
    assert "2027年的节假日安排（国务院办公厅通知）尚未录入" in deadline.text_zh
    data = deadline.to_data()
    assert (data["due"], data["provisional"], data["provisional_years"]) == (
        "2027-01-18",
        True,
        [2027],
    )


def test_a_deadline_inside_known_years_is_not_provisional() -> None:
    receipt = receipt_date(channel=Channel.IN_PERSON, arrived_on=dt.date(2026, 9, 21))
    deadline = reply_due(with_provisional_years(CAL), receipt=receipt)
    assert (deadline.due, deadline.provisional) == (dt.date(2026, 10, 26), False)
    assert "暂定" not in deadline.text_zh
