"""HTML in the official layout: a full document or the fragment the portal embeds.

Tables are semantic ``<table>`` elements with ``<th>`` headings and the
template's ``rowspan``/``colspan``; each figure cell carries its reference in
``data-ref`` (``table3.granted.total``) so editors and parsers can find it
without comparing Chinese labels. Everything is escaped; nothing is fetched
from outside (the stylesheet is inlined from the package).

No ``style`` attribute: the column widths are rules of the stylesheet
(``column_widths_css``), so a page under a Content Security Policy without
``'unsafe-inline'`` shows the fragment as the PDF does. The web pages link the
same stylesheet as a static file (``gongkai/static/gongkai/report.css``,
checked against :func:`stylesheet` by the tests); the standalone document
inlines it, and its one ``<style>`` element is allowed by its hash
(:func:`stylesheet_csp_source`).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from functools import cache
from html import escape
from importlib import resources

from gongkai.annual.model import Report
from gongkai.annual.render.layout import (
    DocumentLayout,
    FilledTable,
    GridCell,
    Role,
    document_layout,
    table_layouts,
)

_CLASS = {
    Role.NOTE: "gk-note",
    Role.BLOCK: "gk-block",
    Role.HEADER: "gk-head",
    Role.GROUP: "gk-group",
    Role.LABEL: "gk-label",
}


@cache
def column_widths_css() -> str:
    """The width of every column of every table, per format, as CSS rules.

    The widths are the template's (millimetres in ``layout``), as percentages
    of the table's width.
    """
    from gongkai.annual.formats import FORMATS

    out = ["/* Column widths of each format's tables (from the layout). */"]
    for format_id, fmt in FORMATS.items():
        for key, layout in table_layouts(fmt).items():
            total = sum(layout.widths_mm)
            for i, width in enumerate(layout.widths_mm, start=1):
                out.append(
                    f'[data-format="{format_id}"] .gk-{key} '
                    f"col:nth-child({i}) {{ width: {width / total * 100:.2f}%; }}"
                )
    return "\n".join(out) + "\n"


@cache
def stylesheet() -> str:
    """The report stylesheet (screen and print), scoped to ``.gk-report``."""
    css = resources.files(__package__).joinpath("report.css").read_text("utf-8")
    return css + "\n" + column_widths_css()


def stylesheet_csp_source() -> str:
    """The CSP source (``'sha256-…'``) allowing the standalone document's ``<style>``."""
    digest = hashlib.sha256(f"\n{stylesheet()}".encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def _cell(table: FilledTable, cell: GridCell, marks: Mapping[str, str]) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.role is Role.DATA:
        ref = escape(cell.ref or "")
        mark = marks.get(cell.ref or "")
        if mark:
            attrs = f' class="{escape(mark)}"' + attrs
        return f'<td data-ref="{ref}"{attrs}>{escape(table.text(cell))}</td>'
    if cell.role in (Role.GROUP, Role.LABEL):
        scope = "rowgroup" if cell.role is Role.GROUP else "row"
    elif cell.role is Role.BLOCK or cell.colspan > 1:
        scope = "colgroup"
    elif cell.role is Role.NOTE:
        scope = ""
    else:
        scope = "col"
    scope_attr = f' scope="{scope}"' if scope else ""
    return (
        f'<th class="{_CLASS[cell.role]}"{scope_attr}{attrs}>{escape(cell.text)}</th>'
    )


def table_html(table: FilledTable, marks: Mapping[str, str] | None = None) -> str:
    """One table: ``<table>`` with ``<colgroup>``, ``<thead>`` and ``<tbody>`` bands.

    ``marks``: a class for the figure cells of some references (a page's
    highlighting of the cells a finding names).
    """
    layout = table.layout
    marks = marks or {}
    out = [f'<table class="gk-table gk-{layout.key}" data-table="{layout.key}">']
    out.append("<colgroup>")
    out.extend("<col>" for _ in layout.widths_mm)
    out.append("</colgroup>")
    starts = set(layout.bands) if layout.bands else {layout.header_rows}
    for index, row in enumerate(layout.rows):
        if index == 0 and layout.header_rows:
            out.append("<thead>")
        if index == layout.header_rows and layout.header_rows:
            out.append("</thead>")
        if index in starts:
            if index > min(starts):
                out.append("</tbody>")
            out.append("<tbody>")
        out.append("<tr>")
        out.extend(_cell(table, cell, marks) for cell in row)
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _body(doc: DocumentLayout, marks: Mapping[str, str] | None = None) -> str:
    out = [
        f'<article class="gk-report" lang="zh-Hans" data-format="{doc.format_id}">',
        f'<h1 class="gk-title"><span class="gk-agency">{escape(doc.agency)}</span>'
        f'<span class="gk-year-title">{escape(doc.year_title)}</span></h1>',
    ]
    out.extend(f'<p class="gk-opening">{escape(p)}</p>' for p in doc.opening)
    for part in doc.parts:
        out.append(f'<section class="gk-part" data-part="{part.key}">')
        out.append(f"<h2>{escape(part.heading)}</h2>")
        out.extend(f"<p>{escape(p)}</p>" for p in part.paragraphs)
        if part.table is not None:
            out.append(table_html(part.table, marks))
        out.append("</section>")
    out.append("</article>")
    return "\n".join(out)


def render_document_html(
    doc: DocumentLayout,
    *,
    standalone: bool = True,
    marks: Mapping[str, str] | None = None,
) -> str:
    """HTML from an already built layout (used by the PDF renderer and the bench)."""
    body = _body(doc, marks)
    if not standalone:
        return body
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(doc.title)}</title>\n"
        f"<style>\n{stylesheet()}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def render_html(
    report: Report,
    *,
    standalone: bool = True,
    marks: Mapping[str, str] | None = None,
) -> str:
    """The report in the official layout as HTML.

    ``standalone=True``: a complete document (title, inline stylesheet).
    ``standalone=False``: the ``<article class="gk-report">`` fragment for a page
    that links :func:`stylesheet` itself. ``marks``: a class per cell reference
    (``table_html``).
    """
    return render_document_html(
        document_layout(report), standalone=standalone, marks=marks
    )
