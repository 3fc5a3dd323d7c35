"""HTML in the official layout: a full document or the fragment the portal embeds.

Tables are semantic ``<table>`` elements with ``<th>`` headings and the
template's ``rowspan``/``colspan``; each figure cell carries its reference in
``data-ref`` (``table3.granted.total``) so editors and parsers can find it
without comparing Chinese labels. Everything is escaped; nothing is fetched
from outside (the stylesheet is inlined from the package).
"""

from __future__ import annotations

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
)

_CLASS = {
    Role.NOTE: "gk-note",
    Role.BLOCK: "gk-block",
    Role.HEADER: "gk-head",
    Role.GROUP: "gk-group",
    Role.LABEL: "gk-label",
}


@cache
def stylesheet() -> str:
    """The report stylesheet (screen and print), scoped to ``.gk-report``."""
    return resources.files(__package__).joinpath("report.css").read_text("utf-8")


def _cell(table: FilledTable, cell: GridCell) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.role is Role.DATA:
        ref = escape(cell.ref or "")
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


def table_html(table: FilledTable) -> str:
    """One table: ``<table>`` with ``<colgroup>``, ``<thead>`` and ``<tbody>`` bands."""
    layout = table.layout
    total = sum(layout.widths_mm)
    out = [f'<table class="gk-table gk-{layout.key}" data-table="{layout.key}">']
    out.append("<colgroup>")
    out.extend(f'<col style="width:{w / total * 100:.2f}%">' for w in layout.widths_mm)
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
        out.extend(_cell(table, cell) for cell in row)
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _body(doc: DocumentLayout) -> str:
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
            out.append(table_html(part.table))
        out.append("</section>")
    out.append("</article>")
    return "\n".join(out)


def render_document_html(doc: DocumentLayout, *, standalone: bool = True) -> str:
    """HTML from an already built layout (used by the PDF renderer and the bench)."""
    body = _body(doc)
    if not standalone:
        return body
    return (
        '<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(doc.title)}</title>\n"
        f"<style>\n{stylesheet()}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def render_html(report: Report, *, standalone: bool = True) -> str:
    """The report in the official layout as HTML.

    ``standalone=True``: a complete document (title, inline stylesheet).
    ``standalone=False``: the ``<article class="gk-report">`` fragment for a page
    that includes :func:`stylesheet` itself.
    """
    return render_document_html(document_layout(report), standalone=standalone)
