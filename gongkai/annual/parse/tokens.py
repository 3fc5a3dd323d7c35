"""From cells to tokens: label text and runs of figures.

Every line of a ``Document`` becomes a sequence of ``Text`` and ``Values``
items. A table cell holding one figure (or nothing, or "/") is one atomic
piece. Running text is scanned for runs of figures: in text copied from a web
page the figures of a row may be run together ("640020470"), so a piece from
running text may later be split into several cells; whitespace inside a run is
a forced boundary between pieces. A figure directly followed by "." or "、"
and a label ("00000002.其他法律…") ends with the next row's item number, which
goes back to the label.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from gongkai.annual.parse.document import Line

# Literal cell contents kept as published (report-schema: "/", "—", "无").
LITERALS = frozenset(
    {"/", "／", "\\", "-", "—", "——", "－", "--", "–", "无", "×", "*", "~", "—/—"}
)
UNITS = ("万元", "元", "件", "项", "个", "条", "次")
_UNIT_RE = "|".join(UNITS)
_NUMBER_TOKEN = re.compile(rf"[-+]?\d[\d,.]*(?:{_UNIT_RE})?")
_CELL_NUMBER = re.compile(
    rf"[-+]?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?\s*(?:{_UNIT_RE})?"
)
#: A page number on a line of its own: "- 3 -", "第 3 页 共 9 页", "3/9".
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
#: The names an OCR tool or a spreadsheet export gives columns it cannot name.
_GENERIC_NAME = re.compile(
    r"(?:列|栏|字段|column|col|field|unnamed:?)\s*[_#]?\s*(\d{1,2})", re.I
)
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")
_WS = re.compile(r"\s+")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def norm(text: str) -> str:
    """Text for comparing labels: NFKC, no whitespace, no quotes, "1、" as "1."."""
    text = _WS.sub("", nfkc(text)).translate(_QUOTES)
    return re.sub(r"(?<=\d)[、]", ".", text)


@dataclass(frozen=True)
class Piece:
    """One figure, blank or literal; or a run of digits that may hold several."""

    kind: str  # "num" | "blank" | "literal"
    text: str  # digits (sign, decimal point) without unit; "" for a blank
    atomic: bool
    loc: str
    #: The unit written after the figure ("万元", "元", "件"), if any. In a run
    #: of glued digits it belongs to the run's last figure.
    unit: str = ""


@dataclass(frozen=True)
class Text:
    norm: str
    line: int
    loc: str


@dataclass(frozen=True)
class Values:
    pieces: tuple[Piece, ...]
    line: int
    loc: str
    loose: bool  # a line holding one figure or one blank and nothing else


type Item = Text | Values


def classify_cell(text: str) -> Piece | None:
    """A cell's whole content as one figure/blank/literal, or None for text."""
    stripped = nfkc(text).strip()
    if not stripped:
        return Piece("blank", "", True, "")
    if stripped in LITERALS:
        return Piece("literal", text.strip(), True, "")
    if _CELL_NUMBER.fullmatch(stripped):
        digits = stripped.replace(",", "")
        found = ""
        for unit in UNITS:
            if digits.endswith(unit):
                digits = digits[: -len(unit)].strip()
                found = unit
                break
        return Piece("num", digits, True, "", found)
    return None


def token_unit(token: str) -> str:
    """The unit a figure token ends with ("12.5万元" → "万元"), or ""."""
    return next((unit for unit in UNITS if token.endswith(unit)), "")


#: A year or a date glued after a run of figures ("…继续办理30000032024年，本局…"):
#: narrative, not figures. Years 1950–2099 before 年; a month before 月, a day before 日.
_GLUED_DATE = {
    "年": re.compile(r"(?:19[5-9]\d|20\d\d)$"),
    "月": re.compile(r"(?:1[0-2]|[1-9])$"),
    "日": re.compile(r"(?:3[01]|[12]\d|[1-9])$"),
}


def cut_date(token: str, after: str) -> tuple[str, str]:
    """Split a glued run of digits from a year/month/day that follows it.

    Returns (figures, date): ``("3000003", "2024")`` for ``"30000032024"``
    followed by 年. A whole token that is a date ("2024" before 年) is all date.
    Only unbroken digit runs are cut; anything else is returned as it is.
    """
    pattern = _GLUED_DATE.get(after)
    if pattern is None or not token.isdigit():
        return token, ""
    match = pattern.search(token)
    if match is None:
        return token, ""
    return token[: match.start()], token[match.start() :]


def _split_number_token(token: str) -> list[str]:
    """A token of digits as pieces: "10-5" → ["10", "-5"], commas as separators."""
    for unit in UNITS:
        if token.endswith(unit):
            token = token[: -len(unit)]
            break
    if re.fullmatch(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", token):
        token = token.replace(",", "")
    out: list[str] = []
    for part in re.split(r",", token):
        for sub in re.findall(r"[-+]?[\d.]+", part):
            sub = sub.strip(".")
            if sub and re.fullmatch(r"[-+]?\d+(?:\.\d+)?", sub):
                out.append(sub.lstrip("+"))
            elif sub:
                out.extend(x for x in sub.split(".") if x)
    return out


def scan_text(text: str, line: int, loc: str) -> list[Item]:
    """Running text as Text and Values items (see the module docstring)."""
    text = nfkc(text)
    items: list[Item] = []
    pending_text: list[str] = []
    pending_pieces: list[Piece] = []

    def flush_text() -> None:
        joined = norm("".join(pending_text))
        pending_text.clear()
        if joined:
            items.append(Text(joined, line, loc))

    def flush_values() -> None:
        if pending_pieces:
            items.append(Values(tuple(pending_pieces), line, loc, loose=False))
            pending_pieces.clear()

    pos = 0
    for match in _NUMBER_TOKEN.finditer(text):
        start, end = match.span()
        token = match.group()
        between = text[pos:start]
        after = text[end : end + 1]
        item_number = ""
        # "…00000002.其他" / "1.属于" / "2、重复申请": the last digit numbers the next label
        if (
            token.endswith(".")
            and after
            and not after.isdigit()
            and not after.isspace()
        ):
            item_number = token[-2:]
            token = token[:-2]
        elif (
            re.fullmatch(r"\d{1,2}\.", token)
            and not text[pos:start].strip()[-1:].isdigit()
            and re.match(r"[ \t\u3000]+[\u4e00-\u9fff]", text[end:])
        ):
            # "1. 本机关不掌握…": an item number set apart by a space (OCR)
            item_number = token
            token = ""
        elif after == "、" and token[-1:].isdigit():
            item_number = token[-1] + "、"
            token = token[:-1]
        elif after in _GLUED_DATE:
            token, item_number = cut_date(token, after)
        if between.strip():
            flush_values()
            pending_text.append(between)
        if token:
            flush_text()
            subs = _split_number_token(token)
            unit = token_unit(token)
            for i, sub in enumerate(subs):
                last = i == len(subs) - 1
                pending_pieces.append(
                    Piece("num", sub, False, loc, unit if last else "")
                )
        if item_number:
            flush_values()
            pending_text.append(item_number)
        pos = end
    rest = text[pos:]
    if rest.strip():
        flush_values()
        pending_text.append(rest)
    flush_values()
    flush_text()
    return items


def _consecutive(numbers: list[int]) -> bool:
    return numbers[0] in (0, 1) and numbers == list(
        range(numbers[0], numbers[0] + len(numbers))
    )


def is_generic_header(line: Line) -> bool:
    """A table header an OCR tool made up: 列1 列2 …, Column1 …, A B C …, 0 1 2 ….

    Three names at least, in sequence; bare numbers (a data frame's header) only
    as the cells of a real table row, four at least.
    """
    if line.table:
        names = [nfkc(c.text).strip() for c in line.cells if c.text.strip()]
    elif len(line.cells) == 1:
        names = nfkc(line.cells[0].text).split()
    else:
        return False
    if len(names) < 3:
        return False
    matches = [_GENERIC_NAME.fullmatch(n) for n in names]
    if all(matches):
        return _consecutive([int(m.group(1)) for m in matches if m])
    if all(re.fullmatch(r"[A-Z]", n) for n in names):
        return [ord(n) - ord("A") for n in names] == list(range(len(names)))
    if line.table and len(names) >= 4 and all(n.isdigit() for n in names):
        return _consecutive([int(n) for n in names])
    return False


def has_index_column(line: Line) -> bool:
    """A data frame's header: a blank first name, then 0, 1, 2 … (or 1, 2, 3 …).

    The rows under it start with their row number, which is no figure.
    """
    if not line.table or len(line.cells) < 4 or line.cells[0].text.strip():
        return False
    names = [nfkc(c.text).strip() for c in line.cells[1:]]
    return all(n.isdigit() for n in names) and _consecutive([int(n) for n in names])


def line_items(line: Line, index: int) -> list[Item]:
    """The items of one document line, in order."""
    items: list[Item] = []
    cells = line.cells
    if is_generic_header(line):
        return []
    if len(cells) == 1 and not line.table and PAGE_NUMBER.match(cells[0].text):
        return []
    if len(cells) == 1 and not line.table:
        cell = cells[0]
        piece = classify_cell(cell.text)
        if piece is not None:
            return [
                Values(
                    (Piece(piece.kind, piece.text, False, cell.loc, piece.unit),),
                    index,
                    cell.loc,
                    loose=True,
                )
            ]
        return scan_text(cell.text, index, cell.loc)
    for cell in cells:
        piece = classify_cell(cell.text) if cell.structured else None
        if piece is not None:
            new = Piece(piece.kind, piece.text, True, cell.loc, piece.unit)
            if items and isinstance(items[-1], Values):
                last = items[-1]
                items[-1] = Values((*last.pieces, new), index, last.loc, loose=False)
            else:
                items.append(Values((new,), index, cell.loc, loose=False))
            continue
        for item in scan_text(cell.text, index, cell.loc):
            if isinstance(item, Values) and items and isinstance(items[-1], Values):
                last = items[-1]
                items[-1] = Values(
                    (*last.pieces, *item.pieces), index, last.loc, loose=False
                )
            elif isinstance(item, Text) and items and isinstance(items[-1], Text):
                last_text = items[-1]
                items[-1] = Text(last_text.norm + item.norm, index, last_text.loc)
            else:
                items.append(item)
    return items
