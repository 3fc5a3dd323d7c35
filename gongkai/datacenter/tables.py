"""Tables of a collected report in the official layout, each figure annotated.

The grid comes from ``gongkai.annual.render.layout`` (no label typed here); each
data cell gets an anchor id (``cell-table3-granted-total``) that a finding's
link targets, its source in the source file as a tooltip, and classes saying
whether a finding concerns it, it was corrected, or it changed since last year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape

from gongkai.annual.model import Report
from gongkai.annual.render.layout import (
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


def cell_id(ref: str) -> str:
    return "cell-" + ref.replace(".", "-").replace("_", "-")


@dataclass
class CellNote:
    source: str = ""
    severity: str = ""  # "error" | "warning" | "info" | ""
    corrected: bool = False
    change: str = ""  # "+3" on the year-over-year page
    unit: str = ""
    extra: list[str] = field(default_factory=list)

    def title(self, label: str) -> str:
        parts = [label]
        if self.source:
            parts.append(f"来源：{self.source}")
        if self.unit:
            parts.append(f"单位：{self.unit}")
        parts.extend(self.extra)
        return "\n".join(parts)


_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2, "": 3}


def notes_for(
    report: Report,
    *,
    provenance: dict[str, str],
    findings: Iterable[dict[str, object]] = (),
    corrected: Iterable[str] = (),
    units: dict[str, str] | None = None,
) -> dict[str, CellNote]:
    notes: dict[str, CellNote] = {}
    for info in report.cells():
        notes[info.ref] = CellNote(
            source=provenance.get(info.ref, ""), unit=(units or {}).get(info.ref, "")
        )
    for f in findings:
        severity = str(f.get("severity", ""))
        for ref in f.get("cells", ()) or ():  # type: ignore[attr-defined]
            note = notes.get(str(ref))
            if note is None:
                continue
            if _SEVERITY_RANK[severity] < _SEVERITY_RANK[note.severity]:
                note.severity = severity
            note.extra.append(f"{f.get('name', '')}：{f.get('message', '')}")
    for ref in corrected:
        if ref in notes:
            notes[ref].corrected = True
    return notes


def _cell(
    table: FilledTable, cell: GridCell, report: Report, notes: dict[str, CellNote]
) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    if cell.role is Role.DATA:
        ref = cell.ref or ""
        note = notes.get(ref, CellNote())
        classes = []
        if note.severity:
            classes.append(f"dc-{note.severity}")
        if note.corrected:
            classes.append("dc-corrected")
        if note.change:
            classes.append("dc-changed")
        class_attr = f' class="{" ".join(classes)}"' if classes else ""
        title = escape(note.title(report.label_of(ref)))
        change = (
            f'<span class="dc-delta">{escape(note.change)}</span>'
            if note.change
            else ""
        )
        return (
            f'<td id="{cell_id(ref)}" data-ref="{escape(ref)}" title="{title}"'
            f"{class_attr}{attrs}>{escape(table.text(cell))}{change}</td>"
        )
    return f'<th class="{_CLASS[cell.role]}"{attrs}>{escape(cell.text)}</th>'


def tables_html(report: Report, notes: dict[str, CellNote]) -> list[tuple[str, str]]:
    """(heading, table HTML) for tables 二, 三 and 四 of ``report``."""
    out: list[tuple[str, str]] = []
    for part in document_layout(report).parts:
        table = part.table
        if table is None:
            continue
        layout = table.layout
        html = [
            f'<div class="dc-scroll" data-format="{report.format.id}">'
            f'<table class="gk-table gk-{layout.key}" data-table="{layout.key}">',
            "<colgroup>",
            *("<col>" for _ in layout.widths_mm),  # widths: report-columns.css
            "</colgroup><tbody>",
        ]
        for row in layout.rows:
            html.append("<tr>")
            html.extend(_cell(table, cell, report, notes) for cell in row)
            html.append("</tr>")
        html.append("</tbody></table></div>")
        out.append((part.heading, "".join(html)))
    return out
