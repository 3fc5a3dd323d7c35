"""Rules on single cells: counts, money, literals and blanks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from gongkai.annual.formats import (
    APPLICANT_TYPES,
    ORGANISATION_TYPES,
    TABLE3_COLUMNS,
    TABLE4_GROUPS,
    TABLE4_KEYS,
    TABLE4_RESULTS,
    CellKind,
    Column,
)
from gongkai.annual.model import CellInfo, Report, format_cell
from gongkai.annual.rules.arithmetic import _column_name, _table3_cell
from gongkai.annual.rules.findings import Finding, Severity
from gongkai.annual.rules.registry import DERIVED, rule


@rule("cells.count", name="件数应为非负整数", severity=Severity.ERROR, basis=DERIVED)
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


@rule("cells.money", name="金额应为非负数", severity=Severity.ERROR, basis=DERIVED)
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


@rule("cells.literal", name="以文字代替数字", severity=Severity.WARNING, basis=DERIVED)
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


@rule("cells.blank", name="单元格未填", severity=Severity.WARNING, basis=DERIVED)
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
