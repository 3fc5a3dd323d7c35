"""OCR'd reports: the tables' header rows replaced by generic names, or lost.

An OCR tool exports each table as rows of cells under a header of its own
(列1 列2 …, Column1 …, A B C …) or none, and fills merged label cells by
repeating their text or leaving them empty. The row labels and the tables'
arithmetic must still place every cell. The texts here are made from the HTML
renderer's tables, flattened that way; ``testdata/ocr-generic-headers.txt`` is
a hand-made one with the artefacts seen in OCR output.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual.model import Report
from gongkai.annual.parse import parse_bytes, parse_path
from gongkai.annual.parse.document import Line, SrcCell
from gongkai.annual.parse.tokens import is_generic_header
from gongkai.annual.render import render_html
from gongkai.annual.tests.test_parse_forms import assert_same_report, reports

TESTDATA = Path(__file__).parent / "testdata"

GENERIC_HEADERS: dict[str, Callable[[int], list[str]]] = {
    "列n": lambda n: [f"列{i}" for i in range(1, n + 1)],
    "Columnn": lambda n: [f"Column{i}" for i in range(1, n + 1)],
    "letters": lambda n: [chr(ord("A") + i) for i in range(n)],
    "lost": lambda n: [],
}
SEPARATORS: dict[str, Callable[[list[str]], str]] = {
    "pipes": " | ".join,
    "tabs": "\t".join,
    "markdown": lambda cells: "| " + " | ".join(cells) + " |",
    "spaces": " ".join,  # blank cells vanish here
}


def _grid(
    table: lxml.html.HtmlElement, *, repeat: bool
) -> list[tuple[bool, list[str]]]:
    """(is a header row, cells) with spans expanded: repeated or left empty."""
    pending: dict[tuple[int, int], str] = {}
    rows = []
    for r, tr in enumerate(table.iter("tr")):
        cells: list[str] = []
        col = 0
        for cell in tr:
            while (r, col) in pending:
                cells.append(pending.pop((r, col)))
                col += 1
            text = cell.text_content().strip()
            rowspan = int(cell.get("rowspan", "1"))
            colspan = int(cell.get("colspan", "1"))
            for dc in range(colspan):
                cells.append(text if dc == 0 or repeat else "")
                for dr in range(1, rowspan):
                    pending[(r + dr, col + dc)] = text if repeat else ""
            col += colspan
        while (r, col) in pending:
            cells.append(pending.pop((r, col)))
            col += 1
        rows.append((not tr.findall("td"), cells))
    return rows


def ocr_text(report: Report, headers: str, separator: str, *, repeat: bool) -> str:
    """The rendered report as OCR exports it: generic table headers, flat text."""
    join = SEPARATORS[separator]
    page = lxml.html.fromstring(render_html(report))
    out: list[str] = []
    for element in page.body.iter("h1", "h2", "h3", "p", "table"):
        if element.tag != "table":
            if element.getparent() is not None and element.xpath("ancestor::table"):
                continue
            out.append(element.text_content().strip())
            continue
        rows = _grid(element, repeat=repeat)
        width = max(len(cells) for _head, cells in rows)
        names = GENERIC_HEADERS[headers](width)
        if names:
            out.append(join(names))
            if separator == "markdown":
                out.append("|" + "---|" * width)
        out.extend(join(cells) for head, cells in rows if not head)
    return "\n".join(line for line in out if line) + "\n"


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    data=st.data(),
    headers=st.sampled_from(sorted(GENERIC_HEADERS)),
    separator=st.sampled_from(sorted(SEPARATORS)),
    repeat=st.booleans(),
)
def test_a_report_with_generic_table_headers_parses_back_identically(
    data: st.DataObject, headers: str, separator: str, repeat: bool
) -> None:
    report = data.draw(reports(blanks=separator != "spaces"))
    text = ocr_text(report, headers, separator, repeat=repeat)
    result = parse_bytes(text.encode("utf-8"), "ocr.txt")
    assert_same_report(report, result, exact_sections=False)


def test_a_hand_made_ocr_export_parses_to_its_figures() -> None:
    result = parse_path(TESTDATA / "ocr-generic-headers.txt")
    assert result.ok, result.error
    report = result.report
    assert report is not None
    assert (report.agency, report.year, report.format.id) == (
        "某市生态环境局",
        2022,
        "2021",
    )
    assert report.table2["rules"] == [0, 1, 3]
    assert report.table2["normative_docs"] == [2, 0, 11]
    assert report.table2["licensing"] == [57]
    assert report.table2["punishment"] == [12]
    assert report.table2["fees_10k_yuan"] == [Decimal("0")]
    assert report.table3["new_received"] == [21, 2, 1, None, None, None, 24]
    assert report.table3["carried_over"] == [1, 0, 0, None, None, None, 1]
    assert report.table3["granted"] == [9, 1, 0, None, None, None, 10]
    assert report.table3["unable_not_held"] == [6, 0, 1, None, None, None, 7]
    assert report.table3["total"] == [20, 2, 1, None, None, None, 23]
    assert report.table3["carried_forward"] == [2, 0, 0, None, None, None, 2]
    assert report.table4 == [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert report.sections["problems"].startswith("一是")
    assert result.findings == ()  # the made-up header, "1. " and "- 3 -" are no figures


@pytest.mark.parametrize(
    ("cells", "table", "generic"),
    [
        (["列1", "列2", "列3", "列4"], True, True),
        (["Column1", "Column2", "Column3"], True, True),
        (["", "0", "1", "2", "3"], True, True),
        (["A", "B", "C", "D"], True, True),
        (["列1 列2 列3 列4 列5"], False, True),
        (["A B C"], False, True),
        (["0 1 2 3"], False, False),
        (["列1", "列3", "列4"], True, False),
        (["A", "C", "D"], True, False),
        (["规章", "0", "1", "2"], True, False),
        (["1", "2", "3"], True, False),
    ],
)
def test_a_made_up_header_row_is_recognised(
    cells: list[str], table: bool, generic: bool
) -> None:
    line = Line(tuple(SrcCell(c, "第 1 行", table) for c in cells), table=table)
    assert is_generic_header(line) is generic
