"""Parse findings: the same ``Finding`` shape as the rules, ids ``parse.*``."""

from __future__ import annotations

from gongkai.annual.rules import Finding, Severity

TABLE_MISSING = "parse.table_missing"
ROW_MISSING = "parse.row_missing"
ROW_BY_ORDER = "parse.row_by_order"
AMBIGUOUS_SPLIT = "parse.ambiguous_split"
SPLIT_FAILED = "parse.split_failed"
EXTRA_CELLS = "parse.extra_cells"
MISSING_CELLS = "parse.missing_cells"
STRAY_VALUES = "parse.stray_values"
YEAR_MISSING = "parse.year_missing"
AGENCY_MISSING = "parse.agency_missing"
FORMAT_YEAR = "parse.format_year_mismatch"
SECTION_MISSING = "parse.section_missing"


def finding(
    rule: str,
    severity: Severity,
    message: str,
    cells: tuple[str, ...] | list[str] = (),
    *,
    expected: str | int | None = None,
    actual: str | int | None = None,
) -> Finding:
    return Finding(rule, severity, tuple(cells), expected, actual, message)


__all__ = ["Finding", "Severity", "finding"]
