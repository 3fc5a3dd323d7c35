"""The annual report in the official layout: HTML, Word (.docx) and PDF.

Public API (stable; the parser round-trips through it, see docs/rendering.md):

- ``render_html(report, *, standalone=True) -> str``
- ``render_docx(report) -> bytes``
- ``render_pdf(report) -> bytes`` (WeasyPrint; raises ``RenderError`` if the
  system libraries or a CJK font are missing)
- ``stylesheet() -> str``: the CSS the HTML fragment expects
- ``document_layout(report)`` / ``table_layouts(fmt)``: the one layout all
  renderers draw (grid cells with row and column spans, from ``formats``)

The PDF renderer (and WeasyPrint) is imported only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gongkai.annual.render.docx import render_docx
from gongkai.annual.render.errors import RenderError
from gongkai.annual.render.html import (
    column_widths_css,
    render_html,
    stylesheet,
    stylesheet_csp_source,
)
from gongkai.annual.render.layout import (
    DocumentLayout,
    FilledTable,
    GridCell,
    Part,
    Role,
    TableLayout,
    document_layout,
    table_layouts,
)

if TYPE_CHECKING:
    from gongkai.annual.model import Report

FORMATS_OUT = ("html", "docx", "pdf")


def render_pdf(report: Report) -> bytes:
    """The report as an A4 PDF (WeasyPrint from the HTML, print stylesheet)."""
    from gongkai.annual.render.pdf import render_pdf as _render_pdf

    return _render_pdf(report)


__all__ = [
    "FORMATS_OUT",
    "DocumentLayout",
    "FilledTable",
    "GridCell",
    "Part",
    "RenderError",
    "Role",
    "TableLayout",
    "column_widths_css",
    "document_layout",
    "render_docx",
    "render_html",
    "render_pdf",
    "stylesheet",
    "stylesheet_csp_source",
    "table_layouts",
]
