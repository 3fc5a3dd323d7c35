"""The rule catalogue: every check that can be made on one annual report.

``check(report, previous=None)`` runs every rule and returns its findings
(``docs/report-schema.md`` "Findings"). Each rule is one function registered
under a stable id; its docstring says where the rule comes from: the note
printed in the national table (国办公开办函〔2021〕30号, identical in
〔2019〕60号), the format's text, or "derived" (``legal.md`` §2.5: it follows
from the structure of the table but is not stated in words).

How cells enter the arithmetic (``report-schema.md``: blank, 0 and "/" differ):

- a blank (``None``) or a literal ("/", "无") counts as 0 in a sum;
- if every cell on one side of an identity is blank or literal, the identity
  is not checked: there is nothing to compare, and ``cells.blank`` /
  ``cells.literal`` already report the gap;
- if an identity fails but blank or literal cells on the *smaller* side could
  make it hold (some non-negative figure is missing), the finding is a
  **warning** that names the missing amount; it is an **error** only when no
  figure in those cells could make it hold. So a published table with one
  unreadable cell is not accused of breaking the 勾稽, while a table whose
  filled figures contradict each other always is.
"""

from __future__ import annotations

import enum
import inspect
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.annual.formats import (
    APPLICANT_TYPES,
    ORGANISATION_GROUP_LABEL,
    ORGANISATION_TYPES,
    TABLE3_COLUMNS,
    TABLE4_GROUPS,
    TABLE4_KEYS,
    TABLE4_RESULTS,
    CellKind,
    Column,
    format_for_year,
)
from gongkai.annual.model import Cell, CellInfo, Report, format_cell

# -- findings --------------------------------------------------------------------


class Severity(enum.StrEnum):
    """How sure a finding is (``report-schema.md``)."""

    ERROR = "error"  # an official identity fails, or a cell holds an impossible value
    WARNING = "warning"  # likely wrong: a blank, a literal, a carry-over mismatch…
    INFO = "info"  # worth a look, not wrong


SEVERITY_LABELS: dict[Severity, str] = {
    Severity.ERROR: "错误",
    Severity.WARNING: "警告",
    Severity.INFO: "提示",
}
_SEVERITY_RANK: dict[Severity, int] = {
    Severity.ERROR: 0,
    Severity.WARNING: 1,
    Severity.INFO: 2,
}

type FindingValue = int | Decimal | str | None


def _json_value(value: FindingValue) -> int | float | str | None:
    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
        return float(value) if value.is_finite() else str(value)
    return value


@dataclass(frozen=True)
class Finding:
    """One result of a check, as in ``report-schema.md`` "Findings".

    ``cells`` are references into the checked report (``table3.granted.total``);
    ``expected`` and ``actual`` are the two sides that disagree (a number, or a
    short text such as a format id); ``message`` is Chinese and names the rows
    and the numbers, so that it can be shown to a clerk as it is.
    """

    rule: str
    severity: Severity
    cells: tuple[str, ...]
    expected: FindingValue
    actual: FindingValue
    message: str

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data, keys as in ``report-schema.md``."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "cells": list(self.cells),
            "expected": _json_value(self.expected),
            "actual": _json_value(self.actual),
            "message": self.message,
        }


# -- the registry ----------------------------------------------------------------

type RuleFunc = Callable[[Report, Report | None], Iterable[Finding]]

STATED = "stated"
DERIVED = "derived"


@dataclass(frozen=True)
class Rule:
    """A registered rule: a stable id, its strongest severity and its basis."""

    id: str
    severity: Severity  # the strongest severity it reports
    basis: str  # STATED (the official text says it) or DERIVED (legal.md §2.5 "D")
    func: RuleFunc

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.func) or ""

    def __call__(self, report: Report, previous: Report | None = None) -> list[Finding]:
        return list(self.func(report, previous))


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, *, severity: Severity, basis: str
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under ``rule_id``."""

    def register(func: RuleFunc) -> RuleFunc:
        if rule_id in RULES:
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = Rule(rule_id, severity, basis, func)
        return func

    return register


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    """Run every rule on ``report``; errors first, then warnings, then infos.

    ``previous`` is the same agency's report for the year before; when given,
    the carry-over rule compares the two.
    """
    findings = [f for r in RULES.values() for f in r.func(report, previous)]
    return sorted(findings, key=lambda f: _SEVERITY_RANK[f.severity])


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


# -- arithmetic over cells ---------------------------------------------------------


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


# -- table 三 ----------------------------------------------------------------------


@rule("table3.balance", severity=Severity.ERROR, basis=STATED)
def table3_balance(report: Report, previous: Report | None) -> Iterator[Finding]:
    """勾稽 per column of table 三: 一 + 二 = 三（七）总计 + 四.

    Source: the note printed in the top-left cell of table 三 of
    国办公开办函〔2021〕30号 (and identically 〔2019〕60号):
    “本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”.
    Checked for each of the 7 columns (``legal.md`` §2.5, §9 item 3).
    """
    for column in TABLE3_COLUMNS:
        left = [
            _table3_term(report, "new_received", column, "本年新收"),
            _table3_term(report, "carried_over", column, "上年结转"),
        ]
        right = [
            _table3_term(report, "total", column, "办理结果总计"),
            _table3_term(report, "carried_forward", column, "结转下年度"),
        ]
        imbalance = _compare(left, right)
        if imbalance is None:
            continue
        message = (
            f"{_column_name(column)}列：{_plus(left)}={format_cell(imbalance.left)}，"
            f"但{_plus(right)}={format_cell(imbalance.right)}"
        )
        if imbalance.severity is Severity.WARNING:
            message += _fill_hint(imbalance, left, right)
        yield _finding(
            "table3.balance",
            imbalance.severity,
            [*left, *right],
            imbalance.left,
            imbalance.right,
            message,
        )


@rule("table3.outcomes_total", severity=Severity.ERROR, basis=DERIVED)
def table3_outcomes_total(report: Report, previous: Report | None) -> Iterator[Finding]:
    """（七）总计 = the sum of the leaf outcome rows, per column of table 三.

    Derived (``legal.md`` §2.5 "D"): table 三 records each application's one
    final outcome (“最终处理结果”), and a partial disclosure is counted only
    under （二）部分公开 (国办公开办函〔2021〕30号 row label), so the outcome rows
    （一）（二）（三）1–8（四）1–3（五）1–5（六） add up to （七）总计.
    """
    fmt = report.format
    for column in TABLE3_COLUMNS:
        total = _table3_term(report, "total", column, "（七）总计")
        leaves = [
            _table3_term(report, key, column, _compact_row_name(report, key))
            for key in fmt.leaf_outcomes
        ]
        imbalance = _compare([total], leaves)
        if imbalance is None:
            continue
        shown = [t for t in leaves if t.number]
        rest = len(leaves) - len(shown)
        detail = "+".join(f"{t.name}({format_cell(t.value)})" for t in shown) or "无"
        message = (
            f"{_column_name(column)}列：（七）总计为 {_shown(total.value)}，"
            f"但各项办理结果之和为 {format_cell(imbalance.right)}"
            f"（{detail}；其余 {rest} 项为 0 或未填）"
        )
        if imbalance.severity is Severity.WARNING:
            message += _fill_hint(imbalance, [total], leaves)
        yield _finding(
            "table3.outcomes_total",
            imbalance.severity,
            [total, *leaves],
            imbalance.right,
            imbalance.left,
            message,
        )


@rule("table3.column_total", severity=Severity.ERROR, basis=DERIVED)
def table3_column_total(report: Report, previous: Report | None) -> Iterator[Finding]:
    """总计 column = the sum of the six applicant columns, in every row of table 三.

    Derived (``legal.md`` §2.5 "D"): the header splits 申请人情况 into 自然人 and
    the five kinds of 法人或其他组织, then 总计; every application has exactly
    one applicant type.
    """
    fmt = report.format
    total_column = TABLE3_COLUMNS[-1]
    for key in fmt.table3_keys:
        total = _table3_term(report, key, total_column, "总计")
        parts = [_table3_term(report, key, c, c.label) for c in APPLICANT_TYPES]
        imbalance = _compare([total], parts)
        if imbalance is None:
            continue
        message = (
            f"表三“{fmt.short_label(key)}”行：总计为 {_shown(total.value)}，"
            f"但{_plus(parts)}={format_cell(imbalance.right)}"
        )
        if imbalance.severity is Severity.WARNING:
            message += _fill_hint(imbalance, [total], parts)
        yield _finding(
            "table3.column_total",
            imbalance.severity,
            [total, *parts],
            imbalance.right,
            imbalance.left,
            message,
        )


@rule("table3.carry_over", severity=Severity.WARNING, basis=DERIVED)
def table3_carry_over(report: Report, previous: Report | None) -> Iterator[Finding]:
    """二、上年结转 of year N = 四、结转下年度继续办理 of year N−1, per column.

    Derived (``legal.md`` §2.5 "D", §9 item 3): not stated in 国办公开办函
    〔2021〕30号 but implied by the two rows' definitions; real reports break
    it, so a mismatch is a warning, never an error. Checked only when the
    previous report is given; a blank counts as 0 unless both cells are blank.
    """
    if previous is None:
        return
    if previous.year != report.year - 1:
        yield Finding(
            "table3.carry_over",
            Severity.WARNING,
            (),
            report.year - 1,
            previous.year,
            f"用于核对结转数的上一年度报告是 {previous.year} 年度的，"
            f"不是 {report.year - 1} 年度，未核对上年结转",
        )
        return
    if previous.agency != report.agency:
        yield Finding(
            "table3.carry_over",
            Severity.INFO,
            (),
            report.agency,
            previous.agency,
            f"上一年度报告的机关名称为“{previous.agency}”，"
            f"与本报告“{report.agency}”不同，请确认是同一机关",
        )
    for index, column in enumerate(TABLE3_COLUMNS):
        then = _table3_cell(previous, "carried_forward", index)
        now = _table3_term(report, "carried_over", column, "上年结转")
        then_number, now_number = _number(then), now.number
        if then_number is None and now_number is None:
            continue
        if (then_number or 0) == (now_number or 0):
            continue
        yield _finding(
            "table3.carry_over",
            Severity.WARNING,
            [now],
            then_number or 0,
            now_number or 0,
            f"{_column_name(column)}列：本年“二、上年结转”为 {_shown(now.value)}，"
            f"但 {previous.year} 年度报告“四、结转下年度继续办理”为 {_shown(then)}",
        )


# -- table 四 ----------------------------------------------------------------------


@rule("table4.group_total", severity=Severity.ERROR, basis=DERIVED)
def table4_group_total(report: Report, previous: Report | None) -> Iterator[Finding]:
    """Each block of table 四: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.

    Derived (``legal.md`` §2.5 "D"): the four results of 国办公开办函〔2021〕30号
    table 四 (行政复议; 行政诉讼 未经复议直接起诉 / 复议后起诉) partition the cases
    counted in each block's 总计.
    """
    for group in TABLE4_GROUPS:
        terms = []
        for result, label in TABLE4_RESULTS:
            ref_key = f"{group.key}_{result}"
            index = TABLE4_KEYS.index(ref_key)
            value = report.table4[index] if index < len(report.table4) else None
            terms.append(_Term(f"table4.{ref_key}", label, value))
        parts, total = terms[:-1], terms[-1]
        imbalance = _compare([total], parts)
        if imbalance is None:
            continue
        name = (
            f"{group.parent_label}·{group.label}" if group.parent_label else group.label
        )
        message = (
            f"表四{name}：总计为 {_shown(total.value)}，"
            f"但{_plus(parts)}={format_cell(imbalance.right)}"
        )
        if imbalance.severity is Severity.WARNING:
            message += _fill_hint(imbalance, [total], parts)
        yield _finding(
            "table4.group_total",
            imbalance.severity,
            [total, *parts],
            imbalance.right,
            imbalance.left,
            message,
        )


# -- single cells --------------------------------------------------------------------


@rule("cells.count", severity=Severity.ERROR, basis=DERIVED)
def cells_count(report: Report, previous: Report | None) -> Iterator[Finding]:
    """A count is a non-negative integer; 本年增/减 (2019 table 二) is an integer.

    Derived (``legal.md`` §2.5 "D"): the cells of tables 二, 三 and 四 count
    documents, decisions, applications and cases (件). Only the 2019 format's
    本年增/减 column may be negative. A whole-valued decimal (``5.0``) is accepted.
    """
    for info in report.cells():
        if info.column.kind is CellKind.MONEY:
            continue
        value = info.value
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            continue
        whole = isinstance(value, int) or (
            value.is_finite() and value == value.to_integral_value()
        )
        if not whole:
            problem = "必须是整数"
        elif info.column.kind is CellKind.COUNT and value < 0:
            problem = "不能为负数"
        else:
            continue
        yield Finding(
            "cells.count",
            Severity.ERROR,
            (info.ref,),
            None,
            value,
            f"{report.label_of(info.ref)}为 {format_cell(value)}：件数{problem}",
        )


@rule("cells.money", severity=Severity.ERROR, basis=DERIVED)
def cells_money(report: Report, previous: Report | None) -> Iterator[Finding]:
    """An amount is a non-negative decimal.

    Amounts are 行政事业性收费 in 万元 (2021) and 政府集中采购 采购总金额 (2019).

    Derived (``legal.md`` §2.5 "D"); the 2021 unit 万元 is stated in the column
    label of 国办公开办函〔2021〕30号 table 二 (本年收费金额（单位：万元）).
    """
    for info in report.cells():
        if info.column.kind is not CellKind.MONEY:
            continue
        value = info.value
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            continue
        if isinstance(value, Decimal) and not value.is_finite():
            problem = "不是有效数字"
        elif value < 0:
            problem = "不能为负数"
        else:
            continue
        yield Finding(
            "cells.money",
            Severity.ERROR,
            (info.ref,),
            None,
            value,
            f"{report.label_of(info.ref)}为 {format_cell(value)}：金额{problem}",
        )


_TABLE_NAMES = {"table2": "表二", "table3": "表三", "table4": "表四"}


def _name_list(names: Sequence[str], unit: str, limit: int = 4) -> str:
    """“甲、乙、丙” or, for a long list, “甲、乙、丙等 9 行”."""
    shown = "、".join(names[:limit])
    return f"{shown}等 {len(names)} {unit}" if len(names) > limit else shown


@rule("cells.literal", severity=Severity.WARNING, basis=DERIVED)
def cells_literal(report: Report, previous: Report | None) -> Iterator[Finding]:
    """Text such as “/”, “—” or “无” where a figure belongs: a warning, one per table.

    Derived (``legal.md`` §2.5 "D": cells are counts or amounts). A warning and
    not an error because such a literal is how many published reports write
    "none" or "not applicable": it breaks no official identity by itself, the
    sums count it as 0, and the figure it stands for is usually 0. The clerk
    should still replace it with a number, since aggregation reads numbers.
    """
    by_table: dict[str, list[CellInfo]] = {}
    for info in report.cells():
        if isinstance(info.value, str):
            by_table.setdefault(info.table, []).append(info)
    for table, infos in by_table.items():
        by_text: dict[str, list[str]] = {}
        for info in infos:
            by_text.setdefault(str(info.value), []).append(report.label_of(info.ref))
        detail = "；".join(
            f"“{text}” {len(names)} 格（{_name_list(names, '格')}）"
            for text, names in by_text.items()
        )
        yield Finding(
            "cells.literal",
            Severity.WARNING,
            tuple(i.ref for i in infos),
            None,
            None,
            f"{_TABLE_NAMES[table]}有 {len(infos)} 个单元格填的是文字而非数字："
            f"{detail}。"
            "合计时按 0 计算；请改填数字（没有的填 0）",
        )


def _blank_pattern(blank: Sequence[Column]) -> str:
    """How a table 三 row's blanks look, for grouping rows in one message."""
    if len(blank) == len(TABLE3_COLUMNS):
        return "整行空白"
    if tuple(blank) == ORGANISATION_TYPES:
        return f"只填了{APPLICANT_TYPES[0].label}和{TABLE3_COLUMNS[-1].label}"
    if tuple(blank) == APPLICANT_TYPES:
        return f"只填了{TABLE3_COLUMNS[-1].label}"
    return "、".join(_column_name(c) for c in blank) + "空白"


_FILL_ADVICE = "。应填数字，没有的填 0"


def _table2_blanks(report: Report) -> Finding | None:
    refs: list[str] = []
    parts: list[str] = []
    for block in report.format.table2:
        for t2row in block.rows:
            values = report.table2.get(t2row.key)
            if values is None:
                refs.extend(f"table2.{t2row.key}.{c.key}" for c in block.columns)
                parts.append(f"{t2row.label}（整行缺失）")
                continue
            blank = [
                c for c, v in zip(block.columns, values, strict=False) if v is None
            ]
            if blank:
                refs.extend(f"table2.{t2row.key}.{c.key}" for c in blank)
                parts.append(f"{t2row.label}（{'、'.join(c.label for c in blank)}）")
    if not refs:
        return None
    return Finding(
        "cells.blank",
        Severity.WARNING,
        tuple(refs),
        None,
        None,
        f"表二有 {len(refs)} 个单元格未填：{'；'.join(parts)}{_FILL_ADVICE}",
    )


def _table3_blanks(report: Report) -> Finding | None:
    fmt = report.format
    refs: list[str] = []
    patterns: dict[str, list[str]] = {}
    for key in fmt.table3_keys:
        blank = [
            c
            for i, c in enumerate(TABLE3_COLUMNS)
            if _table3_cell(report, key, i) is None
        ]
        if blank:
            refs.extend(f"table3.{key}.{c.key}" for c in blank)
            patterns.setdefault(_blank_pattern(blank), []).append(fmt.short_label(key))
    if not refs:
        return None
    detail = "；".join(
        f"{len(rows)} 行{pattern}（{_name_list(rows, '行', 3)}）"
        if len(rows) > 1
        else f"“{rows[0]}”{pattern}"
        for pattern, rows in patterns.items()
    )
    return Finding(
        "cells.blank",
        Severity.WARNING,
        tuple(refs),
        None,
        None,
        f"表三有 {len(refs)} 个单元格未填：{detail}{_FILL_ADVICE}",
    )


def _table4_blanks(report: Report) -> Finding | None:
    refs: list[str] = []
    parts: list[str] = []
    for group in TABLE4_GROUPS:
        blank: list[str] = []
        for result, label in TABLE4_RESULTS:
            index = TABLE4_KEYS.index(f"{group.key}_{result}")
            if index >= len(report.table4) or report.table4[index] is None:
                refs.append(f"table4.{group.key}_{result}")
                blank.append(label)
        if blank:
            name = (
                f"{group.parent_label}·{group.label}"
                if group.parent_label
                else group.label
            )
            parts.append(f"{name}（{'、'.join(blank)}）")
    if not refs:
        return None
    return Finding(
        "cells.blank",
        Severity.WARNING,
        tuple(refs),
        None,
        None,
        f"表四有 {len(refs)} 个单元格未填：{'；'.join(parts)}{_FILL_ADVICE}",
    )


@rule("cells.blank", severity=Severity.WARNING, basis=DERIVED)
def cells_blank(report: Report, previous: Report | None) -> Iterator[Finding]:
    """A blank where a figure is expected: a warning, summarised once per table.

    Derived (``legal.md`` §2.5 "D"; report-schema.md: blank, 0 and “/” mean
    different things). Every cell of tables 二, 三 and 四 expects a figure, 0
    included. Published reports often leave cells blank (typically the five
    法人或其他组织 columns when every applicant was a 自然人), and a clerk needs
    one readable list, not 150 findings: so one finding per table, its rows
    grouped by the pattern of their blanks; ``cells`` still names every blank
    cell. A table 二 row missing altogether is reported with the blanks.
    """
    for finding in (
        _table2_blanks(report),
        _table3_blanks(report),
        _table4_blanks(report),
    ):
        if finding is not None:
            yield finding


# -- narrative and format ----------------------------------------------------

OVERVIEW_LIMIT = 1000


def count_characters(text: str) -> int:
    """Characters as Word's 字数统计 “字符数（不计空格）” counts them.

    Every character except whitespace (spaces, line breaks, the full-width
    space U+3000 and the no-break space); punctuation counts. This is the
    figure a clerk sees in Word, where reports are written, and it does not
    change when a text is re-wrapped or indented.
    """
    return sum(1 for ch in text if not ch.isspace())


@rule("sections.overview_length", severity=Severity.WARNING, basis=STATED)
def sections_overview_length(
    report: Report, previous: Report | None
) -> Iterator[Finding]:
    """一、总体情况 should not exceed 1,000 characters.

    Source: 国办公开办函〔2021〕30号 一、报告内容（一）: “重在聚焦主题、简明客观，
    篇幅原则上不超过一千字”. “原则上” makes it a soft limit: a warning, never an
    error (``legal.md`` §2.5). The 2019 format (〔2019〕60号) set no length, so
    for a 2019-format report the same finding is only an info.
    Counting: see ``count_characters``.
    """
    text = report.sections.get("overview")
    if not text:
        return
    length = count_characters(text)
    if length <= OVERVIEW_LIMIT:
        return
    if report.format.id == "2019":
        severity = Severity.INFO
        note = "（2019 年格式未设字数上限，2021 年格式要求“篇幅原则上不超过一千字”）"
    else:
        severity = Severity.WARNING
        note = "，超过格式要求的“篇幅原则上不超过一千字”"
    yield Finding(
        "sections.overview_length",
        severity,
        (),
        OVERVIEW_LIMIT,
        length,
        f"一、总体情况共 {length} 字（不计空白）{note}",
    )


@rule("report.format_year", severity=Severity.WARNING, basis=STATED)
def report_format_year(report: Report, previous: Report | None) -> Iterator[Finding]:
    """The format must be the one for the report year.

    Source: 国办公开办函〔2019〕60号 introduced the unified format for the 2019
    report (used for 2019 and 2020); 国办公开办函〔2021〕30号 replaced it from the
    2021 report (``legal.md`` §3, §9 item 1). A mismatch is a warning: real
    reports do it (some 2022 reports cite 60号 yet use the 2021 tables), and
    the figures can still be checked in the layout used.
    """
    fmt = report.format
    if report.year < 2019:
        yield Finding(
            "report.format_year",
            Severity.WARNING,
            (),
            None,
            fmt.id,
            f"{report.year} 年度早于统一格式（自 2019 年度报告起施行），"
            f"本报告按 {fmt.id} 格式（{fmt.document}）核对",
        )
        return
    expected = format_for_year(report.year)
    if expected.id == fmt.id:
        return
    yield Finding(
        "report.format_year",
        Severity.WARNING,
        (),
        expected.id,
        fmt.id,
        f"{report.year} 年度报告应使用 {expected.id} 格式（{expected.document}），"
        f"本报告使用的是 {fmt.id} 格式（{fmt.document}）",
    )
