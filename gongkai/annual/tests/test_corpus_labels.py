"""The rules on the labelled published reports of tests/corpus.

The rules must find exactly the inconsistencies the labels' notes describe,
at error level, and nothing else; the seed report has no error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.annual.jsonio import load_path
from gongkai.annual.rules import Finding, Severity, check
from gongkai.annual.tests.corpus import (
    SEED_NAME,
    corpus_dir,
    label_paths,
    label_report,
    read_label,
)

#: Per label file: the errors its notes describe, as (rule, table 三 column).
#: 016: "PUBLISHED TABLE IS INCONSISTENT: 1 new application, handled as
#: （六）3.其他 = 1 and counted in （七）总计 = 1, but also reported as
#: 结转下年度继续办理 = 1, so 勾稽 fails (1+0 != 1+1)". The broken identity holds
#: in the 自然人 column and, by the same figures, in the 总计 column.
EXPECTED_ERRORS: dict[str, set[tuple[str, str]]] = {
    "016": {("table3.balance", "natural_person"), ("table3.balance", "total")},
}


def _error_signature(finding: Finding) -> tuple[str, str]:
    columns = {ref.rsplit(".", 1)[1] for ref in finding.cells}
    column = columns.pop() if len(columns) == 1 else ",".join(sorted(columns))
    return finding.rule, column


def _errors(path: Path) -> set[tuple[str, str]]:
    return {
        _error_signature(f)
        for f in check(label_report(path))
        if f.severity is Severity.ERROR
    }


@pytest.fixture(scope="module")
def corpus() -> Path:
    return corpus_dir()


def test_the_corpus_has_labels(corpus: Path) -> None:
    assert label_paths(), f"no labels in {corpus / 'labels'}"


@pytest.mark.parametrize("path", label_paths(), ids=lambda p: p.stem)
def test_rules_find_exactly_the_noted_inconsistencies(path: Path) -> None:
    assert _errors(path) == EXPECTED_ERRORS.get(path.stem, set())


@pytest.mark.parametrize("path", label_paths(), ids=lambda p: p.stem)
def test_every_label_noted_as_inconsistent_has_an_expectation(path: Path) -> None:
    notes = read_label(path).get("notes", "")
    if "INCONSISTENT" in notes or "勾稽 fails" in notes:
        assert path.stem in EXPECTED_ERRORS, f"{path.name}: add its expected errors"
    if "勾稽 holds" in notes:
        assert ("table3.balance", "total") not in _errors(path)


def test_the_noted_break_of_016_is_reported_with_its_figures(corpus: Path) -> None:
    findings = check(label_report(corpus / "labels" / "016.json"))
    balance = [f for f in findings if f.rule == "table3.balance"]
    assert [f.message for f in balance] == [
        "自然人列：本年新收(1)+上年结转(0)=1，但办理结果总计(1)+结转下年度(1)=2",
        "总计列：本年新收(1)+上年结转(0)=1，但办理结果总计(1)+结转下年度(1)=2",
    ]
    assert all((f.expected, f.actual) == (1, 2) for f in balance)


def test_a_displaced_total_cell_is_a_warning_naming_the_missing_figure(
    corpus: Path,
) -> None:
    """002: the 总计 of 结转下年度 is blank in the source; the implied value is 1."""
    findings = check(label_report(corpus / "labels" / "002.json"))
    balance = [f for f in findings if f.rule == "table3.balance"]
    assert len(balance) == 1
    assert balance[0].severity is Severity.WARNING
    assert "table3.carried_forward.total" in balance[0].cells
    assert "若应为 1 则平衡" in balance[0].message
    blanks = [f for f in findings if f.rule == "cells.blank"]
    assert [f.cells for f in blanks] == [("table3.carried_forward.total",)]


def test_blank_organisation_columns_are_one_warning(corpus: Path) -> None:
    """011: the five 法人或其他组织 columns are blank in every row of table 三."""
    findings = check(label_report(corpus / "labels" / "011.json"))
    assert [(f.rule, f.severity) for f in findings] == [
        ("cells.blank", Severity.WARNING)
    ]
    assert len(findings[0].cells) == 25 * 5
    assert "25 行只填了自然人和总计" in findings[0].message


def test_the_seed_report_has_no_error(corpus: Path) -> None:
    report = load_path(corpus / SEED_NAME)
    findings = check(report)
    assert not [f for f in findings if f.severity is Severity.ERROR]
    assert {f.rule for f in findings} == {"cells.blank"}
