"""Arithmetic over cells: blanks and literals count as 0, imbalances and hints."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from gongkai.annual.formats import (
    ORGANISATION_GROUP_LABEL,
    ORGANISATION_TYPES,
    TABLE3_COLUMNS,
    Column,
)
from gongkai.annual.model import Cell, Report, format_cell
from gongkai.annual.rules.findings import Finding, FindingValue, Severity


def _number(cell: Cell) -> int | Decimal | None:
    """The figure in a cell, or None for a blank, a literal or a non-finite decimal."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, Decimal) and cell.is_finite():
        return cell
    return None


def _shown(cell: Cell) -> str:
    """A cell as written inside a message: 10, 空白, “/”."""
    if cell is None:
        return "空白"
    if isinstance(cell, str):
        return f"“{cell}”"
    return format_cell(cell)


@dataclass(frozen=True)
class _Term:
    ref: str
    name: str
    value: Cell

    @property
    def number(self) -> int | Decimal | None:
        return _number(self.value)

    def __str__(self) -> str:
        return f"{self.name}({_shown(self.value)})"


def _total(terms: Sequence[_Term]) -> int | Decimal:
    return sum((t.number or 0 for t in terms), start=0)


@dataclass(frozen=True)
class _Imbalance:
    left: int | Decimal
    right: int | Decimal
    severity: Severity
    #: when a warning: the amount the unfilled cells would have to hold
    missing: int | Decimal


def _compare(left: Sequence[_Term], right: Sequence[_Term]) -> _Imbalance | None:
    """Check Σleft = Σright under the blank rules of this module's docstring."""
    if all(t.number is None for t in left) or all(t.number is None for t in right):
        return None
    lsum, rsum = _total(left), _total(right)
    if lsum == rsum:
        return None
    smaller = left if lsum < rsum else right
    fillable = any(t.number is None for t in smaller)
    return _Imbalance(
        lsum,
        rsum,
        Severity.WARNING if fillable else Severity.ERROR,
        rsum - lsum if lsum < rsum else lsum - rsum,
    )


def _fill_hint(
    imbalance: _Imbalance, left: Sequence[_Term], right: Sequence[_Term]
) -> str:
    """For a warning: which unfilled cells could hold the missing amount."""
    smaller = left if imbalance.left < imbalance.right else right
    unfilled = [t.name for t in smaller if t.number is None]
    if len(unfilled) == 1:
        return (
            f"；{unfilled[0]}未填数字，按 0 计算，"
            f"若应为 {format_cell(imbalance.missing)} 则平衡，请核实"
        )
    return (
        f"；{'、'.join(unfilled[:3])}{'等' if len(unfilled) > 3 else ''}"
        f"未填数字，按 0 计算，合计差 {format_cell(imbalance.missing)}，请核实"
    )


def _plus(terms: Sequence[_Term]) -> str:
    return "+".join(str(t) for t in terms)


def _column_name(column: Column) -> str:
    """A table 三 column as named in messages; 其他 gets its group to be unambiguous."""
    if column.key == ORGANISATION_TYPES[-1].key:
        return f"{ORGANISATION_GROUP_LABEL}·{column.label}"
    return column.label


def _table3_cell(report: Report, row_key: str, column_index: int) -> Cell:
    row = report.table3.get(row_key)
    if row is None or column_index >= len(row):
        return None
    return row[column_index]


def _table3_term(report: Report, row_key: str, column: Column, name: str) -> _Term:
    index = TABLE3_COLUMNS.index(column)
    return _Term(
        f"table3.{row_key}.{column.key}", name, _table3_cell(report, row_key, index)
    )


def _short(report: Report, row_key: str) -> str:
    """The row's short name from the format (本年新收, 办理结果总计 …)."""
    return report.format.table3_by_key[row_key].short


def _numbered_short(report: Report, row_key: str) -> str:
    """二、上年结转: the row's own number and its short name."""
    row = report.format.table3_by_key[row_key]
    return f"{row.number}{row.short}"


def _compact_row_name(report: Report, row_key: str) -> str:
    """（三）1.属于国家秘密: a leaf row with only its group's number."""
    fmt = report.format
    row = fmt.table3_by_key[row_key]
    if row.group is None or row.group == "results":
        return row.label
    group_label = fmt.table3_groups_by_key[row.group].label
    return group_label[: group_label.index("）") + 1] + row.label


def _finding(
    rule_id: str,
    severity: Severity,
    terms: Iterable[_Term],
    expected: FindingValue,
    actual: FindingValue,
    message: str,
) -> Finding:
    return Finding(
        rule_id, severity, tuple(t.ref for t in terms), expected, actual, message
    )
