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
OLD_ROW_LAYOUT = "parse.old_row_layout"
MULTIPLE_REPORTS = "parse.multiple_reports"
UNFILLED_TEMPLATE = "parse.unfilled_template"
NOT_A_REPORT = "parse.not_a_report"
UNREADABLE = "parse.unreadable"
UNIT = "parse.unit"

#: A short Chinese name per parse rule, as ``rules.Rule.name`` for the checks.
NAMES: dict[str, str] = {
    TABLE_MISSING: "未找到表格",
    ROW_MISSING: "未找到表格的行",
    ROW_BY_ORDER: "按行序定位",
    AMBIGUOUS_SPLIT: "粘连数字的拆分",
    SPLIT_FAILED: "粘连数字无法拆分",
    EXTRA_CELLS: "单元格多于格式",
    MISSING_CELLS: "单元格少于格式",
    STRAY_VALUES: "无法归入的数字",
    YEAR_MISSING: "未识别报告年度",
    AGENCY_MISSING: "未识别机关名称",
    FORMAT_YEAR: "格式与报告年度",
    SECTION_MISSING: "未找到正文部分",
    OLD_ROW_LAYOUT: "表格行式不符合格式",
    MULTIPLE_REPORTS: "一个文件含多份报告",
    UNFILLED_TEMPLATE: "未填写的模板",
    NOT_A_REPORT: "不是年度报告",
    UNREADABLE: "文件无法读取",
    UNIT: "金额单位",
}


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
