"""The PDF rendering (WeasyPrint from the report's HTML and print stylesheet)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from gongkai.annual.formats import FORMATS, TABLE4_RESULTS, get_format
from gongkai.annual.model import Report
from gongkai.annual.render import RenderError, render_pdf
from gongkai.annual.render import pdf as pdf_module

PDFTOTEXT = shutil.which("pdftotext")


def pdf_text(data: bytes) -> str:
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(
        [PDFTOTEXT, "-raw", "-", "-"], input=data, capture_output=True, check=True
    )
    # -raw keeps content-stream order, so a label wrapped in its cell stays whole
    # once line breaks are removed.
    return re.sub(r"\s+", "", result.stdout.decode("utf-8"))


@pytest.mark.parametrize("format_id", FORMATS)
def test_a_blank_report_renders_to_a_pdf_with_every_label(format_id):
    fmt = get_format(format_id)
    report = Report.blank(agency="某县人民政府办公室", year=2023, format=fmt)
    data = render_pdf(report)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "某县人民政府办公室" in text
    assert "2023年政府信息公开工作年度报告" in text
    for section in fmt.sections:
        assert section.heading in text
    for block in fmt.table2:
        assert block.heading in text
    for row in fmt.table3_rows:
        assert row.label in text, row.label
    for group in fmt.table3_groups:
        assert group.label in text
    for _key, label in TABLE4_RESULTS:
        assert label in text


def test_pages_are_numbered_in_the_footer():
    data = render_pdf(Report.blank(agency="某局", year=2023))
    text = pdf_text(data)
    assert "—1—" in text and "—2—" in text


def test_a_missing_cjk_font_is_a_clear_chinese_error(monkeypatch):
    monkeypatch.setattr(pdf_module, "has_cjk_font", lambda: False)
    with pytest.raises(RenderError, match="fonts-noto-cjk"):
        render_pdf(Report.blank(agency="某局", year=2023))


def test_missing_pango_is_a_clear_chinese_error_naming_the_packages(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def failing_import(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", failing_import)
    packages = re.escape(pdf_module.PANGO_PACKAGES)
    with pytest.raises(RenderError, match=packages):
        render_pdf(Report.blank(agency="某局", year=2023))
