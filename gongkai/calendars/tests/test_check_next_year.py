"""From 1 November, a missing schedule for next year is reported loudly."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from gongkai.calendars.selectors import calendar_warnings, next_year_status
from gongkai.calendars.services import notice_save

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def test_on_31_october_the_missing_2027_is_not_yet_urgent(capsys) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(at(2026, 10, 31, 23, 59), tick=False):
        call_command("check_next_year_calendar")
        assert calendar_warnings() == []
    assert "尚未录入2027年" in capsys.readouterr().out


def test_from_1_november_shanghai_time_it_warns_and_exits_1(capsys) -> None:  # type: ignore[no-untyped-def]
    """00:30 in Shanghai is still 31 October in UTC: the local date counts."""
    with time_machine.travel(at(2026, 11, 1, 0, 30), tick=False):
        with pytest.raises(SystemExit) as exit_info:
            call_command("check_next_year_calendar")
        assert exit_info.value.code == 1
        assert calendar_warnings()[0].startswith("【紧急】尚未录入2027年的节假日安排")
    assert "【紧急】" in capsys.readouterr().err


def test_once_2027_is_entered_the_check_passes(capsys) -> None:  # type: ignore[no-untyped-def]
    notice_save(
        year=2027,
        title="国务院办公厅关于2027年部分节假日安排的通知",
        holidays={dt.date(2027, 1, 1): "元旦"},
        workdays={},
    )
    with time_machine.travel(at(2026, 11, 26, 9), tick=False):
        call_command("check_next_year_calendar")
    assert capsys.readouterr().out.strip() == "2027年的节假日安排已录入。"


def test_the_status_takes_an_explicit_now() -> None:
    status = next_year_status(at(2025, 11, 5, 12))
    assert (status.year, status.known, status.warn) == (2026, True, False)
