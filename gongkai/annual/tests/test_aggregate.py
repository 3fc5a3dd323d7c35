"""The 汇总: lower agencies' reports added up cell by cell (legal.md §2.7)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.annual import rules
from gongkai.annual.aggregate import aggregate
from gongkai.annual.errors import ReportDataError
from gongkai.annual.formats import get_format
from gongkai.annual.model import Report
from gongkai.annual.tests.builders import consistent_report


def named(format_id: str, agency: str) -> Report:
    report = consistent_report(format_id)
    report.agency = agency
    return report


@pytest.mark.parametrize("format_id", ["2019", "2021"])
def test_every_cell_is_the_sum_of_the_same_cell(format_id: str) -> None:
    a, b = named(format_id, "甲局"), named(format_id, "乙局")
    b.table3["granted"][0] = 7  # figures differ; the sum follows them
    result = aggregate([a, b], agency="某市人民政府", year=a.year)
    total = result.report
    assert total.agency == "某市人民政府"
    assert total.format.id == format_id
    for info in total.cells():
        left, right = a.get(info.ref), b.get(info.ref)
        assert info.value == left + right, info.ref  # type: ignore[operator]
    assert result.agencies == ("甲局", "乙局")
    assert result.notes == []


@pytest.mark.parametrize("format_id", ["2019", "2021"])
def test_the_sum_of_balanced_reports_balances(format_id: str) -> None:
    reports = [named(format_id, n) for n in ("甲局", "乙局", "丙镇")]
    total = aggregate(reports, agency="某县人民政府", year=reports[0].year).report
    assert not rules.has_errors(rules.check(total))


def test_money_adds_as_decimal() -> None:
    a, b = named("2021", "甲局"), named("2021", "乙局")
    b.table2["fees_10k_yuan"] = [Decimal("0.5")]
    total = aggregate([a, b], agency="某市", year=a.year).report
    assert total.get("table2.fees_10k_yuan.amount") == Decimal("1.75")


def test_a_cell_stays_blank_only_if_blank_everywhere() -> None:
    a, b = named("2021", "甲局"), named("2021", "乙局")
    a.table4[0] = None
    b.table4[0] = None
    a.table4[1] = None  # blank in one report, 0 in the other
    total = aggregate([a, b], agency="某市", year=a.year).report
    assert total.table4[0] is None
    assert total.table4[1] == 0


def test_a_literal_counts_as_zero_with_a_note() -> None:
    a, b = named("2021", "甲局"), named("2021", "乙局")
    a.table4[2] = "/"
    b.table4[2] = 3
    result = aggregate([a, b], agency="某市", year=a.year)
    assert result.report.table4[2] == 3
    (note,) = result.notes
    assert note.agency == "甲局"
    assert note.ref == "table4.reconsideration_other"
    assert note.literal == "/"
    assert "按 0 计算" in note.message
    assert "甲局" in note.message and "行政复议" in note.message


def test_only_literals_give_zero_not_blank() -> None:
    a = named("2021", "甲局")
    a.table4[2] = "—"
    assert aggregate([a], agency="某市", year=a.year).report.table4[2] == 0


def test_the_narrative_is_left_for_the_supervising_office() -> None:
    a = named("2021", "甲局")
    total = aggregate([a], agency="某市", year=a.year).report
    assert total.sections == {"overview": "", "problems": "", "other": ""}


def test_no_reports_give_a_blank_report() -> None:
    total = aggregate([], agency="某市", year=2023).report
    assert all(info.value is None for info in total.cells())


def test_reports_of_another_year_or_format_are_refused() -> None:
    a = named("2021", "甲局")
    with pytest.raises(ReportDataError, match=r"甲局.*2023年度.*2024年度汇总"):
        aggregate([a], agency="某市", year=2024)
    old = named("2019", "乙局")
    old.year = 2023
    with pytest.raises(ReportDataError, match=r"乙局.*2019格式"):
        aggregate([a, old], agency="某市", year=2023, format=get_format("2021"))
