"""Splitting runs of digits into cells, bounded.

When a web page's table is flattened, a row such as 23 0 0 0 0 0 23 may come
out as "230 000023" or "23000023". ``split_pieces`` enumerates the ways to cut
the pieces into exactly ``n`` figures (a figure has no leading zero unless it
is "0"; whitespace between pieces is a forced boundary), keeping only the cuts
where, in every group of the template, the last figure is the sum of the
others (table 三: 总计 = the six applicant columns; table 四: 总计 of each
five-column group). The search is bounded by a node budget, so a long run
can never hang the parser; ``SplitResult.exhausted`` says when it stopped early.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from gongkai.annual.model import Cell
from gongkai.annual.parse.tokens import Piece

_FIGURE = re.compile(r"-?(?:0|[1-9]\d{0,13})(?:\.\d{1,8})?")
MAX_CANDIDATES = 200
NODE_BUDGET = 60_000


@dataclass(frozen=True)
class Group:
    free: int  # figures that may be anything
    summed: bool  # followed by one figure that must be their sum


@dataclass(frozen=True)
class SplitResult:
    candidates: tuple[tuple[Cell, ...], ...]
    exhausted: bool = False


def to_cell(piece_text: str) -> Cell:
    """A figure's text as int or Decimal."""
    if "." in piece_text:
        try:
            return Decimal(piece_text)
        except InvalidOperation:
            return piece_text
    return int(piece_text)


def piece_cell(piece: Piece) -> Cell:
    if piece.kind == "blank":
        return None
    if piece.kind == "literal":
        return piece.text
    return to_cell(piece.text)


def _as_int(cell: Cell) -> int | None:
    if isinstance(cell, int):
        return cell
    return None


def split_pieces(
    pieces: tuple[Piece, ...] | list[Piece],
    groups: tuple[Group, ...],
    *,
    max_candidates: int = MAX_CANDIDATES,
    budget: int = NODE_BUDGET,
) -> SplitResult:
    """Every way to read ``pieces`` as the figures of ``groups`` (see module doc)."""
    n = sum(g.free + (1 if g.summed else 0) for g in groups)
    # which positions are sums, and of which range
    sum_of: dict[int, tuple[int, int]] = {}
    pos = 0
    for group in groups:
        if group.summed:
            sum_of[pos + group.free] = (pos, pos + group.free)
        pos += group.free + (1 if group.summed else 0)
    units: list[tuple[str, bool, Piece]] = []  # (text, splittable, piece)
    for piece in pieces:
        splittable = piece.kind == "num" and not piece.atomic
        units.append((piece.text, splittable, piece))
    if len(units) > n:
        return SplitResult(())
    if len(groups) == 1 and groups[0].summed:
        return _split_one_sum(units, groups[0].free, max_candidates, budget)
    out: list[tuple[Cell, ...]] = []
    nodes = 0
    exhausted = False
    cells: list[Cell] = []

    def remaining_capacity(ui: int, off: int) -> int:
        total = 0
        for j in range(ui, len(units)):
            text, splittable, _piece = units[j]
            length = len(text) - (off if j == ui else 0)
            total += length if splittable else 1
        return total

    def visit(ui: int, off: int) -> None:
        nonlocal nodes, exhausted
        if exhausted or len(out) >= max_candidates:
            return
        nodes += 1
        if nodes > budget:
            exhausted = True
            return
        k = len(cells)
        if k == n:
            if ui == len(units):
                out.append(tuple(cells))
            return
        if ui >= len(units):
            return
        left = n - k
        units_left = len(units) - ui
        if units_left > left or remaining_capacity(ui, off) < left:
            return
        text, splittable, piece = units[ui]
        if not splittable:
            cell = piece_cell(piece)
            if k in sum_of and not _sum_ok(k, cell):
                return
            cells.append(cell)
            visit(ui + 1, 0)
            cells.pop()
            return
        rest = text[off:]
        if k in sum_of:
            start, end = sum_of[k]
            values = [_as_int(c) for c in cells[start:end]]
            if any(v is None for v in values):
                choices = _choices(rest)
            else:
                expected = str(sum(v for v in values if v is not None))
                choices = [expected] if rest.startswith(expected) else []
        else:
            choices = _choices(rest)
        for choice in choices:
            cells.append(to_cell(choice))
            if len(choice) == len(rest):
                visit(ui + 1, 0)
            else:
                visit(ui, off + len(choice))
            cells.pop()

    def _sum_ok(k: int, cell: Cell) -> bool:
        start, end = sum_of[k]
        values = [_as_int(c) for c in cells[start:end]]
        total = _as_int(cell)
        if total is None or any(v is None for v in values):
            return True
        return total == sum(v for v in values if v is not None)

    visit(0, 0)
    return SplitResult(tuple(out), exhausted)


def _choices(rest: str) -> list[str]:
    """Prefixes of ``rest`` that are valid figures, shortest first."""
    out: list[str] = []
    for end in range(1, len(rest) + 1):
        head = rest[:end]
        if head.endswith(".") or head == "-":
            continue
        if _FIGURE.fullmatch(head):
            out.append(head)
        elif not (head[:1] == "-" or head[:1].isdigit()):
            break
        if head.startswith("0") and not head.startswith("0.") and len(head) > 1:
            break
        if head.startswith("-0") and not head.startswith("-0.") and len(head) > 2:
            break
    return out


@dataclass
class _Search:
    body: list[tuple[str, bool, Piece]]
    free: int
    total: Cell
    limit: int | None
    out: list[tuple[Cell, ...]]
    max_candidates: int
    budget: int
    nodes: int = 0
    exhausted: bool = False
    dead: set[tuple[int, int, int, int]] = field(default_factory=set)


def _visit_sum(s: _Search, cells: list[Cell], ui: int, off: int, running: int) -> None:
    if s.exhausted or len(s.out) >= s.max_candidates:
        return
    s.nodes += 1
    if s.nodes > s.budget:
        s.exhausted = True
        return
    k = len(cells)
    state = (ui, off, k, running)
    if state in s.dead:
        return
    before = len(s.out)
    _expand_sum(s, cells, ui, off, running, k)
    if len(s.out) == before and not s.exhausted:
        s.dead.add(state)  # nothing below here: never look again


def _expand_sum(
    s: _Search, cells: list[Cell], ui: int, off: int, running: int, k: int
) -> None:
    body = s.body
    if k == s.free:
        if ui == len(body) and (s.limit is None or running == s.limit):
            s.out.append((*cells, s.total))
        return
    if ui >= len(body) or len(body) - ui > s.free - k:
        return
    text, splittable, piece = body[ui]
    if not splittable:
        cell = piece_cell(piece)
        value = cell if isinstance(cell, int) else 0
        if s.limit is not None and running + value > s.limit:
            return
        cells.append(cell)
        _visit_sum(s, cells, ui + 1, 0, running + value)
        cells.pop()
        return
    rest = text[off:]
    if s.limit is not None:
        width = len(str(s.limit - running))
        # every remaining figure is at most what is left of the total
        digits_left = len(rest) + sum(
            len(t) if sp else 1 for t, sp, _p in body[ui + 1 :]
        )
        if digits_left > (s.free - k) * width:
            return
        choices = _int_choices(rest, width)
    else:
        choices = _choices(rest)
    for choice in choices:
        value_cell = to_cell(choice)
        value = value_cell if isinstance(value_cell, int) else 0
        if s.limit is not None and running + value > s.limit:
            break
        cells.append(value_cell)
        if len(choice) == len(rest):
            _visit_sum(s, cells, ui + 1, 0, running + value)
        else:
            _visit_sum(s, cells, ui, off + len(choice), running + value)
        cells.pop()


def _split_one_sum(
    units: list[tuple[str, bool, Piece]], free: int, max_candidates: int, budget: int
) -> SplitResult:
    """One group (a table-三 row): the total is a suffix of the last piece, and
    the free figures are cut so that their running sum never passes it."""
    out: list[tuple[Cell, ...]] = []
    last_text, last_splittable, last_piece = units[-1]
    totals: list[
        tuple[str, Cell]
    ] = []  # (text left of the total in the last piece, total)
    if not last_splittable:
        totals.append(("", piece_cell(last_piece)))
    else:
        for length in range(1, min(len(last_text), 15) + 1):
            suffix = last_text[len(last_text) - length :]
            if (
                _FIGURE.fullmatch(suffix)
                and "." not in suffix
                and not suffix.startswith("-")
            ):
                totals.append((last_text[: len(last_text) - length], int(suffix)))
    nodes = 0
    exhausted = False
    for head, total in totals:
        body = list(units[:-1])
        if head:
            body.append((head, True, last_piece))
        limit = total if isinstance(total, int) else None
        search = _Search(body, free, total, limit, out, max_candidates, budget - nodes)
        _visit_sum(search, [], 0, 0, 0)
        nodes += search.nodes
        if search.exhausted:
            exhausted = True
            break
    return SplitResult(tuple(out), exhausted or len(out) >= max_candidates)


def _int_choices(rest: str, width: int) -> list[str]:
    """Whole-number prefixes of ``rest`` with at most ``width`` digits."""
    if not rest or not rest[0].isdigit():
        return _choices(rest)
    if rest[0] == "0":
        return ["0"]
    out = []
    for end in range(1, min(width, len(rest)) + 1):
        if not rest[end - 1].isdigit():
            break
        out.append(rest[:end])
    return out
