"""Properties of the arithmetic, for any dates and counts in the known years."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays import package_calendar
from gongkai.workdays.clocks import (
    ClockSettings,
    DayOneRule,
    Extension,
    Pause,
    correction_notice_due,
    due_date,
    receipt_date,
    reply_due,
)
from gongkai.workdays.provisional import with_provisional_years

CAL = package_calendar()
dates = st.dates(dt.date(2004, 1, 1), dt.date(2025, 10, 31))
counts = st.integers(0, 60)


def naive_add(start: dt.date, n: int) -> dt.date:
    day = start
    while n:
        day += dt.timedelta(days=1)
        n -= CAL.is_workday(day)
    return day


@given(dates, counts, counts)
def test_adding_working_days_is_monotone(d: dt.date, m: int, n: int) -> None:
    lo, hi = sorted((m, n))
    assert CAL.add_workdays(d, lo) <= CAL.add_workdays(d, hi)


@given(dates, dates, counts)
def test_adding_is_monotone_in_the_start_date(a: dt.date, b: dt.date, n: int) -> None:
    a, b = sorted((a, b))
    assert CAL.add_workdays(a, n) <= CAL.add_workdays(b, n)


@given(dates, counts)
def test_adding_is_consistent_with_between(d: dt.date, n: int) -> None:
    result = CAL.add_workdays(d, n)
    assert CAL.workdays_between(d, result) == n
    if n:
        assert CAL.is_workday(result)
        assert CAL.workdays_between(d, result - dt.timedelta(days=1)) == n - 1


@given(dates, counts)
def test_bisect_arithmetic_matches_a_day_by_day_loop(d: dt.date, n: int) -> None:
    assert CAL.add_workdays(d, n) == naive_add(d, n)


@given(dates, dates)
def test_between_is_antisymmetric(a: dt.date, b: dt.date) -> None:
    assert CAL.workdays_between(a, b) == -CAL.workdays_between(b, a)


pauses = st.lists(
    st.tuples(dates, st.integers(0, 40)).map(
        lambda t: Pause(t[0], t[0] + dt.timedelta(days=t[1]))
    ),
    max_size=4,
)


@given(dates, pauses, st.sampled_from(list(DayOneRule)))
def test_a_pause_never_shortens_a_deadline(
    d: dt.date, ps: list[Pause], rule: DayOneRule
) -> None:
    plain = due_date(CAL, start=d, workdays=20, rule=rule)
    paused = due_date(CAL, start=d, workdays=20, pauses=ps, rule=rule)
    assert paused >= plain
    # adding one more pause never shortens either
    if ps:
        assert due_date(CAL, start=d, workdays=20, pauses=ps[:-1], rule=rule) <= paused


@given(dates, pauses)
def test_overlapping_pauses_count_each_day_once(d: dt.date, ps: list[Pause]) -> None:
    """The days excluded equal the working days in the union of the pauses that
    fall inside the window — never the sum of overlapping parts."""
    receipt = receipt_date(channel="in_person", arrived_on=d)
    deadline = reply_due(CAL, receipt=receipt, pauses=ps)
    counted = CAL.workdays_between(d, deadline.due) - deadline.paused_workdays
    assert counted == 20


@settings(max_examples=200)
@given(dates, st.integers(1, 20), pauses)
def test_an_extension_adds_exactly_its_working_days(
    d: dt.date, days: int, ps: list[Pause]
) -> None:
    receipt = receipt_date(channel="in_person", arrived_on=d)
    base = reply_due(CAL, receipt=receipt, pauses=ps)
    ext = reply_due(
        CAL, receipt=receipt, pauses=ps, extension=Extension(days, "负责人", d)
    )
    assert ext.due_before_extension == base.due
    extra_paused = ext.paused_workdays - base.paused_workdays
    assert CAL.workdays_between(base.due, ext.due) - extra_paused == days
    if not ps:
        assert ext.due == CAL.add_workdays(base.due, days)


@settings(max_examples=300)
@given(
    st.dates(dt.date(2025, 1, 1), dt.date(2027, 10, 31)),
    st.integers(0, 20),
    pauses,
    st.sampled_from(list(DayOneRule)),
)
def test_a_bare_deadline_is_the_explained_one_without_the_explanation(
    d: dt.date, days: int, ps: list[Pause], rule: DayOneRule
) -> None:
    """``explain=False`` (the bulk recompute's first pass) gives the same due
    date and 暂定 years as the full deadline, by the same counting, on a
    calendar with provisional years; a bare deadline cannot be shown."""
    calendar = with_provisional_years(CAL)
    assert 2027 in calendar.provisional_years
    receipt = receipt_date(channel="in_person", arrived_on=d)
    clock_settings = ClockSettings(day_one=rule)
    extension = Extension(days, "负责人", d) if days else None
    for clock in (
        lambda **kw: reply_due(
            calendar,
            receipt=receipt,
            pauses=ps,
            extension=extension,
            settings=clock_settings,
            **kw,
        ),
        lambda **kw: correction_notice_due(
            calendar, receipt=receipt, settings=clock_settings, **kw
        ),
    ):
        full, bare = clock(), clock(explain=False)
        assert (bare.due, bare.provisional_years) == (full.due, full.provisional_years)
        assert full.explained and not bare.explained
        with pytest.raises(ValueError):
            bare.text_zh  # noqa: B018
        with pytest.raises(ValueError):
            bare.to_data()
