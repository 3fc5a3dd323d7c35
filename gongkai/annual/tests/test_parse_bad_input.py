"""Bad input gives a clear Chinese per-file error, never an exception or a hang.

Size limit, empty file, binary junk, a .docx that is not a zip or is a zip
bomb, truncated HTML, a scanned PDF without a text layer, a file with no
tables, a .doc with no converter installed. Then a fuzz test: mutated corpus
files and random bytes, a fixed number of them; no exception escapes, no input
takes long, and no internal error is hidden behind the catch-all.
"""

from __future__ import annotations

import io
import os
import random
import time
import zipfile
from pathlib import Path

import pytest

from gongkai.annual import parse as parse_module
from gongkai.annual.parse import ParseResult, parse_bytes, parse_path, readers
from gongkai.annual.tests.builders import consistent_report
from gongkai.annual.tests.corpus import corpus_dir

#: Mutated inputs per run: the same ones every time (a seeded generator), so a
#: failure reproduces. ``GONGKAI_FUZZ_RUNS=5000 scripts/test -k fuzz`` digs deeper.
FUZZ_RUNS = int(os.environ.get("GONGKAI_FUZZ_RUNS", "150"))
SLOWEST_ALLOWED = 5.0


def _failed(result: ParseResult) -> str:
    assert not result.ok
    assert result.report is None
    assert result.error
    return result.error


def test_an_empty_file_is_a_clear_error() -> None:
    assert _failed(parse_bytes(b"", "a.txt")) == "文件为空"
    assert _failed(parse_bytes(b"   \n\n", "a.txt")) == "文件为空"


def test_a_file_over_the_size_limit_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(parse_module, "MAX_FILE_BYTES", 100)
    assert "上限" in _failed(parse_bytes(b"x" * 101, "a.txt"))
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-" + b"0" * 200)
    assert "上限" in _failed(parse_path(big))


def test_a_missing_file_and_a_directory_are_clear_errors(tmp_path: Path) -> None:
    assert "找不到文件" in _failed(parse_path(tmp_path / "nope.txt"))
    assert "目录" in _failed(parse_path(tmp_path))


def test_binary_junk_is_not_taken_for_text() -> None:
    rng = random.Random(1)
    junk = bytes(rng.randrange(256) for _ in range(5000))
    for name in ("report.txt", "report.html", "report"):
        assert "二进制" in _failed(parse_bytes(junk, name)), name
    assert "Word" in _failed(parse_bytes(junk, "report.docx"))
    assert "PDF" in _failed(parse_bytes(junk, "report.pdf"))


def test_a_docx_that_is_not_a_zip_says_so() -> None:
    error = _failed(
        parse_bytes(b"this is not a word file at all\x00\x01", "report.docx")
    )
    assert "Word" in error


def test_a_zip_that_is_not_a_word_document_says_so() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "不是 Word 文档" in _failed(parse_bytes(buffer.getvalue(), "r.docx"))


def test_a_zip_bomb_docx_is_refused_without_unpacking() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (80 * 1024 * 1024))
    started = time.monotonic()
    error = _failed(parse_bytes(buffer.getvalue(), "bomb.docx"))
    assert "压缩炸弹" in error
    assert time.monotonic() - started < 2


def test_truncated_html_still_reads_what_is_there() -> None:
    from gongkai.annual.render import render_html

    page = render_html(consistent_report("2021")).encode("utf-8")
    cut = page[: page.index(b'data-table="table3"') + 2000]
    result = parse_bytes(cut, "r.html")
    assert result.ok
    rules = {f.rule for f in result.findings}
    assert "parse.table_missing" in rules or "parse.row_missing" in rules


def test_a_page_with_no_report_tables_is_a_clear_error() -> None:
    page = "<html><body><h1>通知</h1><p>今天天气很好。</p><table><tr><td>1</td></tr></table></body></html>"
    assert "没有找到年度报告的表格" in _failed(parse_bytes(page.encode(), "x.html"))
    assert "没有找到年度报告的表格" in _failed(
        parse_bytes("一段普通文字。".encode(), "x.txt")
    )


def test_a_pdf_without_a_text_layer_is_called_a_scan() -> None:
    pytest.importorskip("weasyprint")
    from weasyprint import HTML

    data = HTML(
        string="<div style='width:5cm;height:5cm;border:1px solid black'></div>"
    ).write_pdf()
    assert "扫描版 PDF，没有文字层" in _failed(parse_bytes(data, "scan.pdf"))


def test_a_broken_pdf_is_a_clear_error() -> None:
    assert "PDF" in _failed(
        parse_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog", "x.pdf")
    )


def test_a_doc_file_without_a_converter_says_it_cannot_be_read_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(readers.shutil, "which", lambda _name: None)
    data = readers.OLE_MAGIC + b"\0" * 600
    assert "无法在本机读取 .doc 文件" in _failed(parse_bytes(data, "old.doc"))


def test_a_broken_doc_file_is_a_clear_error() -> None:
    data = readers.OLE_MAGIC + b"\0" * 600
    error = _failed(parse_bytes(data, "old.doc"))
    assert ".doc" in error


@pytest.mark.slow
def test_a_doc_file_is_read_through_libreoffice_or_antiword(tmp_path: Path) -> None:
    import shutil
    import subprocess

    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        pytest.skip("LibreOffice is not installed here")
    from gongkai.annual.render import render_docx

    report = consistent_report("2019")
    source = tmp_path / "r.docx"
    source.write_bytes(render_docx(report))
    subprocess.run(
        [
            office,
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    doc = tmp_path / "r.doc"
    if not doc.exists():
        pytest.skip("LibreOffice could not write a .doc here")
    result = parse_path(doc)
    assert result.ok, result.error
    assert result.source_kind == "doc"
    assert result.report is not None
    assert result.report.table3 == report.table3
    assert result.report.table4 == report.table4


# -- fuzz ------------------------------------------------------------------------------


def _seeds() -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    found = corpus_dir()
    for path in sorted((found / "reports").glob("*")):
        if path.suffix in (".txt", ".md", ".html"):
            out.append((path.name, path.read_bytes()))
    seed = found / "seed-linqing-2020.txt"
    out.append((seed.name, seed.read_bytes()))
    from gongkai.annual.render import render_docx, render_html

    report = consistent_report("2021")
    out.append(("r.html", render_html(report).encode("utf-8")))
    out.append(("r.docx", render_docx(report)))
    return out


def _mutate(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        if not buf:
            break
        choice = rng.random()
        at = rng.randrange(len(buf))
        if choice < 0.25:
            del buf[at : at + rng.randint(1, 400)]
        elif choice < 0.45:
            buf[at : at + 1] = bytes([rng.randrange(256)])
        elif choice < 0.6:
            buf[at:at] = rng.choice(
                [
                    b"0",
                    b"12",
                    b"\t",
                    b"|",
                    b"\n",
                    "（七）总计".encode(),
                    b"<td rowspan=9999>",
                ]
            )
        elif choice < 0.75:
            end = min(len(buf), at + rng.randint(1, 2000))
            buf[at:at] = buf[at:end]
        elif choice < 0.85:
            del buf[at:]
        else:
            buf[at : at + 1] = b"9" * rng.randint(1, 60)
    return bytes(buf)


@pytest.mark.slow
def test_fuzz_no_input_raises_hangs_or_hits_an_internal_error() -> None:
    rng = random.Random(20240131)
    seeds = _seeds()
    names = ["x.txt", "x.html", "x.docx", "x.pdf", "x.doc", "x.md", "x"]
    for _ in range(FUZZ_RUNS):
        if rng.random() < 0.15:
            data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 3000)))
            name = rng.choice(names)
        else:
            name, original = rng.choice(seeds)
            data = _mutate(rng, original)
        started = time.monotonic()
        result = parse_bytes(data, name)  # must not raise
        elapsed = time.monotonic() - started
        assert isinstance(result, ParseResult)
        # a .doc goes to LibreOffice, a process of its own with its own time limit
        external = readers.sniff(data, name) == "doc"
        limit = readers.CONVERT_TIMEOUT * 2 if external else SLOWEST_ALLOWED
        assert elapsed < limit, (name, elapsed)
        assert result.ok or (result.error and "内部错误" not in result.error), (
            result.error
        )
