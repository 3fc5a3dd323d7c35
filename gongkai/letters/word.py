"""Write a :class:`LetterDocument` as a Word file in 公文 layout (python-docx).

Word has no font fallback list: the East-Asian font is named as
方正小标宋简体 (title) and 仿宋_GB2312 (body), as agencies' machines have them;
Word substitutes a similar face where they are missing. Latin text uses
Times New Roman.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from gongkai.letters.generators import (
    BODY_FONT,
    BODY_PT,
    LATIN_FONT,
    LINE_PT,
    MARGINS_MM,
    NOTE_PT,
    TITLE_FONT,
    TITLE_PT,
    LetterDocument,
)


def set_font(
    run_or_style_font: object, element: object, name: str, size: float
) -> None:
    """Set a run's or style's font: ``name`` for East-Asian text, Times New Roman
    for Latin text, ``size`` in points (``element`` is the run's or style's XML)."""
    font = run_or_style_font
    font.name = LATIN_FONT  # type: ignore[attr-defined]
    font.size = Pt(size)  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    rfonts = rpr.get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), name)
    rfonts.set(qn("w:hint"), "eastAsia")


def add_paragraph(
    doc: DocxDocument,
    text: str,
    *,
    font: str = BODY_FONT,
    size: float = BODY_PT,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: bool = False,
    line_pt: float = LINE_PT,
    grey: bool = False,
) -> Paragraph:
    """Append one 公文 paragraph of ``text`` to ``doc``: exact line spacing, no
    space before or after, optionally a two-character first-line indent, an
    alignment, and grey text (the seal placeholder)."""
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)  # two characters
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    set_font(run.font, run._element, font, size)
    if grey:
        run.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    return paragraph


def write_docx(doc_data: LetterDocument) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])

    normal = doc.styles["Normal"]
    set_font(normal.font, normal.element, BODY_FONT, BODY_PT)
    core = doc.core_properties
    core.title = doc_data.title
    core.subject = doc_data.number
    core.author = doc_data.issuer
    core.language = "zh-CN"

    add_paragraph(
        doc,
        doc_data.title,
        font=TITLE_FONT,
        size=TITLE_PT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        line_pt=LINE_PT * 1.4,
    )
    if doc_data.number:
        add_paragraph(doc, doc_data.number, align=WD_ALIGN_PARAGRAPH.RIGHT)
    add_paragraph(doc, "")
    add_paragraph(doc, doc_data.addressee)
    body_line = 25 if doc_data.compact else LINE_PT
    for text in doc_data.paragraphs:
        add_paragraph(doc, text, indent=True, line_pt=body_line)
    add_paragraph(doc, "")
    add_paragraph(doc, doc_data.issuer, align=WD_ALIGN_PARAGRAPH.RIGHT)
    add_paragraph(doc, doc_data.seal, align=WD_ALIGN_PARAGRAPH.RIGHT, grey=True)
    add_paragraph(doc, doc_data.date_zh, align=WD_ALIGN_PARAGRAPH.RIGHT)
    # A compact letter (the receipt) keeps to one page: smaller 附注, no blank lines.
    note_pt = 10.5 if doc_data.compact else NOTE_PT
    note_line = note_pt * 1.35 if doc_data.compact else LINE_PT * 0.8
    if doc_data.contact:
        if not doc_data.compact:
            add_paragraph(doc, "")
        add_paragraph(
            doc, f"（{doc_data.contact}）", size=note_pt, indent=True, line_pt=note_line
        )
    if doc_data.notes:
        if not doc_data.compact:
            add_paragraph(doc, "")
        head, *lines = doc_data.notes
        add_paragraph(doc, f"附注：{head}", size=note_pt, line_pt=note_line)
        for line in lines:
            add_paragraph(doc, line, size=note_pt, indent=True, line_pt=note_line)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
