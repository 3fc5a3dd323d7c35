"""Entering and correcting a year: validation, the change log, the hook."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.calendars.loader import current_calendar
from gongkai.calendars.models import (
    CalendarChange,
    ChangeKind,
    HolidayNotice,
    NoticeSource,
    Region,
)
from gongkai.calendars.services import (
    calendar_seed_from_package,
    notice_save,
    regional_days_save,
)

D = dt.date
pytestmark = pytest.mark.django_db

# A made-up 2027 notice for the tests (the real one is not published yet).
HOLIDAYS_2027 = {D(2027, 1, 1): "元旦", **{D(2027, 2, d): "春节" for d in range(5, 14)}}
WORKDAYS_2027 = {D(2027, 2, 20): "春节"}


def enter_2027(**kwargs: object) -> HolidayNotice:
    return notice_save(
        year=2027,
        title="国务院办公厅关于2027年部分节假日安排的通知",
        document_number="国办发明电〔2026〕9号",
        holidays=HOLIDAYS_2027,
        workdays=WORKDAYS_2027,
        **kwargs,  # type: ignore[arg-type]
    )


def test_the_migration_seeded_2004_to_2026_from_the_package() -> None:
    years = set(HolidayNotice.objects.values_list("year", flat=True))
    assert years == set(range(2004, 2027))
    notice = HolidayNotice.objects.get(year=2026)
    assert notice.source == NoticeSource.PACKAGE
    assert CalendarChange.objects.filter(kind=ChangeKind.SEEDED).count() == 23


def test_seeding_again_changes_nothing() -> None:
    assert calendar_seed_from_package() == []


def test_entering_2027_makes_the_year_known_and_logs_it(
    django_capture_on_commit_callbacks, fired
) -> None:  # type: ignore[no-untyped-def]
    assert not current_calendar().knows_year(2027)
    with django_capture_on_commit_callbacks(execute=True):
        enter_2027()
    calendar = current_calendar()
    assert not calendar.is_workday(D(2027, 2, 8))
    assert calendar.explain_day(D(2027, 2, 20)).text_zh.endswith("春节调休上班。")
    assert "国办发明电〔2026〕9号" in calendar.explain_day(D(2027, 2, 8)).source
    change = CalendarChange.objects.filter(year=2027).get()
    assert change.summary.startswith("录入2027年节假日安排")
    assert len(change.data["added"]) == len(HOLIDAYS_2027) + 1
    assert fired == [frozenset({2027})]


def test_correcting_a_past_year_logs_the_difference_and_fires_the_hook(
    django_capture_on_commit_callbacks, fired
) -> None:  # type: ignore[no-untyped-def]
    """A correction of 2026: Wednesday 7-15 added as a day off."""
    s = current_calendar().schedules[2026]
    with django_capture_on_commit_callbacks(execute=True):
        notice_save(
            year=2026,
            title="国务院办公厅关于2026年部分节假日安排的通知",
            holidays={**s.holidays, D(2026, 7, 15): "测试"},
            workdays=s.workdays,
            source=NoticeSource.CORRECTION,
        )
    assert not current_calendar().is_workday(D(2026, 7, 15))
    change = CalendarChange.objects.filter(year=2026).first()
    assert change is not None and change.summary.startswith("更正")
    assert change.data["added"] == [
        {"date": "2026-07-15", "kind": "holiday", "name": "测试"}
    ]
    assert fired == [frozenset({2026})]


def test_saving_the_same_days_again_fires_nothing(
    django_capture_on_commit_callbacks, fired
) -> None:  # type: ignore[no-untyped-def]
    enter_2027()
    with django_capture_on_commit_callbacks(execute=True):
        enter_2027()
    assert fired == []
    assert CalendarChange.objects.filter(year=2027).count() == 2


def test_a_year_without_days_off_is_refused() -> None:
    with pytest.raises(ValidationError, match="没有任何放假日"):
        notice_save(year=2027, title="x", holidays={}, workdays={})
    assert not HolidayNotice.objects.filter(year=2027).exists()


def test_a_weekday_tiaoxiu_is_refused_and_nothing_is_written() -> None:
    with pytest.raises(ValidationError, match="必须是周六或周日"):
        notice_save(
            year=2027,
            title="x",
            holidays=HOLIDAYS_2027,
            workdays={D(2027, 2, 22): "春节"},
        )
    assert not HolidayNotice.objects.filter(year=2027).exists()
    assert not CalendarChange.objects.filter(year=2027).exists()


def test_a_regional_day_applies_only_to_its_region(
    django_capture_on_commit_callbacks, fired
) -> None:  # type: ignore[no-untyped-def]
    region = Region.objects.create(code="xz", name="西藏自治区")
    with django_capture_on_commit_callbacks(execute=True):
        regional_days_save(
            region=region,
            year=2026,
            holidays={D(2026, 3, 2): "藏历新年"},
            workdays={},
            source="自治区人民政府通知",
        )
    assert not current_calendar("xz").is_workday(D(2026, 3, 2))
    assert current_calendar().is_workday(D(2026, 3, 2))
    assert (
        "自治区人民政府通知" in current_calendar("xz").explain_day(D(2026, 3, 2)).source
    )
    assert CalendarChange.objects.get(kind=ChangeKind.REGIONAL_SAVED).region == region
    assert fired == [frozenset({2026})]


def test_a_regional_override_needs_its_source() -> None:
    region = Region.objects.create(code="xz", name="西藏自治区")
    with pytest.raises(ValidationError, match="依据"):
        regional_days_save(
            region=region, year=2026, holidays={}, workdays={}, source=" "
        )


def test_the_calendar_is_rebuilt_only_after_a_logged_change(
    django_assert_num_queries,
) -> None:  # type: ignore[no-untyped-def]
    first = current_calendar()
    with django_assert_num_queries(1):
        assert current_calendar() is first
    enter_2027()
    assert current_calendar() is not first
    assert current_calendar().knows_year(2027)
