"""Remake the committed report files of ``test_parse_files.py`` (not run by tests).

    .venv/bin/python gongkai/annual/tests/testdata/make_fixtures.py

The .pdf and .doc are LibreOffice's exports of the .docx (as most published
PDFs come from an office suite; LibreOffice's is a quarter the size of ours).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from gongkai.annual.render import render_docx, render_html
from gongkai.annual.tests.test_parse_files import TESTDATA, expected_report
from gongkai.annual.tests.test_parse_forms import pipe_rows


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
    report = expected_report()
    (TESTDATA / "report-pipes.txt").write_text(pipe_rows(report), "utf-8")
    page = render_html(report).replace('charset="utf-8"', 'charset="gbk"')
    (TESTDATA / "report-gbk.html").write_bytes(page.encode("gbk"))
    docx = TESTDATA / "report.docx"
    docx.write_bytes(render_docx(report))
    (TESTDATA / "report.pdf").write_bytes(_office(docx, "pdf"))
    (TESTDATA / "report.doc").write_bytes(_office(docx, "doc"))


if __name__ == "__main__":
    main()
