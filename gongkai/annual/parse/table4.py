"""Table 四 from the token stream: 15 cells after its heading.

The usual layout gives the 15 figures as one row (or one glued run, split so
that each group's 总计 is the sum of its four results). Layouts that OCR tools
and Markdown converters make are also read: one row per group (行政复议 /
未经复议直接起诉 / 复议后起诉, placed by their labels), or the wide row wrapped
into several shorter rows (taken in order while they add up to 15 cells).
"""

from __future__ import annotations

from collections.abc import Sequence

from gongkai.annual.formats import TABLE4_GROUPS, TABLE4_KEYS
from gongkai.annual.model import Cell, is_number
from gongkai.annual.parse import findings as F
from gongkai.annual.parse.findings import Severity, finding
from gongkai.annual.parse.labels import table4_labels
from gongkai.annual.parse.split import Group, piece_cell
from gongkai.annual.parse.tables import (
    Resolved,
    Segment,
    TableResult,
    note_resolution,
    prior,
    resolve,
    segments,
    show,
)
from gongkai.annual.parse.tokens import Item, Piece

T4_GROUPS = (Group(4, True), Group(4, True), Group(4, True))
WIDTH = len(TABLE4_KEYS)
GROUP_WIDTH = WIDTH // len(TABLE4_GROUPS)


def _atomic(seg: Segment) -> bool:
    return all(p.atomic or p.kind != "num" for p in seg.pieces)


def _totals_hold(cells: Sequence[Cell]) -> bool:
    for g in range(len(TABLE4_GROUPS)):
        block = cells[g * GROUP_WIDTH : (g + 1) * GROUP_WIDTH]
        if all(is_number(c) for c in block) and sum(block[:-1]) != block[-1]:  # type: ignore[arg-type]
            return False
    return True


def _by_labels(segs: Sequence[Segment]) -> list[Piece] | None:
    """One row of five per group, each after its group's label."""
    rows: dict[str, list[Piece]] = {}
    for seg in segs:
        pieces = list(seg.pieces)
        while len(pieces) > GROUP_WIDTH and pieces[-1].kind == "blank":
            pieces.pop()
        if seg.label is not None and len(pieces) == GROUP_WIDTH:
            rows.setdefault(seg.label, pieces)
    if set(rows) != {g.key for g in TABLE4_GROUPS}:
        return None
    return [p for g in TABLE4_GROUPS for p in rows[g.key]]


def _readings(segs: Sequence[Segment], limit: int = 64) -> list[list[Piece]]:
    """Ways to take consecutive rows, from the first, as exactly 15 cells.

    A row's trailing blanks may be the padding of a wrapped row (a Markdown
    table's rows all have its width) or real blank cells: each row gives
    between its cells without the trailing blanks and all of them, all of
    them first (only the last row of a wrapped table is padded).
    """
    out: list[list[Piece]] = []

    def visit(index: int, taken: list[Piece]) -> None:
        if len(out) >= limit:
            return
        if len(taken) == WIDTH:
            if any(p.kind != "blank" for p in taken):
                out.append(list(taken))
            return
        if index >= len(segs) or not _atomic(segs[index]):
            return
        pieces = segs[index].pieces
        shortest = len(pieces)
        while shortest and pieces[shortest - 1].kind == "blank":
            shortest -= 1
        # a wrapped table's rows are full but for the last: longest first
        for length in range(len(pieces), shortest - 1, -1):
            if len(taken) + length <= WIDTH:
                visit(index + 1, taken + list(pieces[:length]))

    visit(0, [])
    return out


def _wrapped(segs: Sequence[Segment]) -> tuple[list[Piece], int] | None:
    """Consecutive short rows that add up to exactly 15 cells, and how many
    readings there were; one whose group totals hold is preferred."""
    for start in range(len(segs)):
        found = _readings(segs[start:])
        if not found:
            continue
        holding = [p for p in found if _totals_hold([piece_cell(x) for x in p])]
        chosen = holding or found
        distinct = {tuple(piece_cell(x) for x in p) for p in chosen}
        return chosen[0], len(distinct)
    return None


def table4(items: Sequence[Item], result: TableResult) -> None:
    segs = [
        s
        for s in segments(items, table4_labels(), lambda _k: WIDTH, max_remainder=0)
        if s.pieces
    ]
    refs = [f"table4.{k}" for k in TABLE4_KEYS]
    for seg in segs:
        if len(seg.pieces) < WIDTH and _atomic(seg):
            continue  # header placeholders, or a layout of shorter rows
        res = resolve(seg.pieces, T4_GROUPS)
        if not res.candidates:
            continue
        cands = sorted(res.candidates, key=prior)
        result.table4 = list(cands[0])
        result.found.add("table4")
        result.place(refs, cands[0], res, seg.loc)
        note_resolution(result, "表四", refs, seg, res)
        if len(cands) > 1 or res.how == "split-partial":
            result.findings.append(
                finding(
                    F.AMBIGUOUS_SPLIT,
                    Severity.WARNING,
                    f"表四的粘连数字有 {len(cands)} 种拆法，暂取“{show(cands[0])}”，请核对原文（{seg.loc}）",
                    refs,
                )
            )
        return
    readings = 1
    pieces = _by_labels(segs)
    if pieces is None:
        wrapped = _wrapped(segs)
        if wrapped is not None:
            pieces, readings = wrapped
    if pieces is not None:
        cells = tuple(piece_cell(p) for p in pieces)
        result.table4 = list(cells)
        result.found.add("table4")
        result.place(refs, cells, Resolved([cells], "exact", tuple(pieces)), "")
        if readings > 1:
            result.findings.append(
                finding(
                    F.AMBIGUOUS_SPLIT,
                    Severity.WARNING,
                    f"表四分成几行排列，行末的空白格可能是单元格也可能是排版留白，"
                    f"有 {readings} 种读法，暂取“{show(cells)}”，请核对原文",
                    refs,
                )
            )
        return
    result.table4 = [None] * WIDTH
    result.findings.append(
        finding(
            F.TABLE_MISSING,
            Severity.ERROR,
            "未找到表四（行政复议、行政诉讼情况）的数据",
            refs,
        )
    )
