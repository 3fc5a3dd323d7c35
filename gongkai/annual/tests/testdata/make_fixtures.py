"""Remake the committed report files of ``test_parse_files.py`` and
``test_parse_shapes.py`` (not run by tests).

    .venv/bin/python gongkai/annual/tests/testdata/make_fixtures.py

The .pdf and .doc are LibreOffice's exports of the .docx (as most published
PDFs come from an office suite; LibreOffice's is a quarter the size of ours).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from gongkai.annual.render import render_docx, render_html
from gongkai.annual.tests import shapes
from gongkai.annual.tests.test_parse_files import TESTDATA, expected_report
from gongkai.annual.tests.test_parse_forms import pipe_rows
from gongkai.annual.tests.test_parse_shapes import shape_report


def _office(source: Path, to: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                "libreoffice",
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                to,
                "--outdir",
                tmp,
                str(source),
            ],
            check=True,
            capture_output=True,
        )
        return (Path(tmp) / f"{source.stem}.{to}").read_bytes()


def main() -> None:
    """Remake every file (the forms' files change byte-wise: commit with care)."""
    report = expected_report()
    (TESTDATA / "report-pipes.txt").write_text(pipe_rows(report), "utf-8")
    page = render_html(report).replace('charset="utf-8"', 'charset="gbk"')
    (TESTDATA / "report-gbk.html").write_bytes(page.encode("gbk"))
    docx = TESTDATA / "report.docx"
    docx.write_bytes(render_docx(report))
    (TESTDATA / "report.pdf").write_bytes(_office(docx, "pdf"))
    (TESTDATA / "report.doc").write_bytes(_office(docx, "doc"))
    make_shapes()


def make_shapes() -> None:
    """One file of each shape the reader once got wrong (issue 13)."""
    first, second = shape_report(2022), shape_report(2023)
    pdfs = []
    for report in (first, second):
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / f"r{report.year}.docx"
            source.write_bytes(render_docx(report))
            pdfs.append(_office(source, "pdf"))
    (TESTDATA / "two-reports.pdf").write_bytes(shapes.two_reports_pdf(*pdfs))
    (TESTDATA / "two-reports-side-by-side.html").write_bytes(
        shapes.two_reports_side_by_side(first, second)
    )
    (TESTDATA / "template-2021.docx").write_bytes(render_docx(shapes.template(2021)))
    with tempfile.TemporaryDirectory() as tmp:
        # the Word renderer knows only the two formats' own layouts: via HTML
        source = Path(tmp) / "old-row.html"
        source.write_text(render_html(shapes.with_old_other_row(second)), "utf-8")
        (TESTDATA / "old-other-row-2021.pdf").write_bytes(_office(source, "pdf"))
    old_format = shape_report(2020)
    (TESTDATA / "procurement-glued-2019.txt").write_text(
        shapes.glued_procurement(old_format, "万元"), "utf-8"
    )
    (TESTDATA / "table4-data-frame.txt").write_text(
        shapes.table4_layout(second, "data_frame"), "utf-8"
    )
    (TESTDATA / "narrative-after-rows.txt").write_text(
        shapes.narrative_after_rows(second), "utf-8"
    )


if __name__ == "__main__":
    import sys

    make_shapes() if "--shapes" in sys.argv else main()
