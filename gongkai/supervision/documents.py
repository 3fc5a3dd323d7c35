"""The bulletin as a page, a Word file (公文 layout) and a PDF.

The page and the PDF share one template (``_bulletin_body.html``); the PDF is
WeasyPrint over that HTML, as the annual report's PDF is
(``gongkai.annual.render.pdf``). The Word file follows the letters' 公文
layout (``gongkai.letters.word``): 方正小标宋简体 title, 仿宋_GB2312 body.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any
from urllib.parse import quote

from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from gongkai.annual.render.errors import RenderError
from gongkai.letters import word
from gongkai.letters.generators import (
    BODY_FONT,
    BODY_FONT_STACK,
    MARGINS_MM,
    TITLE_FONT,
    TITLE_FONT_STACK,
    TITLE_PT,
)
from gongkai.reports import files
from gongkai.supervision.bulletins import OUTCOME_FAMILIES, AgencyRow, rows_of
from gongkai.supervision.models import Bulletin
from gongkai.workdays.calendar import format_date_zh

__all__ = [
    "CONTENT_TYPES",
    "RenderError",
    "bulletin_context",
    "ensure_stored",
    "render",
    "stored_digest",
]

#: Bump when the renderers' output changes (stored files get new names).
RENDERER_VERSION = "1"

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
TABLE_PT = 9


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _report_cell(row: AgencyRow) -> str:
    if row.report_on_time is True:
        return f"{row.report_status}（按期）"
    if row.report_on_time is False:
        return f"{row.report_status}（{'逾期发布' if row.report_published_on else '逾期未发布'}）"
    return row.report_status


#: The columns of the per-agency table: heading, and how a row fills the cell.
COLUMNS: list[tuple[str, Any]] = [
    ("排名", lambda r: str(r.rank)),
    ("单位", lambda r: r.name),
    ("收到申请", lambda r: str(r.received)),
    ("办结", lambda r: str(r.closed)),
    ("按期答复", lambda r: str(r.closed_on_time)),
    ("逾期答复", lambda r: str(r.closed_overdue)),
    ("按期答复率", lambda r: _pct(r.on_time_rate)),
    ("现逾期未答复", lambda r: str(r.open_overdue)),
    (
        "平均答复用时（工作日）",
        lambda r: "—" if r.avg_workdays is None else str(r.avg_workdays),
    ),
    ("社会评议（件）", lambda r: str(r.evaluations)),
    ("满意率", lambda r: _pct(r.satisfaction_rate)),
    ("主动公开信息", lambda r: str(r.items_published)),
    ("超期公开", lambda r: str(r.items_published_late)),
    ("逾期未公开", lambda r: str(r.items_overdue)),
    ("上年度报告", _report_cell),
]


def _date(bulletin: Bulletin) -> str:
    if bulletin.issued_at is not None:
        return format_date_zh(
            timezone.localtime(bulletin.issued_at).date(), weekday=False
        )
    return format_date_zh(bulletin.computed_on, weekday=False)


def as_of(bulletin: Bulletin) -> dt.date:
    """The day the bulletin counts "still overdue" at (older drafts: the day computed)."""
    stored = bulletin.data.get("as_of")
    return dt.date.fromisoformat(stored) if stored else bulletin.computed_on


def summary_paragraph(bulletin: Bulletin) -> str:
    """The 总体情况 sentence, from the totals."""
    t = bulletin.data.get("totals", {})
    families = "、".join(
        f"{label}{t.get('outcomes', {}).get(key, 0)}件"
        for key, label in OUTCOME_FAMILIES.items()
    )
    evaluations = t.get("evaluations", 0)
    satisfied = t.get("satisfied", 0) + t.get("basically_satisfied", 0)
    rate = _pct(satisfied / evaluations if evaluations else None)
    return (
        f"本季度，{len(bulletin.data.get('rows', []))}个单位共收到政府信息公开申请"
        f"{t.get('received', 0)}件，办结{t.get('closed', 0)}件（{families}），"
        f"其中按期答复{t.get('closed_on_time', 0)}件、逾期答复{t.get('closed_overdue', 0)}件；"
        f"截至{format_date_zh(as_of(bulletin), weekday=False)}，"
        f"仍有{t.get('open_overdue', 0)}件申请逾期未答复。"
        f"申请人对答复作出评价{evaluations}件，满意和基本满意率{rate}。"
        f"主动公开政府信息{t.get('items_published', 0)}条，其中超过法定期限公开"
        f"{t.get('items_published_late', 0)}条，另有{t.get('items_overdue', 0)}条逾期未公开。"
    )


def bulletin_context(bulletin: Bulletin) -> dict[str, Any]:
    rows = rows_of(bulletin.data)
    table = [[fill(row) for _, fill in COLUMNS] for row in rows]
    return {
        "bulletin": bulletin,
        "rows": rows,
        "headings": [heading for heading, _ in COLUMNS],
        "table": table,
        "summary": summary_paragraph(bulletin),
        "outcome_families": OUTCOME_FAMILIES,
        "problem_rows": [row for row in rows if row.problems],
        "opinion_paragraphs": [p for p in bulletin.opinion.splitlines() if p.strip()],
        "date_zh": _date(bulletin),
        "as_of": as_of(bulletin),
        "draft": bulletin.status != Bulletin.Status.ISSUED,
    }


def render_html(bulletin: Bulletin) -> str:
    context = bulletin_context(bulletin) | {
        "title_fonts": TITLE_FONT_STACK,
        "body_fonts": BODY_FONT_STACK,
    }
    return render_to_string("supervision/bulletin_print.html", context)


def render_pdf(bulletin: Bulletin) -> bytes:
    from gongkai.annual.render.pdf import html_to_pdf

    return html_to_pdf(render_html(bulletin))


def render_docx(bulletin: Bulletin) -> bytes:
    context = bulletin_context(bulletin)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(20)
    section.right_margin = Mm(20)
    normal = doc.styles["Normal"]
    word.set_font(normal.font, normal.element, BODY_FONT, 16)
    doc.core_properties.title = bulletin.title
    doc.core_properties.author = bulletin.agency.name
    doc.core_properties.language = "zh-CN"

    word.add_paragraph(
        doc,
        bulletin.title,
        font=TITLE_FONT,
        size=TITLE_PT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        line_pt=40,
    )
    if context["draft"]:
        word.add_paragraph(doc, "（草稿，未签发）", align=WD_ALIGN_PARAGRAPH.CENTER)
    if bulletin.number:
        word.add_paragraph(doc, bulletin.number, align=WD_ALIGN_PARAGRAPH.CENTER)
    word.add_paragraph(doc, "")
    word.add_paragraph(doc, "各有关单位：")
    word.add_paragraph(
        doc,
        f"现将{bulletin.year}年{bulletin.get_quarter_display()}政府信息公开工作情况通报如下。",
        indent=True,
    )
    word.add_paragraph(doc, "一、总体情况", indent=True)
    word.add_paragraph(doc, context["summary"], indent=True)
    word.add_paragraph(doc, "二、各单位情况", indent=True)
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(table.rows[0].cells, context["headings"], strict=True):
        _cell(cell, heading)
    for values in context["table"]:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            _cell(cell, value)
    word.add_paragraph(doc, "")
    word.add_paragraph(doc, "三、存在的问题", indent=True)
    if not context["problem_rows"]:
        word.add_paragraph(doc, "本季度未发现需要通报的问题。", indent=True)
    for row in context["problem_rows"]:
        word.add_paragraph(doc, f"{row.name}：{'；'.join(row.problems)}。", indent=True)
    word.add_paragraph(doc, "四、通报意见", indent=True)
    for paragraph in context["opinion_paragraphs"]:
        word.add_paragraph(doc, paragraph.strip(), indent=True)
    word.add_paragraph(doc, "")
    word.add_paragraph(doc, bulletin.agency.name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    word.add_paragraph(doc, context["date_zh"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _cell(cell: Any, text: str) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    word.set_font(run.font, run._element, BODY_FONT, TABLE_PT)
    run.font.size = Pt(TABLE_PT)


def render(bulletin: Bulletin, ext: str) -> bytes:
    return render_docx(bulletin) if ext == "docx" else render_pdf(bulletin)


def rendered_content(bulletin: Bulletin) -> str:
    """Everything the Word file and the PDF show, as canonical JSON: the
    stored file's name is its digest, so any change (a recomputed figure, the
    opinion, 文号, issuing) names a new file and a stored one is never stale."""
    context = bulletin_context(bulletin)
    shown = {
        "title": bulletin.title,
        "agency": bulletin.agency.name,
        "number": bulletin.number,
        "year": bulletin.year,
        "quarter": bulletin.get_quarter_display(),
        "rows": [repr(row) for row in context["rows"]],
        **{
            key: context[key]
            for key in (
                "headings",
                "table",
                "summary",
                "opinion_paragraphs",
                "date_zh",
                "draft",
            )
        },
        "as_of": context["as_of"].isoformat(),
    }
    return json.dumps(shown, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def stored_digest(bulletin: Bulletin, ext: str) -> str:
    return files.digest(RENDERER_VERSION, ext, rendered_content(bulletin))


def ensure_stored(bulletin: Bulletin, ext: str, *, wait: bool = False) -> str:
    """The stored name of the bulletin's file, rendered once per content
    (``gongkai.reports.files.store_once``, as the annual reports' files)."""
    name = f"cache/bulletins/{stored_digest(bulletin, ext)}.{ext}"
    return files.store_once(name, lambda: render(bulletin, ext), wait=wait)


@task()
def render_issued(bulletin_id: int) -> list[str]:
    """Render and store both files of an issued bulletin (in the worker)."""
    bulletin = (
        Bulletin.objects.select_related("agency")
        .filter(pk=bulletin_id, status=Bulletin.Status.ISSUED)
        .first()
    )
    if bulletin is None:
        return []
    stored = []
    for ext in CONTENT_TYPES:
        try:
            stored.append(ensure_stored(bulletin, ext, wait=True))
        except RenderError:
            pass  # no CJK font here: the download says so when asked
    return stored


def content_disposition(bulletin: Bulletin, ext: str) -> str:
    name = f"{bulletin.year}年第{bulletin.quarter}季度政府信息公开工作通报.{ext}"
    ascii_name = f"bulletin-{bulletin.year}-q{bulletin.quarter}.{ext}"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
