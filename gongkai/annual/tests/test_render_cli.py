"""`gongkai report render FILE.json --to html|docx|pdf -o OUT`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.annual.jsonio import dumps
from gongkai.annual.model import Report
from gongkai.cli import main


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    report = Report.blank(agency="某县某局", year=2023)
    report.table3["new_received"] = [1, 0, 0, 0, 0, 0, 1]
    path = tmp_path / "report.json"
    path.write_text(dumps(report), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("to", "magic"), [("html", b"<!DOCTYPE html>"), ("docx", b"PK"), ("pdf", b"%PDF")]
)
def test_each_format_is_written_to_the_output_file(report_file, tmp_path, to, magic):
    out = tmp_path / f"out.{to}"
    assert main(["report", "render", str(report_file), "--to", to, "-o", str(out)]) == 0
    assert out.read_bytes().startswith(magic)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_dash_writes_html_to_stdout(report_file, capsysbinary):
    assert main(["report", "render", str(report_file), "--to", "html", "-o", "-"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert "<title>某县某局2023年政府信息公开工作年度报告</title>" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "找不到文件"),
        ("{not json", "不是有效的 JSON"),
        (json.dumps({"schema": "gongkai-annual-report/1", "agency": 3}), "agency"),
    ],
)
def test_unreadable_input_exits_2_with_one_chinese_line(
    tmp_path, capsys, content, message
):
    source = tmp_path / "in.json"
    if content is not None:
        source.write_text(content, encoding="utf-8")
    out = tmp_path / "out.html"
    status = main(["report", "render", str(source), "--to", "html", "-o", str(out)])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("错误：") and message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_a_missing_output_directory_exits_2_before_rendering(
    report_file, tmp_path, capsys
):
    out = tmp_path / "nowhere" / "out.pdf"
    status = main(["report", "render", str(report_file), "--to", "pdf", "-o", str(out)])
    assert status == 2
    assert "输出目录不存在" in capsys.readouterr().err
