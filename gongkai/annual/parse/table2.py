"""Table 二 from the token stream: each row by its label.

Glued figures are split with the format's own sense, since table 二 has no
arithmetic: 本年增/减 is usually 0, a running total is not smaller than the
year's figure, a count is a whole number, and a purchase count and its amount
must give a plausible amount per purchase in the unit written after them
(``312.5万元`` is 3 purchases of 12.5 万元, not 31 of 2.5 万元).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from gongkai.annual.formats import CellKind, Column, ReportFormat
from gongkai.annual.model import Cell, format_cell, number_or_zero
from gongkai.annual.parse import findings as F
from gongkai.annual.parse.findings import Severity, finding
from gongkai.annual.parse.labels import table2_labels
from gongkai.annual.parse.split import Group
from gongkai.annual.parse.tables import (
    TableResult,
    note_resolution,
    resolve,
    segments,
    show,
)
from gongkai.annual.parse.tokens import Item

T2_MAX_REMAINDER = 2
#: Column pairs where the first is a running total that includes the second.
_NOT_SMALLER = (("total_published", "published"), ("in_force", "issued"))
#: Columns that are usually small (a year's change, repeals).
_SMALL = ("change", "repealed")
#: Yuan per unit written after an amount.
_YUAN = {"元": Decimal(1), "万元": Decimal(10_000)}
#: A plausible average amount of one centrally procured project, in yuan.
AVERAGE_PURCHASE = (Decimal(1_000), Decimal(10_000_000))


def plausible_average(count: int, amount: Decimal | int, unit: str) -> bool:
    """Whether ``amount`` over ``count`` purchases is a plausible amount each.

    No purchases means no money; otherwise the average must lie within
    ``AVERAGE_PURCHASE`` in the unit written (元 or 万元; either when none is).
    """
    if count == 0 or amount == 0:
        return count == 0 and amount == 0
    low, high = AVERAGE_PURCHASE
    scales = [_YUAN[unit]] if unit in _YUAN else list(_YUAN.values())
    return any(low <= Decimal(amount) * s / count <= high for s in scales)


def _money_rank(
    columns: tuple[Column, ...], cells: tuple[Cell, ...], unit: str
) -> tuple[int, int]:
    """(implausible, preference): a purchase count has a few digits, and the
    amount per purchase must be plausible in the unit given."""
    counts = [
        cell
        for column, cell in zip(columns, cells, strict=True)
        if column.kind is CellKind.COUNT
    ]
    amounts = [
        cell
        for column, cell in zip(columns, cells, strict=True)
        if column.kind is CellKind.MONEY
    ]
    if not amounts:
        return (0, 0)
    lengths = [len(format_cell(c)) for c in counts]
    bad = sum(1 for n in lengths if n > 3)
    if (
        len(counts) == 1
        and isinstance(counts[0], int)
        and isinstance(amounts[0], (int, Decimal))
        and not plausible_average(counts[0], amounts[0], unit)
    ):
        bad += 1
    return (bad, sum(100 - n for n in lengths if n <= 3))


def _rank(
    columns: tuple[Column, ...], cells: tuple[Cell, ...], unit: str
) -> tuple[int, ...] | None:
    keys = [c.key for c in columns]
    by_key = dict(zip(keys, cells, strict=True))
    delta_nonzero = 0
    for column, cell in zip(columns, cells, strict=True):
        if (
            column.kind is not CellKind.MONEY
            and cell is not None
            and not isinstance(cell, int)
        ):
            return None  # a count is a whole number
        if column.kind is CellKind.COUNT and isinstance(cell, int) and cell < 0:
            return None
        if column.kind is CellKind.DELTA and cell != 0:
            delta_nonzero += 1
    order = 0
    for big, little in _NOT_SMALLER:
        a, b = by_key.get(big), by_key.get(little)
        if isinstance(a, int) and isinstance(b, int) and a < b:
            order += 1
    money_bad, money_pref = _money_rank(columns, cells, unit)
    lengths = [len(format_cell(c).split(".")[0]) for c in cells]
    small_total = sum(
        int(number_or_zero(by_key[k])) for k in _SMALL if by_key.get(k) is not None
    )
    return (
        delta_nonzero,
        order,
        money_bad,
        money_pref,
        max(lengths, default=0),
        abs(small_total),
    )


def _unit_check(
    row_label: str,
    columns: Sequence[Column],
    refs: Sequence[str],
    result: TableResult,
) -> None:
    """An amount written in another unit than the format's column is kept as
    published, and said."""
    for column, ref in zip(columns, refs, strict=True):
        written = result.units.get(ref)
        if column.kind is not CellKind.MONEY:
            continue
        if column.unit and written and written != column.unit:
            result.findings.append(
                finding(
                    F.UNIT,
                    Severity.WARNING,
                    f"表二“{row_label}”的{column.label.split('（')[0]}写的单位是“{written}”，"
                    f"格式要求以“{column.unit}”为单位；数字按原文保留，请核对",
                    [ref],
                    expected=column.unit,
                    actual=written,
                )
            )
        elif column.unit and not written:
            result.units[ref] = column.unit


def table2(fmt: ReportFormat, items: Sequence[Item], result: TableResult) -> None:
    labels = table2_labels(fmt)

    def size(key: str | None) -> int:
        if key is None or key not in fmt.table2_rows:
            return 3
        return len(fmt.table2_rows[key][0].columns)

    segs = segments(items, labels, size, max_remainder=T2_MAX_REMAINDER)
    for seg in segs:
        key = seg.label
        if key is None or key in result.table2 or not seg.pieces:
            continue
        block, row = fmt.table2_rows[key]
        columns = block.columns
        refs = [f"table2.{key}.{c.key}" for c in columns]
        res = resolve(seg.pieces, (Group(len(columns), False),))
        if not res.candidates:
            result.findings.append(
                finding(
                    F.SPLIT_FAILED,
                    Severity.WARNING,
                    f"表二“{row.label}”一行的数字无法拆分为 {len(columns)} 个单元格（{seg.loc}）",
                    refs,
                )
            )
            continue
        unit = next((p.unit for p in reversed(seg.pieces) if p.unit), "")
        ranked = [
            (rank, cand)
            for cand in res.candidates
            if (rank := _rank(columns, cand, unit)) is not None
        ]
        if not ranked:
            ranked = [((0,), res.candidates[0])]
        ranked.sort(key=lambda rc: rc[0])
        best_rank, best = ranked[0]
        result.table2[key] = list(best)
        result.place(refs, best, res, seg.loc)
        _unit_check(row.label, columns, refs, result)
        note_resolution(result, f"表二“{row.label}”", refs, seg, res)
        if len(ranked) > 1:
            tied = sum(1 for rank, _ in ranked if rank == best_rank)
            partial = res.how == "split-partial"
            severity = Severity.WARNING if tied > 1 or partial else Severity.INFO
            how = "无法确定" if tied > 1 else "按各栏的含义"
            result.findings.append(
                finding(
                    F.AMBIGUOUS_SPLIT,
                    severity,
                    f"表二“{row.label}”一行的粘连数字有 {len(ranked)} 种拆法，{how}，"
                    f"取“{show(best)}”，请核对原文（{seg.loc}）",
                    refs,
                )
            )
    if result.table2:
        result.found.add("table2")
    for key, (_block, row) in fmt.table2_rows.items():
        if key not in result.table2:
            result.findings.append(
                finding(
                    F.ROW_MISSING,
                    Severity.WARNING,
                    f"表二未找到“{row.label}”一行",
                    [f"table2.{key}.{c.key}" for c in _block.columns],
                )
            )
