"""The PDF reader: the fast PDFium engine reads exactly what pdfplumber reads."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from gongkai.annual.model import Report
from gongkai.annual.parse.document import Document
from gongkai.annual.parse.pdf import read_pdf
from gongkai.annual.render import render_pdf
from gongkai.annual.tests.test_parse_forms import reports


def _layout(doc: Document) -> list[list[tuple[str, str, bool]]]:
    return [[(c.text, c.loc, c.structured) for c in line.cells] for line in doc.lines]


@pytest.mark.slow
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(reports())
def test_pdfium_and_pdfplumber_read_a_rendered_report_identically(
    report: Report,
) -> None:
    data = render_pdf(report)
    fast = read_pdf(data, engine="pdfium")
    baseline = read_pdf(data, engine="pdfplumber")
    assert _layout(fast) == _layout(baseline)
    assert fast.text == baseline.text


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_both_engines_keep_table_cells_and_text_lines_apart(engine: str) -> None:
    report = Report.blank(agency="某县教育局", year=2023)
    report.table3["new_received"] = [3, 0, 0, 0, 0, 0, 3]
    doc = read_pdf(render_pdf(report), engine=engine)
    rows = [line for line in doc.lines if line.table]
    assert rows and all(c.structured for line in rows for c in line.cells)
    assert any(
        "某县教育局" in line.cells[0].text for line in doc.lines if not line.table
    )
