"""`gongkai report parse` and `gongkai report audit` on real files and bad ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.annual.render import render_html
from gongkai.annual.tests.builders import consistent_report
from gongkai.cli import main


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    good = tmp_path / "good.html"
    good.write_text(render_html(consistent_report("2021")), "utf-8")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    return [good, bad]


def test_parse_json_gives_one_line_per_file_and_goes_on_after_a_bad_one(
    files: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["report", "parse", "--json", *map(str, files)])
    lines = capsys.readouterr().out.strip().splitlines()
    assert status == 1
    first, second = (json.loads(line) for line in lines)
    assert first["ok"] is True and first["error"] is None
    assert first["report"]["schema"] == "gongkai-annual-report/1"
    assert first["report"]["format"] == "2021"
    assert first["findings"] == []
    assert second["ok"] is False and "Word" in second["error"]
    assert second["report"] is None


def test_audit_writes_a_workbook_with_a_sheet_of_reports_and_one_of_findings(
    files: list[Path], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "results.xlsx"
    status = main(["report", "audit", str(tmp_path), "-o", str(out), "--workers", "2"])
    assert status == 0
    book = load_workbook(out)
    assert book.sheetnames == ["报告", "问题"]
    reports = list(book["报告"].iter_rows(values_only=True))
    assert reports[0][:6] == ("文件", "机关", "年度", "格式", "来源类型", "解析状态")
    assert book["报告"].freeze_panes == "A2"
    by_file = {Path(row[0]).name: row for row in reports[1:]}
    assert by_file["good.html"][5] == "成功"
    assert by_file["good.html"][9] == 7  # 表三本年新收（总计）
    assert str(by_file["bad.docx"][5]).startswith("失败：")
    problems = list(book["问题"].iter_rows(values_only=True))
    assert any(row[5] == "parse.unreadable" for row in problems[1:])


def test_audit_json_writes_json_lines_with_rule_findings(
    files: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "audit", str(files[0]), "--json", "--workers", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and "rule_findings" in data


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "audit", "/no/such/folder", "-o", "x.xlsx"],
        ["report", "audit", "."],
        ["report", "audit", ".", "-o", "results.csv"],
    ],
)
def test_audit_misuse_exits_2_and_writes_nothing(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert list(tmp_path.iterdir()) == []


def test_audit_workers_never_fork_the_command_process() -> None:
    """Forking a process that runs threads can deadlock the child (Python warns)."""
    from gongkai.annual.commands.audit import worker_context

    assert worker_context().get_start_method() in ("forkserver", "spawn")
