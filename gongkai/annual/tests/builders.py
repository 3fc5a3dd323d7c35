"""Test helper: reports built in code, for the rule and JSON tests."""

from __future__ import annotations

from decimal import Decimal

from gongkai.annual.formats import TABLE3_COLUMN_KEYS, get_format
from gongkai.annual.model import Cell, Report

FORMAT_IDS = ("2019", "2021")
YEAR_OF = {"2019": 2020, "2021": 2023}

# Figures per applicant column of a consistent report:
# 自然人 5 new + 1 carried = 2 granted + 1 partly + 1 not held + 1 other + 1 carried on;
# 商业企业 2 new = 2 granted. The 总计 column and （七）总计 are computed.
_COLUMN_FIGURES: dict[str, dict[str, int]] = {
    "natural_person": {
        "new_received": 5,
        "carried_over": 1,
        "granted": 2,
        "partially_granted": 1,
        "unable_not_held": 1,
        "OTHER": 1,
        "carried_forward": 1,
    },
    "commercial": {"new_received": 2, "granted": 2},
}


def consistent_report(format_id: str, *, year: int | None = None) -> Report:
    """A report in which every identity holds and no cell is blank."""
    fmt = get_format(format_id)
    report = Report.blank(
        agency="某市某局", year=year or YEAR_OF[format_id], format=fmt
    )
    other_leaf = fmt.leaf_outcomes[-1]  # （六）其他处理 or （六）3.其他
    for key in fmt.table3_keys:
        row: list[Cell] = []
        for column in TABLE3_COLUMN_KEYS[:6]:
            figures = _COLUMN_FIGURES.get(column, {})
            if key == "total":
                value = sum(
                    n
                    for k, n in figures.items()
                    if k not in {"new_received", "carried_over", "carried_forward"}
                )
            else:
                value = figures.get("OTHER" if key == other_leaf else key, 0)
            row.append(value)
        row.append(sum(v for v in row if isinstance(v, int)))
        report.table3[key] = row
    report.table4 = [1, 0, 1, 0, 2, *([0] * 10)]
    for key, (block, _row) in fmt.table2_rows.items():
        report.table2[key] = [0] * len(block.columns)
    if format_id == "2021":
        report.table2["fees_10k_yuan"] = [Decimal("1.25")]
    else:
        report.table2["procurement"] = [3, Decimal("120.5")]
        report.table2["licensing"] = [10, -2, 8]
    report.sections = {"overview": "总体情况。", "problems": "问题。", "other": "无。"}
    return report
