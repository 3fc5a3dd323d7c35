"""Word (.docx) in the official layout, with python-docx.

Page and type follow 《党政机关公文格式》 (GB/T 9704) as agencies use it for
these reports: A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm;
title in 方正小标宋简体 二号; body 仿宋_GB2312 三号 at a fixed 28 pt line;
headings 黑体 三号; tables in 宋体 (table 二 小四, tables 三 and 四 五号);
page numbers "— 1 —" in the footer. Chinese faces are set as East-Asian fonts
(``w:eastAsia``) and listed in the font table with a fallback (``w:altName``)
for machines without the 公文 fonts.

Tables come from ``layout``: real merged cells (``gridSpan``/``vMerge``), fixed
column widths, borders, heading rows repeated across pages. A table's
skeleton depends only on the format, so it is built once per format and
copied for each report (the *layout cache*); the bench compares against
building every table afresh.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass
from functools import cache
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell

from gongkai.annual.model import Report
from gongkai.annual.render.layout import (
    DocumentLayout,
    FilledTable,
    Role,
    TableLayout,
    document_layout,
    table_layouts,
)

LATIN_FONT = "Times New Roman"
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
TABLE_FONT = "宋体"
#: Installed-font fallbacks Word uses when a 公文 face is missing (``w:altName``).
FONT_FALLBACKS: dict[str, str] = {
    TITLE_FONT: "宋体",
    BODY_FONT: "仿宋",
    HEADING_FONT: "SimHei",
    TABLE_FONT: "SimSun",
}

STYLE_TITLE = "Report Title"
STYLE_BODY = "Report Body"
STYLE_TABLE = "Report Table"
STYLE_TABLE_LARGE = "Report Table 12pt"
STYLE_HEADING = "Heading 1"

_TWIPS_PER_MM = 1440 / 25.4
_CELL_MARGIN_TWIPS = 34  # 0.6 mm each side
_BORDER = "6"  # eighths of a point: 0.75 pt


# -- fonts and styles ------------------------------------------------------------


def _set_fonts(rpr: Any, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Name the fonts of a run-properties element, East-Asian face explicitly."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)


def _paragraph_style(
    doc: DocxDocument,
    name: str,
    *,
    font: str,
    size: float,
    align: WD_ALIGN_PARAGRAPH,
    first_line_chars: int = 0,
    exact_line: float | None = None,
) -> ParagraphStyle:
    styles = doc.styles
    style: ParagraphStyle
    if name in [s.name for s in styles]:
        style = styles[name]
    else:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
    style.font.size = Pt(size)
    style.font.bold = False
    style.font.color.rgb = None
    _set_fonts(style.element.get_or_add_rPr(), font)
    pf = style.paragraph_format
    pf.alignment = align
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.keep_with_next = None
    if exact_line is None:
        pf.line_spacing = 1.0
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(exact_line)
    ppr = style.element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is not None:
        ppr.remove(ind)
    if first_line_chars:
        ind = OxmlElement("w:ind")
        ind.set(qn("w:firstLineChars"), str(first_line_chars * 100))
        ind.set(qn("w:firstLine"), str(int(first_line_chars * size * 20)))
        ppr.append(ind)
    return style


def _setup_styles(doc: DocxDocument) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_fonts(rpr, BODY_FONT)
            lang = rpr.find(qn("w:lang"))
            if lang is not None:
                lang.set(qn("w:eastAsia"), "zh-CN")
    _paragraph_style(
        doc, "Normal", font=BODY_FONT, size=16, align=WD_ALIGN_PARAGRAPH.JUSTIFY
    )
    _paragraph_style(
        doc,
        STYLE_BODY,
        font=BODY_FONT,
        size=16,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line_chars=2,
        exact_line=28,
    )
    _paragraph_style(
        doc,
        STYLE_TITLE,
        font=TITLE_FONT,
        size=22,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        exact_line=35,
    ).paragraph_format.space_after = Pt(28)
    heading = _paragraph_style(
        doc,
        STYLE_HEADING,
        font=HEADING_FONT,
        size=16,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        first_line_chars=2,
        exact_line=28,
    )
    heading.font.italic = False
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.space_before = Pt(8)
    _paragraph_style(
        doc, STYLE_TABLE, font=TABLE_FONT, size=10.5, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    _paragraph_style(
        doc,
        STYLE_TABLE_LARGE,
        font=TABLE_FONT,
        size=12,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )


def _register_fallback_fonts(doc: DocxDocument) -> None:
    """List the Chinese faces in word/fontTable.xml with ``w:altName`` fallbacks."""
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            break
    else:  # pragma: no cover - python-docx's template always has one
        return
    fonts = parse_xml(part.blob)
    for name, alt in FONT_FALLBACKS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        alt_name = OxmlElement("w:altName")
        alt_name.set(qn("w:val"), alt)
        charset = OxmlElement("w:charset")
        charset.set(qn("w:val"), "86")  # GB2312
        family = OxmlElement("w:family")
        family.set(qn("w:val"), "modern" if name == HEADING_FONT else "roman")
        pitch = OxmlElement("w:pitch")
        pitch.set(qn("w:val"), "variable")
        font.extend([alt_name, charset, family, pitch])
        fonts.append(font)
    from lxml import etree

    part._blob = etree.tostring(
        fonts, xml_declaration=True, encoding="UTF-8", standalone=True
    )


def _page_number_footer(doc: DocxDocument) -> None:
    """Footer "— N —" centred, N a PAGE field, in 宋体 四号."""
    footer = doc.sections[0].footer
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def run(text: str | None = None, field: str | None = None, instr: str = "") -> None:
        r = paragraph.add_run(text or "")
        r.font.size = Pt(14)
        _set_fonts(r._r.get_or_add_rPr(), TABLE_FONT)
        if field is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), field)
            r._r.append(char)
        if instr:
            text_el = OxmlElement("w:instrText")
            text_el.set(qn("xml:space"), "preserve")
            text_el.text = instr
            r._r.append(text_el)

    run("— ")
    run(field="begin")
    run(instr=" PAGE ")
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


def _setup_page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(37)
    section.bottom_margin = Mm(35)
    section.left_margin = Mm(28)
    section.right_margin = Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(25)


def _new_document() -> DocxDocument:
    doc = Document()
    _setup_page(doc)
    _setup_styles(doc)
    _register_fallback_fonts(doc)
    _page_number_footer(doc)
    return doc


@cache
def _base_document() -> bytes:
    """The configured empty document (page, styles, fonts, footer), built once."""
    buffer = io.BytesIO()
    _new_document().save(buffer)
    return buffer.getvalue()


# -- tables ------------------------------------------------------------------------


def _twips(mm: float) -> int:
    return round(mm * _TWIPS_PER_MM)


def _table_properties(table: Table, layout: TableLayout) -> None:
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(sum(_twips(w) for w in layout.widths_mm)))
    width.set(qn("w:type"), "dxa")
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(width)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{edge}")
        border.set(qn("w:val"), "single")
        border.set(qn("w:sz"), _BORDER)
        border.set(qn("w:space"), "0")
        border.set(qn("w:color"), "000000")
        borders.append(border)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        margin = OxmlElement(f"w:{edge}")
        margin.set(qn("w:w"), str(_CELL_MARGIN_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.append(margins)
    # python-docx orders tblPr children itself for the ones it knows; keep the
    # schema order for the ones appended here (tblW, tblBorders, tblLayout, tblCellMar).
    order = [
        "w:tblStyle",
        "w:tblpPr",
        "w:tblOverlap",
        "w:bidiVisual",
        "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize",
        "w:tblW",
        "w:jc",
        "w:tblCellSpacing",
        "w:tblInd",
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
    ]
    rank = {qn(tag): i for i, tag in enumerate(order)}
    children = sorted(tbl_pr, key=lambda el: rank.get(el.tag, len(order)))
    for child in children:
        tbl_pr.remove(child)
        tbl_pr.append(child)
    for grid_col, mm in zip(tbl.tblGrid.gridCol_lst, layout.widths_mm, strict=True):
        grid_col.set(qn("w:w"), str(_twips(mm)))


def _tc_grid(tbl: Any) -> dict[tuple[int, int], Any]:
    """Map (row, grid column) to the ``w:tc`` that starts there.

    Cells that continue a vertical merge (``vMerge`` without ``restart``) are skipped.
    """
    found: dict[tuple[int, int], Any] = {}
    for r, tr in enumerate(tbl.tr_lst):
        col = 0
        for tc in tr.tc_lst:
            v_merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            if v_merge is None or v_merge.get(qn("w:val")) == "restart":
                found[(r, col)] = tc
            col += tc.grid_span
    return found


def build_table(doc: DocxDocument, layout: TableLayout) -> Table:
    """Draw a table skeleton (labels, merges, widths, borders) with python-docx."""
    table: Table = doc.add_table(rows=layout.n_rows, cols=layout.n_cols)
    table.style = doc.styles["Table Grid"]
    _table_properties(table, layout)
    for cell in layout.cells:
        if cell.rowspan > 1 or cell.colspan > 1:
            table.cell(cell.row, cell.col).merge(
                table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1)
            )
    style_id = doc.styles[
        STYLE_TABLE_LARGE if layout.key == "table2" else STYLE_TABLE
    ].style_id
    tcs = _tc_grid(table._tbl)
    for cell in layout.cells:
        tc = tcs[(cell.row, cell.col)]
        wrapper = _Cell(tc, table)
        wrapper.width = Mm(sum(layout.widths_mm[cell.col : cell.col + cell.colspan]))
        wrapper.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        # A merge leaves one empty paragraph per merged cell; keep only the first.
        for extra in tc.p_lst[1:]:
            tc.remove(extra)
        paragraph = wrapper.paragraphs[0]
        p_pr = paragraph._p.get_or_add_pPr()
        p_pr.style = style_id
        if cell.role in (Role.LABEL, Role.NOTE):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if cell.role is not Role.DATA and cell.text:
            paragraph.add_run(cell.text)
    for index, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index < layout.header_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
    return table


@dataclass(frozen=True)
class _Skeleton:
    tbl: Any  # the w:tbl element, never inserted into a document
    data_paths: tuple[tuple[int, int], ...]  # (tr index, tc index) per data cell


def _data_paths(tbl: Any, layout: TableLayout) -> tuple[tuple[int, int], ...]:
    tcs = _tc_grid(tbl)
    paths: list[tuple[int, int]] = []
    for cell in layout.data_cells:
        tc = tcs[(cell.row, cell.col)]
        tr = tc.getparent()
        paths.append((tbl.tr_lst.index(tr), tr.tc_lst.index(tc)))
    return tuple(paths)


@cache
def _skeleton(format_id: str, key: str) -> _Skeleton:
    from gongkai.annual.formats import FORMATS

    doc = Document(io.BytesIO(_base_document()))
    layout = table_layouts(FORMATS[format_id])[key]
    tbl = build_table(doc, layout)._tbl
    tbl.getparent().remove(tbl)
    return _Skeleton(tbl, _data_paths(tbl, layout))


def _fill_tbl(tbl: Any, paths: tuple[tuple[int, int], ...], table: FilledTable) -> None:
    rows = tbl.tr_lst
    for (r, c), text in zip(paths, table.values, strict=True):
        if not text:
            continue
        p = rows[r].tc_lst[c].p_lst[0]
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = text
        run.append(t)
        p.append(run)


# -- the document ------------------------------------------------------------------


def _render(doc_layout: DocumentLayout, *, cached: bool) -> bytes:
    doc = Document(io.BytesIO(_base_document())) if cached else _new_document()
    styles = doc.styles
    body_style = styles[STYLE_BODY]
    heading_style = styles[STYLE_HEADING]
    title = doc.add_paragraph(style=styles[STYLE_TITLE])
    title.add_run(doc_layout.agency)
    title.add_run().add_break()
    title.add_run(doc_layout.year_title)
    for text in doc_layout.opening:
        doc.add_paragraph(text, body_style)
    sect_pr = doc.element.body.find(qn("w:sectPr"))
    for part in doc_layout.parts:
        doc.add_paragraph(part.heading, heading_style)
        for text in part.paragraphs:
            doc.add_paragraph(text, body_style)
        if part.table is None:
            continue
        layout = part.table.layout
        if cached:
            skeleton = _skeleton(doc_layout.format_id, layout.key)
            tbl = copy.deepcopy(skeleton.tbl)
            sect_pr.addprevious(tbl)
            paths = skeleton.data_paths
        else:
            tbl = build_table(doc, layout)._tbl
            paths = _data_paths(tbl, layout)
        _fill_tbl(tbl, paths, part.table)
    doc.core_properties.title = doc_layout.title
    doc.core_properties.author = doc_layout.agency
    doc.core_properties.language = "zh-CN"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render_docx(report: Report) -> bytes:
    """The report in the official layout as a Word .docx file (bytes)."""
    return _render(document_layout(report), cached=True)


def render_docx_uncached(report: Report) -> bytes:
    """The same document with every table built afresh (the bench's baseline)."""
    return _render(document_layout(report, cached=False), cached=False)
