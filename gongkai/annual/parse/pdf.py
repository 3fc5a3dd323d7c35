"""PDF with a text layer → ``Document``: ruled tables as rows, other text as lines.

Two engines give the same ``Document``:

- ``pdfium`` (default): pypdfium2 (PDFium, C++) reads each page's characters
  and the straight segments of its vector paths; pdfplumber's table finder
  (its "lines" strategy, unchanged) then builds the tables from those edges and
  characters. About four times faster than letting pdfminer interpret the
  content streams, which is where nearly all of the time went.
- ``pdfplumber``: pdfplumber end to end (pdfminer). Used when PDFium cannot
  open a file or a page is rotated, and kept as the benchmark's baseline.
"""

from __future__ import annotations

import ctypes
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from gongkai.annual.errors import ReportReadError
from gongkai.annual.parse.document import Document, SrcCell
from gongkai.annual.parse.tokens import PAGE_NUMBER

MAX_PDF_PAGES = 80
#: The engine ``read_pdf`` uses by default ("pdfium" or "pdfplumber"); the
#: benchmark switches it to measure the baseline.
ENGINE = "pdfium"
#: Deepest nesting of form XObjects followed for ruling lines.
MAX_FORM_DEPTH = 8

_SCANNED = "扫描版 PDF，没有文字层：无法读取其中的文字（需要先做文字识别）"


class _Fallback(Exception):
    """PDFium cannot read this file the way pdfplumber would: use pdfplumber."""


def read_pdf(data: bytes, *, engine: str | None = None) -> Document:
    """Read a PDF; ``engine`` is "pdfium" (fast) or "pdfplumber" (baseline)."""
    if (engine or ENGINE) == "pdfium":
        try:
            return _read_pdfium(data)
        except _Fallback:
            pass
    return _read_pdfplumber(data)


# -- the shared layout step ------------------------------------------------------


def _page_lines(
    doc: Document,
    page_no: int,
    text_lines: list[tuple[float, str]],
    tables: list[tuple[float, list[list[str | None]]]],
    tables_seen: int,
) -> int:
    """Text lines and table rows of one page, top to bottom; page numbers dropped."""
    entries: list[tuple[float, int, Any]] = [(t, 0, s) for t, s in text_lines]
    entries += [(t, 1, rows) for t, rows in tables]
    entries.sort(key=lambda e: (e[0], e[1]))
    line_no = 0
    for _top, kind, payload in entries:
        if kind == 0:
            if PAGE_NUMBER.match(payload):
                continue
            line_no += 1
            doc.add_text_line(payload, f"第 {page_no} 页第 {line_no} 行")
            continue
        tables_seen += 1
        for r, row in enumerate(payload, 1):
            cells = [
                SrcCell(
                    c or "",
                    f"第 {page_no} 页表格 {tables_seen} 第 {r} 行第 {i} 列",
                    True,
                )
                for i, c in enumerate(row, 1)
                if c is not None
            ]
            doc.add_row(cells)
    return tables_seen


def _outside(boxes: list[Any]) -> Any:
    def test(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    return test


def _finish(doc: Document, chars: int) -> Document:
    if chars == 0:
        raise ReportReadError(_SCANNED)
    doc.text = "\n".join("\t".join(c.text for c in ln.cells) for ln in doc.lines)
    return doc


def _too_many(pages: int) -> None:
    if pages > MAX_PDF_PAGES:
        raise ReportReadError(
            f"PDF 共 {pages} 页，超过 {MAX_PDF_PAGES} 页的上限，不像一份年度报告"
        )


# -- pdfplumber end to end (baseline) ---------------------------------------------


def _read_pdfplumber(data: bytes) -> Document:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    doc = Document(kind="pdf")
    chars = 0
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFSyntaxError:
        raise ReportReadError("不是有效的 PDF 文件（文件已损坏或被截断）") from None
    except Exception as exc:  # pdfminer raises many kinds for broken files
        raise ReportReadError(f"无法打开 PDF 文件：{type(exc).__name__}") from None
    with pdf:
        _too_many(len(pdf.pages))
        tables_seen = 0
        for page_no, page in enumerate(pdf.pages, 1):
            chars += len(page.chars)
            if not page.chars:
                continue
            found = page.find_tables()
            boxes = [t.bbox for t in found]
            text_page = page.filter(_outside(boxes)) if boxes else page
            text_lines = [
                (float(line["top"]), str(line["text"]))
                for line in text_page.extract_text_lines(return_chars=False)
            ]
            tables = [(float(t.bbox[1]), t.extract()) for t in found]
            tables_seen = _page_lines(doc, page_no, text_lines, tables, tables_seen)
    return _finish(doc, chars)


# -- PDFium ------------------------------------------------------------------------


@dataclass
class _Page:
    """The little of a pdfplumber page that its table finder reads."""

    bbox: tuple[float, float, float, float]
    chars: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)


def _read_pdfium(data: bytes) -> Document:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception:  # let pdfplumber word the error for a broken file
        raise _Fallback from None
    doc = Document(kind="pdf")
    chars = 0
    try:
        _too_many(len(pdf))
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                if page.get_rotation() % 360:
                    raise _Fallback
                pages.append(_pdfium_page(page))
            finally:
                page.close()
    finally:
        pdf.close()
    from pdfplumber.table import TableFinder, TableSettings
    from pdfplumber.utils.text import chars_to_textmap

    settings = TableSettings.resolve(None)
    tables_seen = 0
    for page_no, data_page in enumerate(pages, 1):
        chars += len(data_page.chars)
        if not data_page.chars:
            continue
        found = TableFinder(data_page, settings).tables  # type: ignore[arg-type]
        boxes = [t.bbox for t in found]
        text_chars = (
            [c for c in data_page.chars if _outside(boxes)(c)]
            if boxes
            else data_page.chars
        )
        x0, top, x1, bottom = data_page.bbox
        text_lines = []
        if text_chars:
            textmap = chars_to_textmap(
                text_chars,
                layout_bbox=data_page.bbox,
                layout_width=x1 - x0,
                layout_height=bottom - top,
            )
            text_lines = [
                (float(line["top"]), str(line["text"]))
                for line in textmap.extract_text_lines(strip=True, return_chars=False)
            ]
        tables = [(float(t.bbox[1]), t.extract()) for t in found]
        tables_seen = _page_lines(doc, page_no, text_lines, tables, tables_seen)
    return _finish(doc, chars)


def _pdfium_page(page: Any) -> _Page:
    import pypdfium2.raw as raw

    left, low, right, high = page.get_mediabox()
    out = _Page(bbox=(left, 0.0, right, high - low))
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        box = raw.FS_RECTF()
        for i in range(raw.FPDFText_CountChars(handle)):
            if raw.FPDFText_IsGenerated(handle, i) == 1:
                continue
            code = raw.FPDFText_GetUnicode(handle, i)
            if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
                continue
            if not raw.FPDFText_GetLooseCharBox(handle, i, ctypes.byref(box)):
                continue
            if abs(raw.FPDFText_GetCharAngle(handle, i)) > 0.01:
                raise _Fallback  # rotated text: pdfplumber knows "upright"
            top = high - box.top
            bottom = high - box.bottom
            out.chars.append(
                {
                    "text": chr(code),
                    "x0": box.left,
                    "x1": box.right,
                    "top": top,
                    "bottom": bottom,
                    "doctop": top,
                    "width": box.right - box.left,
                    "height": bottom - top,
                    "upright": True,
                }
            )
    finally:
        textpage.close()
    for x_a, y_a, x_b, y_b in _segments(page.raw, raw):
        _add_edge(out.edges, x_a, high - y_a, x_b, high - y_b)
    return out


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _segments(
    page_handle: Any, raw: Any
) -> Iterator[tuple[float, float, float, float]]:
    """Every straight segment of every path on the page, in page space."""

    def objects(handle: Any, count: Any, get: Any, outer: _Matrix, depth: int) -> Any:
        for j in range(count(handle)):
            obj = get(handle, j)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind not in (raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM):
                continue
            m = raw.FS_MATRIX()
            if not raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
                continue
            matrix = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
            if kind == raw.FPDF_PAGEOBJ_FORM:
                if depth < MAX_FORM_DEPTH:
                    yield from objects(
                        obj,
                        raw.FPDFFormObj_CountObjects,
                        raw.FPDFFormObj_GetObject,
                        matrix,
                        depth + 1,
                    )
                continue
            yield from _path_segments(obj, matrix, raw)

    yield from objects(
        page_handle, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, _IDENTITY, 0
    )


def _path_segments(
    obj: Any, matrix: _Matrix, raw: Any
) -> Iterator[tuple[float, float, float, float]]:
    a, b, c, d, e, f = matrix
    x = ctypes.c_float()
    y = ctypes.c_float()
    start: tuple[float, float] | None = None
    here: tuple[float, float] | None = None
    for k in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, k)
        if not raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = here = point
            continue
        if kind == raw.FPDF_SEGMENT_LINETO and here is not None:
            yield (*here, *point)
        here = point  # a Bézier's points are skipped, its end point kept
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            if here != start:
                yield (*here, *start)
            here = start


def _add_edge(
    edges: list[dict[str, Any]], x_a: float, t_a: float, x_b: float, t_b: float
) -> None:
    """An axis-parallel segment as a pdfplumber edge (others are not rulings)."""
    x0, x1 = min(x_a, x_b), max(x_a, x_b)
    top, bottom = min(t_a, t_b), max(t_a, t_b)
    if abs(t_a - t_b) < 0.01:
        orientation = "h"
        top = bottom = (t_a + t_b) / 2
    elif abs(x_a - x_b) < 0.01:
        orientation = "v"
        x0 = x1 = (x_a + x_b) / 2
    else:
        return
    edges.append(
        {
            "object_type": "line",
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "doctop": top,
            "width": x1 - x0,
            "height": bottom - top,
            "orientation": orientation,
        }
    )
