"""Real files in the forms the corpus has no sample of, committed as fixtures.

``testdata/`` holds one report (``expected_report()``) as a ``|``-separated
text, a GBK web page, a .docx, a text-layer PDF and a Word 97-2003 .doc (the
.docx through ``libreoffice --headless --convert-to doc``); ``make_fixtures.py``
there remade them. Each must parse to exactly that report, cell for cell.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.annual.model import Report
from gongkai.annual.parse import parse_path

TESTDATA = Path(__file__).parent / "testdata"
FILES = {
    "report-pipes.txt": "text",
    "report-gbk.html": "html",
    "report.docx": "docx",
    "report.pdf": "pdf",
    "report.doc": "doc",
}


def expected_report() -> Report:
    """东山县自然资源局, 2022 (2021 format): consistent figures, some blank cells."""
    report = Report.blank(agency="东山县自然资源局", year=2022)
    report.sections = {
        "overview": "本局坚持以公开为常态、不公开为例外，全面推进政务公开。",
        "problems": "政策解读的形式仍需丰富，下一步将加强培训。",
        "other": "本年度未收取信息处理费。",
    }
    report.table2.update(
        rules=[0, 0, 2],
        normative_docs=[3, 1, 17],
        licensing=[126],
        punishment=[9],
        coercion=[0],
        fees_10k_yuan=[Decimal("12.50")],
    )
    t3 = report.table3
    for key in t3:
        t3[key] = [0, 0, 0, None, None, 0, 0]
    t3["new_received"] = [31, 4, 0, None, None, 1, 36]
    t3["carried_over"] = [2, 0, 0, None, None, 0, 2]
    t3["granted"] = [12, 2, 0, None, None, 1, 15]
    t3["partially_granted"] = [3, 0, 0, None, None, 0, 3]
    t3["withheld_third_party"] = [1, 0, 0, None, None, 0, 1]
    t3["unable_not_held"] = [10, 1, 0, None, None, 0, 11]
    t3["not_processed_repeat"] = [2, 0, 0, None, None, 0, 2]
    t3["other_other"] = [2, 1, 0, None, None, 0, 3]
    t3["total"] = [30, 4, 0, None, None, 1, 35]
    t3["carried_forward"] = [3, 0, 0, None, None, 0, 3]
    report.table4 = [2, 1, 0, 0, 3, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    return report


@pytest.mark.parametrize(("name", "kind"), sorted(FILES.items()))
def test_a_committed_file_parses_to_its_report(name: str, kind: str) -> None:
    if kind == "doc" and not (shutil.which("libreoffice") or shutil.which("soffice")):
        pytest.skip("LibreOffice is not installed here (antiword: see the next test)")
    result = parse_path(TESTDATA / name)
    assert result.ok, result.error
    assert result.source_kind == kind
    report = result.report
    expected = expected_report()
    assert report is not None
    assert (report.agency, report.year, report.format.id) == (
        "东山县自然资源局",
        2022,
        "2021",
    )
    assert report.table2 == expected.table2
    assert report.table3 == expected.table3
    assert report.table4 == expected.table4
    assert report.table3["total"][6] == 35
    assert report.table2["fees_10k_yuan"] == [Decimal("12.50")]
    for key, text in expected.sections.items():  # a PDF wraps lines
        assert text in "".join(report.sections[key].split())
    assert not [f for f in result.findings if f.severity.value != "info"]


def test_a_doc_read_by_antiword_alone_says_which_rows_it_lost(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """antiword flattens merged cells away: the parse must not pretend otherwise."""
    if not shutil.which("antiword"):
        pytest.skip("antiword is not installed here")
    real_which = shutil.which

    def no_office(name: str, *args: object, **kwargs: object) -> str | None:
        if name in {"libreoffice", "soffice"}:
            return None
        return real_which(name)

    monkeypatch.setattr(shutil, "which", no_office)
    result = parse_path(TESTDATA / "report.doc")
    if result.ok:
        assert result.report is not None
        lost = [f for f in result.findings if f.rule.startswith("parse.")]
        expected = expected_report()
        if result.report.table3 != expected.table3:
            assert lost, "rows that antiword lost must be reported as parse findings"
    else:
        assert result.error
