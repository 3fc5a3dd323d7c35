"""The Word rendering: 公文 page and fonts, merged tables, page numbers.

The table structure itself is checked against the official layout for HTML
and Word alike in ``test_render_tables.py``; this file checks what only the
.docx has.
"""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from gongkai.annual.formats import FORMATS, get_format
from gongkai.annual.model import Report
from gongkai.annual.render import render_docx
from gongkai.annual.render.docx import render_docx_uncached
from gongkai.annual.render.layout import table_layouts


def sample(format_id: str = "2021") -> Report:
    report = Report.blank(
        agency="某市生态环境局", year=2023, format=get_format(format_id)
    )
    report.sections = {
        "overview": "第一段。\n第二段。",
        "problems": "问题。",
        "other": "",
    }
    report.table3["new_received"] = [3, 0, 0, 0, 0, 0, 3]
    return report


def read(report: Report) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(report)))


def east_asian_font(style: docx.styles.style.BaseStyle) -> str | None:
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    return None if rfonts is None else rfonts.get(qn("w:eastAsia"))


def test_the_page_is_a4_with_the_official_document_margins():
    section = read(sample()).sections[0]
    sizes = (
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    )
    assert [round(s.mm, 1) for s in sizes] == [210, 297, 37, 35, 28, 26]


def test_title_body_headings_and_tables_name_their_east_asian_fonts():
    document = read(sample())
    paragraphs = document.paragraphs
    title = paragraphs[0]
    assert title.text == "某市生态环境局\n2023年政府信息公开工作年度报告"
    assert east_asian_font(title.style) == "方正小标宋简体"
    assert title.style.font.size.pt == 22
    body = next(p for p in paragraphs if p.text == "第一段。")
    assert east_asian_font(body.style) == "仿宋_GB2312"
    assert body.style.font.size.pt == 16  # 三号
    heading = next(p for p in paragraphs if p.text == "一、总体情况")
    assert east_asian_font(heading.style) == "黑体"
    cell_paragraph = document.tables[1].rows[0].cells[0].paragraphs[0]
    assert east_asian_font(cell_paragraph.style) == "宋体"
    assert cell_paragraph.style.font.size.pt == 10.5  # 五号
    assert document.tables[0].rows[0].cells[0].paragraphs[0].style.font.size.pt == 12


def test_the_font_table_names_fallbacks_for_the_official_faces():
    with zipfile.ZipFile(io.BytesIO(render_docx(sample()))) as package:
        fonts = package.read("word/fontTable.xml").decode()
    for face, fallback in (("方正小标宋简体", "宋体"), ("仿宋_GB2312", "仿宋")):
        assert f'w:name="{face}"><w:altName w:val="{fallback}"/>' in fonts


def test_the_six_headings_come_in_order_with_a_table_after_parts_two_to_four():
    document = read(sample())
    body = document.element.body
    sequence = []
    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            sequence.append("TABLE")
        elif child.tag == qn("w:p"):
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if text in {s.heading for s in get_format("2021").sections}:
                sequence.append(text)
    assert sequence == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "TABLE",
        "三、收到和处理政府信息公开申请情况",
        "TABLE",
        "四、政府信息公开行政复议、行政诉讼情况",
        "TABLE",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]


def test_the_footer_numbers_pages_with_a_page_field():
    footer = read(sample()).sections[0].footer.paragraphs[0]
    xml = footer._p.xml
    assert "PAGE" in "".join(t.text for t in footer._p.iter(qn("w:instrText")))
    assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
    assert footer.text.startswith("— ") and footer.text.endswith(" —")


@pytest.mark.parametrize("format_id", FORMATS)
def test_tables_have_fixed_explicit_column_widths_and_repeat_their_head(format_id):
    document = read(sample(format_id))
    layouts = table_layouts(get_format(format_id))
    for table, key in zip(document.tables, ("table2", "table3", "table4"), strict=True):
        tbl = table._tbl
        widths = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.gridCol_lst]
        expected = [round(w * 1440 / 25.4) for w in layouts[key].widths_mm]
        assert widths == expected
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        assert all(tc.tcPr.find(qn("w:tcW")) is not None for tc in tbl.iter(qn("w:tc")))
        heads = [tr for tr in tbl.tr_lst if tr.trPr.find(qn("w:tblHeader")) is not None]
        assert len(heads) == layouts[key].header_rows
        assert tbl.tblPr.find(qn("w:tblBorders")) is not None


def test_merges_are_real_grid_spans_and_vertical_merges():
    tbl = read(sample()).tables[1]._tbl  # table 三
    first_row = tbl.tr_lst[0].tc_lst
    assert [tc.grid_span for tc in first_row] == [3, 7]
    assert first_row[0].tcPr.find(qn("w:vMerge")).get(qn("w:val")) == "restart"
    second_row = tbl.tr_lst[1].tc_lst
    assert second_row[0].tcPr.find(qn("w:vMerge")).get(qn("w:val")) is None


def test_the_layout_cache_changes_nothing_in_the_document():
    report = sample("2019")
    report.table2["licensing"] = [4, -1, "/"]

    def document_xml(data: bytes) -> bytes:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return package.read("word/document.xml")

    assert document_xml(render_docx(report)) == document_xml(
        render_docx_uncached(report)
    )


def test_figures_blanks_and_literals_read_back_as_given():
    report = sample("2019")
    report.table2["licensing"] = [4, -1, "/"]
    cells = read(report).tables[0].rows[6].cells
    assert [c.text for c in cells] == ["行政许可", "4", "-1", "/"]
    assert [c.text for c in read(report).tables[0].rows[7].cells][1:] == ["", "", ""]
