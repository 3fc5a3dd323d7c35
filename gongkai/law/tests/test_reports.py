"""The annual-report deadlines by reporter (legal.md §2.7)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.law.reports import Level, statutory_deadline


def test_departments_townships_and_offices_publish_by_31_january() -> None:
    deadline = statutory_deadline(2025, government=False)
    assert deadline.date == dt.date(2026, 1, 31)
    assert "《政府信息公开条例》第四十九条第一款" in deadline.basis
    assert not deadline.is_local


def test_a_governments_own_report_is_due_by_31_march() -> None:
    deadline = statutory_deadline(2025, government=True)
    assert deadline.date == dt.date(2026, 3, 31)
    assert "第四十九条第二款" in deadline.basis


@pytest.mark.parametrize(
    ("level", "day"),
    [
        (Level.COUNTY, dt.date(2026, 2, 20)),
        (Level.PREFECTURE, dt.date(2026, 3, 10)),
        (Level.PROVINCE, dt.date(2026, 3, 31)),
    ],
)
def test_the_aggregate_is_due_by_the_level_of_the_government(
    level: Level, day: dt.date
) -> None:
    deadline = statutory_deadline(2025, government=True, aggregated=True, level=level)
    assert deadline.date == day
    assert "国办公开办函〔2021〕30号 二、报告方式及时间" in deadline.basis
    assert deadline.days_left(dt.date(2026, 2, 1)) == (day - dt.date(2026, 2, 1)).days
