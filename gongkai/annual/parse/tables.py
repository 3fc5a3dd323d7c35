"""Tables 二, 三 and 四 from the token stream.

1. ``segments``: the figures between labels. A run of figures takes the last
   row label of the text just before it ("attached" when both sit on the same
   source line). Loose figures (one per line, as in text copied out of Word)
   gather until the row is full.
2. Table 三: the segments are aligned with the format's rows in their official
   order (a small dynamic programme). Labels are anchors; a row whose label was
   torn away (PDF-to-text, Markdown made from a PDF) is placed by order between
   its neighbours. Glued digits are split so that each row's 总计 is the sum of
   its six columns; where several splits remain, the table's own arithmetic
   (勾稽: 一+二 = （七）+四; （七）= the sum of the outcomes) chooses.
3. Table 四: the first run of figures after its header that reads as fifteen
   cells (each group's 总计 the sum of the other four when glued).
4. Table 二: each row by its label; glued figures are split with the format's
   own sense (本年增/减 is usually 0, a running total is not smaller than the
   year's figure, a count is a whole number).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from gongkai.annual.formats import (
    FORMAT_2019,
    TABLE3_COLUMN_KEYS,
    ReportFormat,
)
from gongkai.annual.model import Cell, format_cell, number_or_zero
from gongkai.annual.parse import findings as F
from gongkai.annual.parse.findings import Finding, Severity, finding
from gongkai.annual.parse.labels import LabelSet, table3_labels
from gongkai.annual.parse.split import Group, piece_cell, split_pieces
from gongkai.annual.parse.tokens import Item, Piece, Text, Values

T3_GROUPS = (Group(6, True),)
OTHER_HANDLING = "other_handling"  # the 2021 heading （六）其他处理
T2_MAX_REMAINDER = 2
PRODUCT_LIMIT = 5_000


@dataclass
class Segment:
    label: str | None
    strength: int  # 2 attached to its label, 1 label on an earlier line, 0 none
    pieces: list[Piece]
    loc: str
    line: int
    #: The group heading the figures follow directly, when the last label before
    #: them is a heading that carries no figures of its own (（六）其他处理 in 2021).
    group: str | None = None

    def all_blank(self) -> bool:
        return all(p.kind == "blank" for p in self.pieces)


@dataclass
class Resolved:
    candidates: list[tuple[Cell, ...]]
    how: str  # "exact" | "trimmed" | "padded" | "extra" | "split" | "failed" | "exhausted"
    #: The pieces the candidates are read from (blanks trimmed off the ends).
    pieces: tuple[Piece, ...] = ()


@dataclass
class TableResult:
    table2: dict[str, list[Cell]] = field(default_factory=dict)
    table3: dict[str, list[Cell]] = field(default_factory=dict)
    table4: list[Cell] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)
    #: cell reference -> the unit written in the source ("万元", "元"), if any
    units: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    found: set[str] = field(default_factory=set)
    #: cells that the source's layout has no place for (reported by one finding)
    absent: set[str] = field(default_factory=set)

    def place(
        self, refs: Sequence[str], cells: Sequence[Cell], res: Resolved, loc: str
    ) -> None:
        """Record where each cell of a row came from, and the unit written with it."""
        sources = cell_sources(res.pieces, cells, loc)
        for ref, (where, unit) in zip(refs, sources, strict=True):
            self.provenance[ref] = where
            if unit:
                self.units[ref] = unit


def _cell_text(cell: Cell) -> str:
    return "" if cell is None else str(cell)


def cell_sources(
    pieces: Sequence[Piece], cells: Sequence[Cell], fallback: str
) -> list[tuple[str, str]]:
    """(where, unit) for each cell read from ``pieces``.

    A cell from a source cell of its own points at that cell; a figure cut from
    a run of glued digits names the run and its digit positions; a cell the
    source lacks (a row padded with blanks) says so. If the cells cannot be
    matched back to the pieces, every cell gets the row's location.
    """
    out: list[tuple[str, str]] = []
    index, offset = 0, 0
    for cell in cells:
        if index >= len(pieces):
            out.append((f"{fallback}（原文缺少此格，按空白处理）", ""))
            continue
        piece = pieces[index]
        if piece.kind != "num" or piece.atomic:
            out.append((piece.loc or fallback, piece.unit))
            index += 1
            continue
        text = _cell_text(cell)
        rest = piece.text[offset:]
        if not text or not rest.startswith(text):
            return [(fallback, "")] * len(cells)
        end = offset + len(text)
        whole = offset == 0 and end == len(piece.text)
        unit = piece.unit if end == len(piece.text) else ""
        if whole:
            out.append((piece.loc or fallback, unit))
        else:
            span = f"{offset + 1}" if len(text) == 1 else f"{offset + 1}–{end}"
            out.append(
                (f"{piece.loc or fallback}，粘连数字“{piece.text}”第 {span} 位", unit)
            )
        if end == len(piece.text):
            index, offset = index + 1, 0
        else:
            offset = end
    return out


# -- segments --------------------------------------------------------------------


def segments(
    items: Sequence[Item],
    labels: LabelSet,
    size_of: Callable[[str | None], int],
    *,
    max_remainder: int | None = None,
) -> list[Segment]:
    out: list[Segment] = []
    span: list[Text] = []
    open_seg: Segment | None = None

    def close() -> None:
        nonlocal open_seg
        if open_seg is not None:
            out.append(open_seg)
            open_seg = None

    for item in items:
        if isinstance(item, Text):
            close()
            span.append(item)
            continue
        assert isinstance(item, Values)
        if item.loose and open_seg is not None:
            open_seg.pieces.extend(item.pieces)
            if len(open_seg.pieces) >= size_of(open_seg.label):
                close()
            continue
        close()
        label: str | None = None
        group: str | None = None
        strength = 0
        if span:
            found = labels.last("".join(t.norm for t in span))
            if found is not None:
                match, remainder = found
                if match.kind == "row" and (
                    max_remainder is None or remainder <= max_remainder
                ):
                    label = match.key
                    strength = 2 if span[-1].line == item.line else 1
                elif match.kind == "group" and remainder == 0:
                    group = match.key
            span = []
        seg = Segment(label, strength, list(item.pieces), item.loc, item.line, group)
        if item.loose and len(seg.pieces) < size_of(label):
            open_seg = seg
        else:
            out.append(seg)
    close()
    return out


def resolve(pieces: Sequence[Piece], groups: tuple[Group, ...]) -> Resolved:
    """The possible readings of a segment's pieces as the cells of one row."""
    n = sum(g.free + (1 if g.summed else 0) for g in groups)
    items = list(pieces)
    if len(items) == n:
        return Resolved([tuple(piece_cell(p) for p in items)], "exact", tuple(items))
    if len(items) > n:
        while len(items) > n and items[-1].kind == "blank":
            items.pop()
        while len(items) > n and items[0].kind == "blank":
            items.pop(0)
        if len(items) == n:
            cells = tuple(piece_cell(p) for p in items)
            return Resolved([cells], "trimmed", tuple(items))
        kept = tuple(items[:n])
        return Resolved([tuple(piece_cell(p) for p in kept)], "extra", kept)
    if all(p.atomic or p.kind != "num" for p in items):
        padded = [piece_cell(p) for p in items] + [None] * (n - len(items))
        return Resolved([tuple(padded)], "padded", tuple(items))
    result = split_pieces(items, groups)
    if result.candidates:
        how = "split-partial" if result.exhausted else "split"
        return Resolved(list(result.candidates), how, tuple(items))
    if any(g.summed for g in groups):
        loose = split_pieces(items, (Group(n, False),), max_candidates=2)
        digits = sum(len(p.text) for p in items if p.kind == "num")
        if digits + sum(1 for p in items if p.kind != "num") == n and loose.candidates:
            return Resolved([loose.candidates[0]], "split", tuple(items))
    return Resolved([], "exhausted" if result.exhausted else "failed", tuple(items))


def prior(cells: tuple[Cell, ...]) -> tuple[int, int]:
    lengths = [len(format_cell(c)) for c in cells if isinstance(c, int)]
    return (max(lengths, default=0), sum(n * n for n in lengths))


# -- table 三 ---------------------------------------------------------------------


def _match_score(seg: Segment, row: str) -> int:
    if seg.label is None:
        return 0
    if seg.label == row:
        return 10 if seg.strength == 2 else 5
    return -20 if seg.strength == 2 else -2


def _skip_score(seg: Segment, resolvable: bool) -> int:
    if seg.all_blank():
        return -1 if resolvable else 0
    return -6 if resolvable else -1


ROW_SKIP = -5
NEG = -(10**9)


def align(
    segs: list[Segment], rows: Sequence[str], resolvable: list[bool]
) -> dict[str, int]:
    """Segments to rows, in order, maximising label agreement (see module doc)."""
    m, r = len(segs), len(rows)
    dp = [[NEG] * (r + 1) for _ in range(m + 1)]
    back: list[list[int]] = [[0] * (r + 1) for _ in range(m + 1)]
    dp[0][0] = 0
    for i in range(m + 1):
        for j in range(r + 1):
            if i == 0 and j == 0:
                continue
            best, how = NEG, 0
            if i > 0 and j > 0 and resolvable[i - 1] and dp[i - 1][j - 1] > NEG:
                score = dp[i - 1][j - 1] + _match_score(segs[i - 1], rows[j - 1])
                if score > best:
                    best, how = score, 1
            if i > 0 and dp[i - 1][j] > NEG:
                score = dp[i - 1][j] + _skip_score(segs[i - 1], resolvable[i - 1])
                if score > best:
                    best, how = score, 2
            if j > 0 and dp[i][j - 1] > NEG:
                score = dp[i][j - 1] + ROW_SKIP
                if score > best:
                    best, how = score, 3
            dp[i][j] = best
            back[i][j] = how
    out: dict[str, int] = {}
    i, j = m, r
    while i > 0 or j > 0:
        how = back[i][j]
        if how == 1:
            out[rows[j - 1]] = i - 1
            i, j = i - 1, j - 1
        elif how == 2:
            i -= 1
        else:
            j -= 1
    return out


def _t3_vectors(
    fmt: ReportFormat, table: dict[str, tuple[Cell, ...]]
) -> tuple[list[int], list[int]]:
    """Per column: 一+二−四 (to equal （七）), and the sum of the outcome rows."""
    balance = [0] * 7
    leaves = [0] * 7
    leaf_keys = set(fmt.leaf_outcomes)
    for key, row in table.items():
        sign = {"new_received": 1, "carried_over": 1, "carried_forward": -1}.get(key, 0)
        for c in range(7):
            value = int(number_or_zero(row[c]))
            if sign:
                balance[c] += sign * value
            if key in leaf_keys:
                leaves[c] += value
    return balance, leaves


def _t3_score(fmt: ReportFormat, table: dict[str, tuple[Cell, ...]]) -> int:
    """How many of the 勾稽 and （七）总计 identities hold, column by column."""
    balance, leaves = _t3_vectors(fmt, table)
    total = table.get("total")
    score = 0
    for c in range(7):
        value = int(number_or_zero(total[c])) if total is not None else 0
        score += (balance[c] == value) + (leaves[c] == value)
    return score


def _choose_t3(
    fmt: ReportFormat, options: dict[str, list[tuple[Cell, ...]]]
) -> tuple[dict[str, tuple[Cell, ...]], set[str], set[str]]:
    """Pick one reading per row; returns it, rows decided by arithmetic, rows still tied."""
    fixed = {k: v[0] for k, v in options.items() if len(v) == 1}
    variables = [k for k, v in options.items() if len(v) > 1]
    if not variables:
        return fixed, set(), set()
    product = 1
    for k in variables:
        product *= len(options[k])
    best_score = -1
    best: list[tuple[tuple[Cell, ...], ...]] = []
    if product <= PRODUCT_LIMIT:
        fixed_balance, fixed_leaves = _t3_vectors(fmt, fixed)
        fixed_total = fixed.get("total")
        leaf_keys = set(fmt.leaf_outcomes)
        signs = {"new_received": 1, "carried_over": 1, "carried_forward": -1}
        ints = {
            k: [[int(number_or_zero(x)) for x in cand] for cand in options[k]]
            for k in variables
        }
        for combo_index in itertools.product(
            *(range(len(options[k])) for k in variables)
        ):
            balance = list(fixed_balance)
            leaves = list(fixed_leaves)
            total = (
                [int(number_or_zero(x)) for x in fixed_total]
                if fixed_total is not None
                else [0] * 7
            )
            for k, i in zip(variables, combo_index, strict=True):
                row = ints[k][i]
                sign = signs.get(k, 0)
                if k == "total":
                    total = row
                for c in range(7):
                    if sign:
                        balance[c] += sign * row[c]
                    if k in leaf_keys:
                        leaves[c] += row[c]
            score = sum(
                (balance[c] == total[c]) + (leaves[c] == total[c]) for c in range(7)
            )
            combo = tuple(
                options[k][i] for k, i in zip(variables, combo_index, strict=True)
            )
            if score > best_score:
                best_score, best = score, [combo]
            elif score == best_score:
                best.append(combo)
    else:
        current = {k: options[k][0] for k in variables}
        for _ in range(4):
            for k in variables:
                scored = []
                for cand in options[k]:
                    table = dict(fixed)
                    table.update(current)
                    table[k] = cand
                    scored.append((_t3_score(fmt, table), cand))
                top = max(s for s, _ in scored)
                current[k] = next(c for s, c in scored if s == top)
        best = [tuple(current[k] for k in variables)]
    chosen = dict(fixed)
    chosen.update(zip(variables, best[0], strict=True))
    tied = {k for i, k in enumerate(variables) if len({combo[i] for combo in best}) > 1}
    if product > PRODUCT_LIMIT:
        tied = set(variables)  # not searched exhaustively: say so
    return chosen, set(variables) - tied, tied


def table3(fmt: ReportFormat, items: Sequence[Item], result: TableResult) -> None:
    labels = table3_labels(fmt)
    segs = [s for s in segments(items, labels, lambda _k: 7) if s.pieces]
    resolved = [resolve(s.pieces, T3_GROUPS) for s in segs]
    ok = [bool(r.candidates) for r in resolved]
    rows = fmt.table3_keys
    old = _old_other_row(fmt, segs, ok)
    if old is None:
        assignment = align(segs, rows, ok)
    else:
        others = _split_other_rows(fmt)
        keep = [i for i in range(len(segs)) if i != old]
        partial = align(
            [segs[i] for i in keep],
            tuple(k for k in rows if k not in others),
            [ok[i] for i in keep],
        )
        assignment = {k: keep[i] for k, i in partial.items()}
        assignment[others[-1]] = old
        _note_old_other_row(fmt, segs[old], result)
    if not assignment:
        result.table3 = {k: [None] * 7 for k in rows}
        result.findings.append(
            finding(
                F.TABLE_MISSING,
                Severity.ERROR,
                "未找到表三（收到和处理政府信息公开申请情况）的数据",
            )
        )
        return
    result.found.add("table3")
    options: dict[str, list[tuple[Cell, ...]]] = {}
    for key, index in assignment.items():
        options[key] = sorted(resolved[index].candidates, key=prior)
    chosen, decided, tied = _choose_t3(fmt, options)
    # a search cut short may have missed the true reading: never claim certainty
    tied |= {k for k, i in assignment.items() if resolved[i].how == "split-partial"}
    decided -= tied
    for key in rows:
        refs = [f"table3.{key}.{c}" for c in TABLE3_COLUMN_KEYS]
        label = fmt.short_label(key)
        if key not in chosen:
            result.table3[key] = [None] * 7
            if set(refs) <= result.absent:
                continue  # the layout finding explains it
            result.findings.append(
                finding(
                    F.ROW_MISSING,
                    Severity.WARNING,
                    f"表三未找到“{label}”一行，按空白处理",
                    refs,
                )
            )
            continue
        seg = segs[assignment[key]]
        res = resolved[assignment[key]]
        result.table3[key] = list(chosen[key])
        result.place(refs, chosen[key], res, seg.loc)
        note_resolution(result, f"表三“{label}”", refs, seg, res)
        if seg.label != key and assignment[key] != old:
            result.findings.append(
                finding(
                    F.ROW_BY_ORDER,
                    Severity.INFO,
                    f"表三“{label}”一行的数字与行名分离，按行的顺序确定（{seg.loc}）",
                    refs,
                )
            )
        if key in tied:
            result.findings.append(
                finding(
                    F.AMBIGUOUS_SPLIT,
                    Severity.WARNING,
                    f"表三“{label}”一行的粘连数字有 {len(options[key])} 种拆法，"
                    f"表内勾稽关系无法区分，暂取“{show(chosen[key])}”，请核对原文（{seg.loc}）",
                    refs,
                )
            )
        elif key in decided:
            result.findings.append(
                finding(
                    F.AMBIGUOUS_SPLIT,
                    Severity.INFO,
                    f"表三“{label}”一行的粘连数字有 {len(options[key])} 种拆法，"
                    f"按表内勾稽关系取“{show(chosen[key])}”（{seg.loc}）",
                    refs,
                )
            )
    used = set(assignment.values())
    stray = [s for i, s in enumerate(segs) if i not in used and not s.all_blank()]
    for seg in stray:
        shown = " ".join(p.text for p in seg.pieces)
        result.findings.append(
            finding(
                F.STRAY_VALUES,
                Severity.INFO,
                f"表三中有无法归入任何一行的数字“{shown}”，已忽略（{seg.loc}）",
            )
        )


def _split_other_rows(fmt: ReportFormat) -> tuple[str, ...]:
    """The rows that the 2021 format splits （六）其他处理 into (empty for 2019)."""
    return tuple(r.key for r in fmt.table3_rows if r.group == OTHER_HANDLING and r.leaf)


def _old_other_row(
    fmt: ReportFormat, segs: Sequence[Segment], ok: Sequence[bool]
) -> int | None:
    """The segment of a single old-style （六）其他处理 row in a 2021 table, if any.

    The 2019 format has one row （六）其他处理 with figures; the 2021 format makes
    it a heading over three rows. A 2021 report printing the old row has figures
    right after the heading and none of the three rows' labels.
    """
    others = _split_other_rows(fmt)
    if not others or any(s.label in others for s in segs):
        return None
    return next(
        (
            i
            for i, s in enumerate(segs)
            if s.group == OTHER_HANDLING and ok[i] and not s.all_blank()
        ),
        None,
    )


def _note_old_other_row(fmt: ReportFormat, seg: Segment, result: TableResult) -> None:
    others = _split_other_rows(fmt)
    heading = fmt.table3_groups_by_key[OTHER_HANDLING].label
    names = "、".join(
        f"“{fmt.table3_by_key[k].label.split('、行政机关')[0]}”" for k in others
    )
    last = fmt.table3_by_key[others[-1]].label
    refs = [f"table3.{k}.{c}" for k in others for c in TABLE3_COLUMN_KEYS]
    result.absent.update(r for r in refs if not r.startswith(f"table3.{others[-1]}."))
    result.findings.append(
        finding(
            F.OLD_ROW_LAYOUT,
            Severity.ERROR,
            f"表三“{heading}”只填了一行（{seg.loc}），这是 2019 年格式"
            f"（{FORMAT_2019.document}）的行；{fmt.id} 年格式（{fmt.document}）"
            f"应分为{names}共 {len(others)} 行分别填报。"
            f"该行的数字暂计入“{last}”以核对表内关系，其余 {len(others) - 1} 行无从填写",
            refs,
            expected=fmt.id,
            actual=FORMAT_2019.id,
        )
    )


def show(cells: Sequence[Cell]) -> str:
    return " ".join(format_cell(c) or "空" for c in cells)


def note_resolution(
    result: TableResult, name: str, refs: list[str], seg: Segment, res: Resolved
) -> None:
    if res.how == "extra":
        result.findings.append(
            finding(
                F.EXTRA_CELLS,
                Severity.WARNING,
                f"{name}一行的单元格多于应有的 {len(refs)} 个，只取前 {len(refs)} 个（{seg.loc}）",
                refs,
            )
        )
    elif res.how == "padded":
        result.findings.append(
            finding(
                F.MISSING_CELLS,
                Severity.WARNING,
                f"{name}一行只读到 {len(seg.pieces)} 个单元格，应有 {len(refs)} 个，缺少的按空白处理（{seg.loc}）",
                refs,
            )
        )
