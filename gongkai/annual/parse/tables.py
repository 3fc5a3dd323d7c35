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
    TABLE3_COLUMN_KEYS,
    TABLE4_KEYS,
    CellKind,
    Column,
    ReportFormat,
)
from gongkai.annual.model import Cell, format_cell, number_or_zero
from gongkai.annual.parse import findings as F
from gongkai.annual.parse.findings import Finding, Severity, finding
from gongkai.annual.parse.labels import LabelSet, table2_labels, table3_labels
from gongkai.annual.parse.split import Group, piece_cell, split_pieces
from gongkai.annual.parse.tokens import Item, Piece, Text, Values

T3_GROUPS = (Group(6, True),)
T4_GROUPS = (Group(4, True), Group(4, True), Group(4, True))
T2_MAX_REMAINDER = 2
PRODUCT_LIMIT = 5_000


@dataclass
class Segment:
    label: str | None
    strength: int  # 2 attached to its label, 1 label on an earlier line, 0 none
    pieces: list[Piece]
    loc: str
    line: int

    def all_blank(self) -> bool:
        return all(p.kind == "blank" for p in self.pieces)


@dataclass
class Resolved:
    candidates: list[tuple[Cell, ...]]
    how: str  # "exact" | "trimmed" | "padded" | "extra" | "split" | "failed" | "exhausted"


@dataclass
class TableResult:
    table2: dict[str, list[Cell]] = field(default_factory=dict)
    table3: dict[str, list[Cell]] = field(default_factory=dict)
    table4: list[Cell] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    found: set[str] = field(default_factory=set)


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
            span = []
        seg = Segment(label, strength, list(item.pieces), item.loc, item.line)
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
        return Resolved([tuple(piece_cell(p) for p in items)], "exact")
    if len(items) > n:
        while len(items) > n and items[-1].kind == "blank":
            items.pop()
        while len(items) > n and items[0].kind == "blank":
            items.pop(0)
        if len(items) == n:
            return Resolved([tuple(piece_cell(p) for p in items)], "trimmed")
        return Resolved([tuple(piece_cell(p) for p in items[:n])], "extra")
    if all(p.atomic or p.kind != "num" for p in items):
        cells = [piece_cell(p) for p in items] + [None] * (n - len(items))
        return Resolved([tuple(cells)], "padded")
    result = split_pieces(items, groups)
    if result.candidates:
        return Resolved(
            list(result.candidates), "split-partial" if result.exhausted else "split"
        )
    if any(g.summed for g in groups):
        loose = split_pieces(items, (Group(n, False),), max_candidates=2)
        digits = sum(len(p.text) for p in items if p.kind == "num")
        if digits + sum(1 for p in items if p.kind != "num") == n and loose.candidates:
            return Resolved([loose.candidates[0]], "split")
    return Resolved([], "exhausted" if result.exhausted else "failed")


def _prior(cells: tuple[Cell, ...]) -> tuple[int, int]:
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
    assignment = align(segs, rows, ok)
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
        options[key] = sorted(resolved[index].candidates, key=_prior)
    chosen, decided, tied = _choose_t3(fmt, options)
    # a search cut short may have missed the true reading: never claim certainty
    tied |= {k for k, i in assignment.items() if resolved[i].how == "split-partial"}
    decided -= tied
    for key in rows:
        refs = [f"table3.{key}.{c}" for c in TABLE3_COLUMN_KEYS]
        label = fmt.short_label(key)
        if key not in chosen:
            result.table3[key] = [None] * 7
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
        where = seg.loc + ("（由粘连数字拆分）" if res.how.startswith("split") else "")
        for ref in refs:
            result.provenance[ref] = where
        _note_resolution(result, f"表三“{label}”", refs, seg, res)
        if seg.label != key:
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
                    f"表内勾稽关系无法区分，暂取“{_show(chosen[key])}”，请核对原文（{seg.loc}）",
                    refs,
                )
            )
        elif key in decided:
            result.findings.append(
                finding(
                    F.AMBIGUOUS_SPLIT,
                    Severity.INFO,
                    f"表三“{label}”一行的粘连数字有 {len(options[key])} 种拆法，"
                    f"按表内勾稽关系取“{_show(chosen[key])}”（{seg.loc}）",
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


def _show(cells: Sequence[Cell]) -> str:
    return " ".join(format_cell(c) or "空" for c in cells)


def _note_resolution(
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


# -- table 四 ---------------------------------------------------------------------


def table4(items: Sequence[Item], result: TableResult) -> None:
    segs = [s for s in segments(items, LabelSet(()), lambda _k: 15) if s.pieces]
    refs = [f"table4.{k}" for k in TABLE4_KEYS]
    for seg in segs:
        if len(seg.pieces) < 15 and all(
            p.atomic or p.kind != "num" for p in seg.pieces
        ):
            continue  # header placeholders, page numbers
        res = resolve(seg.pieces, T4_GROUPS)
        if not res.candidates:
            continue
        cands = sorted(res.candidates, key=_prior)
        result.table4 = list(cands[0])
        result.found.add("table4")
        where = seg.loc + ("（由粘连数字拆分）" if res.how.startswith("split") else "")
        for ref in refs:
            result.provenance[ref] = where
        _note_resolution(result, "表四", refs, seg, res)
        if len(cands) > 1 or res.how == "split-partial":
            result.findings.append(
                finding(
                    F.AMBIGUOUS_SPLIT,
                    Severity.WARNING,
                    f"表四的粘连数字有 {len(cands)} 种拆法，暂取“{_show(cands[0])}”，请核对原文（{seg.loc}）",
                    refs,
                )
            )
        return
    result.table4 = [None] * 15
    result.findings.append(
        finding(
            F.TABLE_MISSING,
            Severity.ERROR,
            "未找到表四（行政复议、行政诉讼情况）的数据",
            refs,
        )
    )


# -- table 二 ---------------------------------------------------------------------

#: Column pairs where the first is a running total that includes the second.
_NOT_SMALLER = (("total_published", "published"), ("in_force", "issued"))
#: Columns that are usually small (a year's change, repeals).
_SMALL = ("change", "repealed")


def _t2_rank(
    columns: tuple[Column, ...], cells: tuple[Cell, ...]
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
    money = 0
    if any(c.kind is CellKind.MONEY for c in columns):
        counts = [
            len(format_cell(cell))
            for column, cell in zip(columns, cells, strict=True)
            if column.kind is CellKind.COUNT
        ]
        # a count of purchases has a few digits; the amount takes the rest
        money = sum((100 - n) if n <= 3 else 1000 + n for n in counts)
    lengths = [len(format_cell(c).split(".")[0]) for c in cells]
    small_total = sum(
        int(number_or_zero(by_key[k])) for k in _SMALL if by_key.get(k) is not None
    )
    return (delta_nonzero, order, money, max(lengths, default=0), abs(small_total))


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
        ranked = [
            (rank, cand)
            for cand in res.candidates
            if (rank := _t2_rank(columns, cand)) is not None
        ]
        if not ranked:
            ranked = [((0,), res.candidates[0])]
        ranked.sort(key=lambda rc: rc[0])
        best_rank, best = ranked[0]
        result.table2[key] = list(best)
        where = seg.loc + ("（由粘连数字拆分）" if res.how.startswith("split") else "")
        for ref in refs:
            result.provenance[ref] = where
        _note_resolution(result, f"表二“{row.label}”", refs, seg, res)
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
                    f"取“{_show(best)}”，请核对原文（{seg.loc}）",
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
