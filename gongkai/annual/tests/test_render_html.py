"""The HTML rendering: whole document or portal fragment, escaped, self-contained."""

from __future__ import annotations

import re

import lxml.html
import pytest

from gongkai.annual.formats import FORMATS, get_format
from gongkai.annual.model import Report
from gongkai.annual.render import render_html, stylesheet
from gongkai.annual.render.html import render_document_html
from gongkai.annual.render.layout import document_layout


def report_2021() -> Report:
    report = Report.blank(agency="某市生态环境局", year=2023)
    report.sections = {
        "overview": "第一段。\n\n（一）主动公开。第二段。\n",
        "problems": "问题一。",
        "other": "",
    }
    return report


def test_the_document_has_the_title_the_opening_and_six_parts_in_order():
    report = report_2021()
    root = lxml.html.fromstring(render_html(report))
    assert root.findtext(".//title") == "某市生态环境局2023年政府信息公开工作年度报告"
    assert root.find(".//h1").text_content() == (
        "某市生态环境局2023年政府信息公开工作年度报告"
    )
    opening = [p.text_content() for p in root.find_class("gk-opening")]
    assert "国办公开办函〔2021〕30号" in opening[0]
    assert "2023年1月1日起至2023年12月31日止" in opening[1]
    headings = [h.text_content() for h in root.iter("h2")]
    assert headings == [s.heading for s in get_format("2021").sections]


def test_narrative_sections_become_paragraphs_and_tables_follow_their_heading():
    root = lxml.html.fromstring(render_html(report_2021()))
    parts = {s.get("data-part"): s for s in root.iter("section")}
    assert [p.text_content() for p in parts["overview"].iter("p")] == [
        "第一段。",
        "（一）主动公开。第二段。",
    ]
    assert [p.text_content() for p in parts["other"].iter("p")] == []
    for key in ("table2", "table3", "table4"):
        assert parts[key].find("table").get("data-table") == key


@pytest.mark.parametrize("format_id", FORMATS)
def test_figure_cells_are_td_with_their_reference_and_headings_are_th(format_id):
    report = Report.blank(agency="某局", year=2023, format=get_format(format_id))
    root = lxml.html.fromstring(render_html(report))
    refs = [td.get("data-ref") for td in root.iter("td")]
    assert refs == [cell.ref for cell in report.cells()]
    assert all(th.text_content().strip() for th in root.iter("th"))
    heads = root.findall(".//table[@data-table='table3']/thead/tr")
    assert len(heads) == 3


def test_everything_is_escaped():
    report = Report.blank(agency="<script>alert(1)</script>局", year=2023)
    report.sections["overview"] = '</p><img src=x onerror="x()">&amp;'
    report.table3["granted"][0] = "<b>/</b>"
    html = render_html(report)
    root = lxml.html.fromstring(html)
    assert root.find(".//script") is None and root.find(".//img") is None
    assert root.find(".//h1").text_content().startswith("<script>alert(1)</script>局")
    assert (
        '</p><img src=x onerror="x()">&amp;' in root.find(".//section/p").text_content()
    )
    assert root.find(".//td[@data-ref='table3.granted.natural_person']").text == (
        "<b>/</b>"
    )


def test_the_fragment_is_the_article_alone():
    fragment = render_html(report_2021(), standalone=False)
    assert fragment.startswith('<article class="gk-report"')
    assert fragment.rstrip().endswith("</article>")
    assert "<html" not in fragment and "<style" not in fragment


def test_nothing_is_fetched_from_outside():
    html = render_html(report_2021())
    assert not re.search(
        r"""(src|href)\s*=|@import|url\(|https?://fonts""", stylesheet()
    )
    root = lxml.html.fromstring(html)
    assert not [el for el in root.iter() if el.get("src") or el.get("href")]
    assert root.find(".//link") is None


def test_control_characters_are_dropped():
    report = report_2021()
    report.sections["problems"] = "问题\x00一\x0b。"
    root = lxml.html.fromstring(render_html(report))
    assert "问题一。" in root.text_content()


def test_the_layout_cache_gives_the_same_html_as_a_fresh_build():
    report = report_2021()
    report.table3["granted"] = [1, 2, 3, 4, 5, 6, 21]
    assert render_document_html(document_layout(report, cached=False)) == (
        render_html(report)
    )
