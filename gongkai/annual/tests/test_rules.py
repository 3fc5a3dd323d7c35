"""The rule catalogue, rule by rule: a passing and a failing case in both formats."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from gongkai.annual.formats import (
    FORMATS,
    TABLE3_COLUMN_KEYS,
    TABLE4_KEYS,
    get_format,
)
from gongkai.annual.model import Report
from gongkai.annual.rules import (
    RULES,
    Finding,
    Severity,
    check,
    count_characters,
    has_errors,
)
from gongkai.annual.tests.builders import FORMAT_IDS, YEAR_OF, consistent_report


def findings_of(
    rule_id: str, report: Report, previous: Report | None = None
) -> list[Finding]:
    return RULES[rule_id](report, previous)


@pytest.fixture(params=FORMAT_IDS)
def report(request: pytest.FixtureRequest) -> Report:
    return consistent_report(request.param)


# -- the catalogue ---------------------------------------------------------------


def test_the_catalogue_has_stable_ids() -> None:
    assert list(RULES) == [
        "table3.balance",
        "table3.outcomes_total",
        "table3.column_total",
        "table3.carry_over",
        "table4.group_total",
        "cells.count",
        "cells.money",
        "cells.literal",
        "cells.blank",
        "sections.overview_length",
        "report.format_year",
    ]


@pytest.mark.parametrize("rule_id", list(RULES))
def test_every_rule_cites_its_source(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert rule.basis in {"stated", "derived"}
    if rule.basis == "stated":
        assert "国办公开办函" in rule.doc
    else:
        assert "Derived" in rule.doc and "§2.5" in rule.doc


def test_a_consistent_report_has_no_finding(report: Report) -> None:
    assert check(report) == []


def test_findings_serialise_as_in_the_schema_document() -> None:
    report = consistent_report("2021")
    report.set("table3.carried_forward.total", 2)
    finding = findings_of("table3.balance", report)[0]
    assert finding.to_dict() == {
        "rule": "table3.balance",
        "severity": "error",
        "cells": [
            "table3.new_received.total",
            "table3.carried_over.total",
            "table3.total.total",
            "table3.carried_forward.total",
        ],
        "expected": 8,
        "actual": 9,
        "message": "总计列：本年新收(7)+上年结转(1)=8，"
        "但办理结果总计(7)+结转下年度(2)=9",
    }


def test_check_lists_errors_before_warnings() -> None:
    report = consistent_report("2021")
    report.set("table4.reconsideration_upheld", None)  # a warning
    report.set("table3.granted.total", 5)  # errors
    severities = [f.severity for f in check(report)]
    assert severities == sorted(
        severities, key=[Severity.ERROR, Severity.WARNING].index
    )
    assert has_errors(check(report))


# -- table3.balance --------------------------------------------------------------


def test_balance_message_reads_as_in_the_schema_document() -> None:
    """The example of report-schema.md "Findings", reproduced exactly."""
    report = consistent_report("2021")
    for ref, value in {
        "table3.new_received.total": 10,
        "table3.carried_over.total": 2,
        "table3.total.total": 9,
        "table3.carried_forward.total": 2,
    }.items():
        report.set(ref, value)
    [finding] = findings_of("table3.balance", report)
    assert finding.severity is Severity.ERROR
    assert (finding.expected, finding.actual) == (12, 11)
    assert finding.message == (
        "总计列：本年新收(10)+上年结转(2)=12，但办理结果总计(9)+结转下年度(2)=11"
    )


def test_balance_is_checked_per_column(report: Report) -> None:
    report.set("table3.carried_forward.natural_person", 2)
    [finding] = findings_of("table3.balance", report)
    assert finding.severity is Severity.ERROR
    assert finding.message.startswith("自然人列：本年新收(5)+上年结转(1)=6，")
    assert all(ref.endswith(".natural_person") for ref in finding.cells)


def test_balance_with_a_blank_that_could_hold_the_difference_is_a_warning(
    report: Report,
) -> None:
    report.set("table3.carried_forward.total", None)
    [finding] = findings_of("table3.balance", report)
    assert finding.severity is Severity.WARNING
    assert "结转下年度(空白)" in finding.message
    assert "若应为 1 则平衡" in finding.message


def test_balance_with_a_blank_on_the_larger_side_is_still_an_error(
    report: Report,
) -> None:
    report.set("table3.carried_over.total", None)  # 7 + blank vs 7 + 1
    report.set("table3.new_received.total", 9)
    [finding] = findings_of("table3.balance", report)
    assert finding.severity is Severity.ERROR


def test_balance_is_not_claimed_when_a_whole_side_is_blank(report: Report) -> None:
    report.set("table3.total.commercial", None)
    report.set("table3.carried_forward.commercial", None)
    assert findings_of("table3.balance", report) == []


def test_a_literal_counts_as_zero_in_the_balance(report: Report) -> None:
    report.set("table3.carried_over.research", "/")
    assert findings_of("table3.balance", report) == []
    report.set("table3.total.research", 1)
    report.set("table3.carried_over.research", "/")
    [finding] = findings_of("table3.balance", report)
    assert finding.severity is Severity.WARNING
    assert "上年结转(“/”)" in finding.message


# -- table3.outcomes_total -------------------------------------------------------


def test_outcomes_total_is_the_sum_of_the_leaf_rows(report: Report) -> None:
    report.set("table3.granted.natural_person", 3)
    [finding] = findings_of("table3.outcomes_total", report)
    assert finding.severity is Severity.ERROR
    assert (finding.expected, finding.actual) == (6, 5)
    assert finding.message.startswith(
        "自然人列：（七）总计为 5，但各项办理结果之和为 6"
    )
    assert "（一）予以公开(3)" in finding.message
    assert len(finding.cells) == 1 + len(report.format.leaf_outcomes)


def test_outcomes_total_counts_the_other_handling_rows_of_each_format(
    report: Report,
) -> None:
    last_leaf = report.format.leaf_outcomes[-1]
    report.set(f"table3.{last_leaf}.commercial", 1)
    [finding] = findings_of("table3.outcomes_total", report)
    assert "（六）" in finding.message


def test_outcomes_total_with_a_blank_leaf_short_of_the_total_is_a_warning(
    report: Report,
) -> None:
    report.set("table3.unable_not_held.natural_person", None)
    [finding] = findings_of("table3.outcomes_total", report)
    assert finding.severity is Severity.WARNING


# -- table3.column_total ---------------------------------------------------------


def test_column_total_is_the_sum_of_the_six_applicant_columns(report: Report) -> None:
    report.set("table3.new_received.legal_services", 1)
    [finding] = findings_of("table3.column_total", report)
    assert finding.severity is Severity.ERROR
    assert finding.message == (
        "表三“一、本年新收政府信息公开申请数量”行：总计为 7，但自然人(5)+商业企业(2)"
        "+科研机构(0)+社会公益组织(0)+法律服务机构(1)+其他(0)=8"
    )


def test_column_total_tolerates_blank_organisation_columns(report: Report) -> None:
    for key in report.format.table3_keys:
        for column in TABLE3_COLUMN_KEYS[2:6]:
            report.set(f"table3.{key}.{column}", None)
    assert findings_of("table3.column_total", report) == []


def test_column_total_with_a_blank_total_is_left_to_the_blank_rule(
    report: Report,
) -> None:
    report.set("table3.granted.total", None)
    assert findings_of("table3.column_total", report) == []
    assert findings_of("cells.blank", report)


# -- table4.group_total ----------------------------------------------------------


def test_table4_group_total_is_the_sum_of_its_four_results(report: Report) -> None:
    assert findings_of("table4.group_total", report) == []
    report.set("table4.litigation_after_reconsideration_pending", 2)
    [finding] = findings_of("table4.group_total", report)
    assert finding.severity is Severity.ERROR
    assert finding.message == (
        "表四行政诉讼·复议后起诉：总计为 0，"
        "但结果维持(0)+结果纠正(0)+其他结果(0)+尚未审结(2)=2"
    )
    assert finding.cells[0] == "table4.litigation_after_reconsideration_total"


# -- table3.carry_over -----------------------------------------------------------


def test_carry_over_matches_last_years_carried_forward(report: Report) -> None:
    previous = consistent_report(report.format.id, year=report.year - 1)
    assert findings_of("table3.carry_over", report, previous) == []
    assert findings_of("table3.carry_over", report, None) == []


def test_carry_over_mismatch_is_a_warning_per_column(report: Report) -> None:
    previous = consistent_report(report.format.id, year=report.year - 1)
    previous.set("table3.carried_forward.natural_person", 3)
    previous.set("table3.carried_forward.total", 3)
    found = findings_of("table3.carry_over", report, previous)
    assert [f.severity for f in found] == [Severity.WARNING, Severity.WARNING]
    assert found[0].cells == ("table3.carried_over.natural_person",)
    assert (found[0].expected, found[0].actual) == (3, 1)
    assert f"{report.year - 1} 年度报告“四、结转下年度继续办理”为 3" in found[0].message
    assert not has_errors(check(report, previous))


def test_carry_over_needs_the_report_of_the_year_before(report: Report) -> None:
    older = consistent_report(report.format.id, year=report.year - 2)
    [finding] = findings_of("table3.carry_over", report, older)
    assert finding.severity is Severity.WARNING
    assert "未核对上年结转" in finding.message


def test_carry_over_across_the_2020_to_2021_format_change() -> None:
    previous = consistent_report("2019", year=2020)
    report = consistent_report("2021", year=2021)
    assert findings_of("table3.carry_over", report, previous) == []


# -- cells.count / cells.money ---------------------------------------------------


def test_a_negative_count_is_an_error(report: Report) -> None:
    report.set("table3.withheld_state_secret.research", -1)
    [finding] = findings_of("cells.count", report)
    assert finding.severity is Severity.ERROR
    assert finding.cells == ("table3.withheld_state_secret.research",)
    assert "不能为负数" in finding.message


def test_a_fractional_count_is_an_error(report: Report) -> None:
    report.set("table4.reconsideration_total", Decimal("2.5"))
    [finding] = findings_of("cells.count", report)
    assert "必须是整数" in finding.message


def test_a_whole_decimal_count_is_accepted(report: Report) -> None:
    report.set("table4.reconsideration_total", Decimal("2.0"))
    assert findings_of("cells.count", report) == []


def test_the_2019_change_column_may_be_negative_but_must_be_whole() -> None:
    report = consistent_report("2019")
    assert report.get("table2.licensing.change") == -2
    assert findings_of("cells.count", report) == []
    report.set("table2.licensing.change", Decimal("-1.5"))
    assert len(findings_of("cells.count", report)) == 1


@pytest.mark.parametrize(
    ("format_id", "ref"),
    [("2021", "table2.fees_10k_yuan.amount"), ("2019", "table2.procurement.amount")],
)
def test_money_is_a_non_negative_decimal(format_id: str, ref: str) -> None:
    report = consistent_report(format_id)
    assert findings_of("cells.money", report) == []
    report.set(ref, Decimal("-0.5"))
    [finding] = findings_of("cells.money", report)
    assert finding.severity is Severity.ERROR
    assert finding.cells == (ref,)
    assert "金额不能为负数" in finding.message
    assert findings_of("cells.count", report) == []


# -- cells.literal ---------------------------------------------------------------


def test_a_literal_in_a_figure_cell_is_a_warning_per_table(report: Report) -> None:
    report.set("table3.granted.research", "/")
    report.set("table3.granted.social_welfare", "/")
    report.set("table3.total.research", "无")
    report.set("table4.reconsideration_other", "—")
    found = findings_of("cells.literal", report)
    assert [f.severity for f in found] == [Severity.WARNING] * 2
    assert found[0].cells == (
        "table3.granted.research",
        "table3.granted.social_welfare",
        "table3.total.research",
    )
    assert "表三有 3 个单元格填的是文字而非数字：“/” 2 格" in found[0].message
    assert found[1].cells == ("table4.reconsideration_other",)


# -- cells.blank -----------------------------------------------------------------


@pytest.mark.parametrize("format_id", FORMAT_IDS)
def test_an_all_blank_report_is_one_warning_per_table(format_id: str) -> None:
    fmt = get_format(format_id)
    report = Report.blank(agency="某局", year=YEAR_OF[format_id], format=fmt)
    found = check(report)
    assert [(f.rule, f.severity) for f in found] == [
        ("cells.blank", Severity.WARNING)
    ] * 3
    cells_per_table = [len(f.cells) for f in found]
    assert cells_per_table == [
        sum(len(block.columns) * len(block.rows) for block in fmt.table2),
        7 * len(fmt.table3_keys),
        len(TABLE4_KEYS),
    ]
    assert f"{len(fmt.table3_keys)} 行整行空白" in found[1].message


def test_blanks_are_grouped_by_pattern(report: Report) -> None:
    for key in ("new_received", "granted"):
        for column in TABLE3_COLUMN_KEYS[1:6]:
            report.set(f"table3.{key}.{column}", None)
    report.set("table3.carried_over.natural_person", None)
    [finding] = findings_of("cells.blank", report)
    assert finding.message == (
        "表三有 11 个单元格未填：2 行只填了自然人和总计"
        "（一、本年新收政府信息公开申请数量、（一）予以公开）；“二、上年结转政府信息公开申请数量”自然人空白。"
        "应填数字，没有的填 0"
    )


def test_a_missing_table2_row_is_reported_with_the_blanks(report: Report) -> None:
    del report.table2["punishment"]
    [finding] = findings_of("cells.blank", report)
    assert "行政处罚（整行缺失）" in finding.message
    assert all(ref.startswith("table2.punishment.") for ref in finding.cells)


def test_zero_and_literal_are_not_blanks(report: Report) -> None:
    report.set("table3.granted.research", "/")
    assert findings_of("cells.blank", report) == []


# -- sections.overview_length ----------------------------------------------------


def test_characters_are_counted_without_whitespace() -> None:
    assert count_characters("一、总体情况\n\n　主动公开 ok.\u00a0") == 13


@pytest.mark.parametrize(
    ("format_id", "severity"), [("2021", "warning"), ("2019", "info")]
)
def test_an_overview_over_1000_characters_is_flagged(
    format_id: str, severity: str
) -> None:
    report = consistent_report(format_id)
    report.sections["overview"] = "字" * 1000 + "\n" * 50 + "　" * 20
    assert findings_of("sections.overview_length", report) == []
    report.sections["overview"] = "字" * 1001
    [finding] = findings_of("sections.overview_length", report)
    assert finding.severity == severity
    assert (finding.expected, finding.actual) == (1000, 1001)
    assert finding.message.startswith("一、总体情况共 1001 字")


def test_a_missing_overview_is_not_a_length_problem(report: Report) -> None:
    report.sections.pop("overview")
    assert findings_of("sections.overview_length", report) == []


# -- report.format_year ----------------------------------------------------------


@pytest.mark.parametrize(
    ("format_id", "year", "expected"),
    [
        ("2019", 2019, None),
        ("2019", 2020, None),
        ("2021", 2021, None),
        ("2021", 2025, None),
        ("2019", 2022, "2021"),
        ("2021", 2020, "2019"),
    ],
)
def test_the_format_must_match_the_report_year(
    format_id: str, year: int, expected: str | None
) -> None:
    report = consistent_report(format_id, year=year)
    found = findings_of("report.format_year", report)
    if expected is None:
        assert found == []
    else:
        [finding] = found
        assert finding.severity is Severity.WARNING
        assert (finding.expected, finding.actual) == (expected, format_id)
        assert re.search(rf"{year} 年度报告应使用 {expected} 格式", finding.message)


def test_a_report_year_before_the_unified_format_is_flagged() -> None:
    report = consistent_report("2019", year=2018)
    [finding] = findings_of("report.format_year", report)
    assert "早于统一格式" in finding.message


def test_every_format_is_covered() -> None:
    assert set(FORMATS) == set(FORMAT_IDS)
