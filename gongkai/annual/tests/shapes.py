"""Test helper: reports written out in the shapes that the reader once got wrong.

Each function takes reports made in code and returns a file's content in one
shape seen in published documents (issue 13), made with Gongkai's own
renderers and the text flatteners of ``test_parse_forms`` — never copied from a
real file. ``testdata/make_fixtures.py`` commits one file of each shape;
``test_parse_shapes.py`` uses these functions with random reports.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable

from gongkai.annual.formats import (
    FORMAT_2019,
    FORMAT_2021,
    TABLE3_COLUMN_KEYS,
    TABLE4_GROUPS,
    TABLE4_RESULTS,
    ReportFormat,
)
from gongkai.annual.model import Cell, Report, format_cell
from gongkai.annual.tests.test_parse_forms import glued
from gongkai.annual.tests.test_parse_ocr import ocr_text

#: The 2021 format with the 2019 format's single （六）其他处理 row in table 三:
#: how some 2021 reports were laid out (an old Word template kept).
OLD_ROW_2021: ReportFormat = dataclasses.replace(
    FORMAT_2021,
    table3_groups=FORMAT_2019.table3_groups,
    table3_rows=FORMAT_2019.table3_rows,
)
_OTHER_2021 = tuple(
    r.key for r in FORMAT_2021.table3_rows if r.group == "other_handling"
)


def with_old_other_row(report: Report) -> Report:
    """A 2021 report laid out with one （六）其他处理 row (the sum of the three)."""
    assert report.format.id == "2021"
    old = dataclasses.replace(report, format=OLD_ROW_2021)
    table3 = {k: list(v) for k, v in report.table3.items() if k not in _OTHER_2021}
    merged: list[Cell] = []
    for column in range(len(TABLE3_COLUMN_KEYS)):
        values = [report.table3[k][column] for k in _OTHER_2021]
        numbers = [v for v in values if isinstance(v, int)]
        merged.append(sum(numbers) if numbers else values[-1])
    table3["other"] = merged
    old.table3 = {k: table3[k] for k in OLD_ROW_2021.table3_keys}
    return old


def template(year: int) -> Report:
    """The official form with nothing filled in (the agency's name a placeholder)."""
    return Report.blank(agency="XX（行政机关名称）", year=year)


# -- two reports in one file --------------------------------------------------------


def two_reports_pdf(first: bytes, second: bytes) -> bytes:
    """Two PDFs as one file, one after the other."""
    import pypdfium2 as pdfium

    merged = pdfium.PdfDocument.new()
    for data in (first, second):
        source = pdfium.PdfDocument(data)
        merged.import_pages(source)
    out = io.BytesIO()
    merged.save(out)
    return out.getvalue()


def two_reports_side_by_side(first: Report, second: Report) -> bytes:
    """A web page showing two years' reports side by side in a layout table."""
    from gongkai.annual.render import render_html

    cells = "".join(
        f"<td style='vertical-align:top'>{render_html(r, standalone=False)}</td>"
        for r in (first, second)
    )
    page = (
        "<html><head><meta charset='utf-8'><title>年度报告</title></head><body>"
        f"<table><tr>{cells}</tr></table></body></html>"
    )
    return page.encode("utf-8")


# -- glued money with its unit ------------------------------------------------------


def glued_procurement(report: Report, unit: str) -> str:
    """Crawler text of a 2019 report whose purchase amount is written with a unit
    and run together with the purchase count (``政府集中采购312.5万元``)."""
    assert report.format.id == "2019"
    count, amount = report.table2["procurement"]
    text = glued(report)
    run = f"政府集中采购{format_cell(count)}{format_cell(amount)}"
    assert run in text
    return text.replace(run, run + unit, 1)


# -- table 四 as OCR tools and converters lay it out --------------------------------


def _markdown(rows: list[list[str]], names: list[str]) -> list[str]:
    width = len(names)
    out = ["| " + " | ".join(names) + " |", "|" + "---|" * width]
    out += ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows]
    return out


def table4_layout(report: Report, layout: str) -> str:
    """The report as OCR'd Markdown (generic headers), table 四 in ``layout``:

    - ``per_group``: one row per group, its name first;
    - ``wrapped``: the wide header and figures wrapped into two rows each;
    - ``data_frame``: a data frame's export, header 0…14 and a row-number column.
    """
    text = ocr_text(report, "列n", "markdown", repeat=False)
    start = text.index("四、政府信息公开行政复议")
    start = text.index("\n", start) + 1
    end = text.index("五、存在的主要问题")
    figures = [format_cell(c) for c in report.table4]
    results = [label for _key, label in TABLE4_RESULTS]
    if layout == "per_group":
        rows = [["", *results]] + [
            [group.label, *figures[i * 5 : i * 5 + 5]]
            for i, group in enumerate(TABLE4_GROUPS)
        ]
        body = _markdown(rows, [f"列{i}" for i in range(1, 7)])
    elif layout == "wrapped":
        heads = results * 3
        rows = [heads[:8], figures[:8], heads[8:], figures[8:]]
        body = _markdown(rows, [f"列{i}" for i in range(1, 9)])
    elif layout == "data_frame":
        groups = [g.label for g in TABLE4_GROUPS for _ in range(5)]
        rows = [["0", *groups], ["1", *results * 3], ["2", *figures]]
        body = _markdown(rows, ["", *(str(i) for i in range(15))])
    else:
        raise ValueError(layout)
    return text[:start] + "\n".join(body) + "\n" + text[end:]


TABLE4_LAYOUTS = ("per_group", "wrapped", "data_frame")


# -- narrative glued after a table row ----------------------------------------------


def narrative_after_rows(report: Report) -> str:
    """Crawler text in which a sentence starting with a year or a date follows
    the last row of table 三 and the figures of table 四 with no space:
    ``…继续办理3000003{Y}年，本局…``."""
    text = glued(report)
    nxt = report.year + 1
    t3_last = "四、结转下年度继续办理" + "".join(
        format_cell(c) for c in report.table3["carried_forward"]
    )
    t4 = "".join(format_cell(c) for c in report.table4)
    assert t3_last in text and t4 in text
    text = text.replace(
        t3_last, t3_last + f"{nxt}年，本局将继续依法办理上述结转的申请。", 1
    )
    head = text.index("四、政府信息公开行政复议")
    at = text.index(t4, head) + len(t4)
    return text[:at] + f"{nxt}年1月，本局对上述案件进行了复盘。" + text[at:]


SHAPES: dict[str, Callable[..., object]] = {
    "old_other_row": with_old_other_row,
    "template": template,
    "two_reports_pdf": two_reports_pdf,
    "two_reports_side_by_side": two_reports_side_by_side,
    "glued_procurement": glued_procurement,
    "table4_layout": table4_layout,
    "narrative_after_rows": narrative_after_rows,
}
