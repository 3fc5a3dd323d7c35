"""The ranking and a score sheet as tables, a Word file and a PDF.

One context per document (``ranking_context``, ``sheet_context``) feeds the
staff and public pages, the print HTML (WeasyPrint makes the PDF from it, as
the bulletin's PDF is made) and the .docx (python-docx, the letters' 公文
fonts). Everything comes from the assessment's stored indicators and sheets,
never from the records, so an approved document renders the same forever.
"""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from gongkai.annual.render.errors import RenderError
from gongkai.assessment import indicators as ind
from gongkai.assessment.models import Assessment, ScoreSheet
from gongkai.letters import word
from gongkai.letters.generators import (
    BODY_FONT,
    BODY_FONT_STACK,
    MARGINS_MM,
    TITLE_FONT,
    TITLE_FONT_STACK,
    TITLE_PT,
)
from gongkai.workdays.calendar import format_date_zh

__all__ = ["CONTENT_TYPES", "RenderError", "ranking_context", "render", "sheet_context"]

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
TABLE_PT = 9
#: The sheet's columns, what matters first (a phone shows the first ones).
SHEET_HEADINGS = (
    "指标",
    "数据",
    "得分",
    "加权得分",
    "分值",
    "权重",
    "计分方法",
    "说明",
)


def status_note(assessment: Assessment) -> str:
    """What the document is: a draft, under review, or the approved result."""
    if assessment.frozen:
        assert assessment.approved_at is not None
        day = format_date_zh(
            timezone.localtime(assessment.approved_at).date(), weekday=False
        )
        return f"{day}审核通过"
    return f"（{assessment.get_status_display()}，未经审核）"


def ranking_rows(assessment: Assessment) -> list[dict[str, Any]]:
    sheets = assessment.sheets.select_related("agency").order_by("rank", "agency__path")
    return [
        {
            "sheet": sheet,
            "rank": sheet.rank,
            "name": sheet.agency.name,
            "total": sheet.total,
            "scores": [entry["weighted"] for entry in sheet.scores],
        }
        for sheet in sheets
    ]


def ranking_context(assessment: Assessment) -> dict[str, Any]:
    indicators = list(assessment.indicators.order_by("position", "pk"))
    rules = [ind.describe(_data(i)) for i in indicators]
    return {
        "assessment": assessment,
        "indicators": indicators,
        "rules": rules,
        "indicator_rules": list(zip(indicators, rules, strict=True)),
        "rows": ranking_rows(assessment),
        "status_note": status_note(assessment),
        "draft": not assessment.frozen,
    }


def _data(indicator: Any) -> ind.Indicator:
    from gongkai.assessment.services import as_data

    return as_data(indicator)


def sheet_table(sheet: ScoreSheet) -> list[list[str]]:
    """The sheet's rows as text, in ``SHEET_HEADINGS`` order."""
    rows = []
    for entry in sheet.scores:
        figure = (
            f"{entry['figure_label']}：{entry['figure_text']}"
            if entry.get("figure_label")
            else entry.get("reason", "")
        )
        rows.append(
            [
                entry["name"],
                figure,
                entry["score"],
                entry["weighted"],
                entry["max_score"],
                entry["weight"],
                entry["rule"],
                entry["explanation"],
            ]
        )
    return rows


def sheet_context(sheet: ScoreSheet) -> dict[str, Any]:
    assessment = sheet.assessment
    return {
        "assessment": assessment,
        "sheet": sheet,
        "headings": SHEET_HEADINGS,
        "table": sheet_table(sheet),
        "count": assessment.sheets.count(),
        "status_note": status_note(assessment),
        "draft": not assessment.frozen,
    }


def sheet_title(sheet: ScoreSheet) -> str:
    return f"{sheet.agency.name}{sheet.assessment.year}年度政府信息公开工作考核评分表"


def render_html(obj: Assessment | ScoreSheet) -> str:
    fonts = {"title_fonts": TITLE_FONT_STACK, "body_fonts": BODY_FONT_STACK}
    if isinstance(obj, ScoreSheet):
        context = sheet_context(obj) | {"title": sheet_title(obj)} | fonts
        return render_to_string("assessment/sheet_print.html", context)
    context = ranking_context(obj) | {"title": obj.title} | fonts
    return render_to_string("assessment/ranking_print.html", context)


def render_pdf(obj: Assessment | ScoreSheet) -> bytes:
    from gongkai.annual.render.pdf import html_to_pdf

    return html_to_pdf(render_html(obj))


def _cell(cell: Any, text: str) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    word.set_font(run.font, run._element, BODY_FONT, TABLE_PT)
    run.font.size = Pt(TABLE_PT)


def _table(doc: Any, headings: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        _cell(cell, heading)
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            _cell(cell, value)


def _document(title: str, author: str) -> Any:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(20)
    section.right_margin = Mm(20)
    normal = doc.styles["Normal"]
    word.set_font(normal.font, normal.element, BODY_FONT, 16)
    doc.core_properties.title = title
    doc.core_properties.author = author
    doc.core_properties.language = "zh-CN"
    word.add_paragraph(
        doc,
        title,
        font=TITLE_FONT,
        size=TITLE_PT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        line_pt=40,
    )
    return doc


def render_docx(obj: Assessment | ScoreSheet) -> bytes:
    if isinstance(obj, ScoreSheet):
        context = sheet_context(obj)
        assessment = obj.assessment
        doc = _document(sheet_title(obj), assessment.agency.name)
        word.add_paragraph(doc, context["status_note"], align=WD_ALIGN_PARAGRAPH.CENTER)
        word.add_paragraph(
            doc,
            f"总分：{obj.total}分；排名：第{obj.rank}名（共{context['count']}个单位）。",
            indent=True,
        )
        _table(doc, list(SHEET_HEADINGS), context["table"])
    else:
        assessment = obj
        context = ranking_context(obj)
        doc = _document(obj.title, obj.agency.name)
        word.add_paragraph(doc, context["status_note"], align=WD_ALIGN_PARAGRAPH.CENTER)
        word.add_paragraph(doc, "一、考核指标", indent=True)
        for indicator, rule in zip(
            context["indicators"], context["rules"], strict=True
        ):
            word.add_paragraph(
                doc,
                f"{indicator.position}. {indicator.name}（权重{indicator.weight.normalize():f}）：{rule}",
                indent=True,
            )
        word.add_paragraph(doc, "二、考核结果", indent=True)
        headings = ["排名", "单位", "总分", *(i.name for i in context["indicators"])]
        rows = [
            [str(r["rank"]), r["name"], str(r["total"]), *r["scores"]]
            for r in context["rows"]
        ]
        _table(doc, headings, rows)
    word.add_paragraph(doc, "")
    word.add_paragraph(doc, assessment.agency.name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render(obj: Assessment | ScoreSheet, ext: str) -> bytes:
    return render_docx(obj) if ext == "docx" else render_pdf(obj)


def filename(obj: Assessment | ScoreSheet, ext: str) -> tuple[str, str]:
    """(Chinese name, ASCII fallback) of the document's file."""
    if isinstance(obj, ScoreSheet):
        return (
            f"{obj.assessment.year}年度考核评分表-{obj.agency.name}.{ext}",
            f"assessment-{obj.assessment.year}-{obj.agency_id}.{ext}",
        )
    return (
        f"{obj.year}年度政府信息公开工作绩效考核结果.{ext}",
        f"assessment-{obj.year}.{ext}",
    )


def content_disposition(name: str, ascii_name: str) -> str:
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
