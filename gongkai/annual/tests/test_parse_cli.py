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
    by_file = {row[0]: row for row in reports[1:]}
    assert set(by_file) == {"good.html", "bad.docx"}  # names, not full paths
    assert by_file["good.html"][5] == "成功"
    assert by_file["good.html"][9] == 7  # 表三本年新收（总计）
    assert str(by_file["bad.docx"][5]).startswith("无法读取：")
    problems = list(book["问题"].iter_rows(values_only=True))
    assert problems[0][5:] == ("规则", "说明", "单元格", "规则编号")
    assert any(row[5:9:3] == ("文件无法读取", "parse.unreadable") for row in problems)


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


def _book(tmp_path: Path, *argv: str) -> object:
    from openpyxl import load_workbook

    out = tmp_path / "out.xlsx"
    argv_all = ["report", "audit", *argv, "-o", str(out), "--workers", "1"]
    assert main(argv_all) == 0
    return load_workbook(out)


def test_audit_never_calls_a_refused_file_or_a_template_a_success(
    tmp_path: Path,
) -> None:
    from gongkai.annual.tests.test_parse_shapes import TESTDATA

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("two-reports.pdf", "template-2021.docx"):
        (folder / name).write_bytes((TESTDATA / name).read_bytes())
    (folder / "notes.txt").write_text("会议纪要：研究了下一步工作。", "utf-8")
    book = _book(tmp_path, str(folder))
    status = {
        row[0]: row[5] for row in book["报告"].iter_rows(min_row=2, values_only=True)
    }  # type: ignore[attr-defined]
    assert status["two-reports.pdf"].startswith("已拒绝：文件中不止一份年度报告")
    assert status["template-2021.docx"] == "空白模板（未填写）"
    assert status["notes.txt"].startswith("已拒绝：没有找到年度报告的表格")
    rules = {row[5] for row in book["问题"].iter_rows(min_row=2, values_only=True)}  # type: ignore[attr-defined]
    assert {"一个文件含多份报告", "未填写的模板", "不是年度报告"} <= rules


def test_audit_writes_formula_looking_names_as_text(tmp_path: Path) -> None:
    """Issue 11 H1: agency and file names from third-party reports are data."""
    from gongkai.annual.render import render_html

    hostile = ('=HYPERLINK("http://x.example","看")', "=cmd|' /C calc'!A0")
    names = ('=HYPERLINK("x","看")', "=cmd|' C calc'!A0")  # a file name has no /
    for name, file in zip(hostile, names, strict=True):
        report = consistent_report("2021")
        report.agency = name
        report.table4[4] = 9  # a finding, so that the name is in 问题 too
        (tmp_path / f"{file}.html").write_text(render_html(report), "utf-8")
    book = _book(tmp_path, str(tmp_path), "--tables")
    for sheet in ("报告", "问题", "表三"):
        cells = [
            c
            for row in book[sheet].iter_rows(min_row=2)  # type: ignore[index]
            for c in row[:2]
            if isinstance(c.value, str) and c.value.startswith("=")
        ]
        assert cells, sheet
        assert all(c.data_type == "s" for c in cells), sheet


def test_audit_tables_lists_every_cell_of_every_report(tmp_path: Path) -> None:
    from gongkai.annual.render import render_html

    report = consistent_report("2021")
    (tmp_path / "a.html").write_text(render_html(report), "utf-8")
    book = _book(tmp_path, str(tmp_path), "--tables")
    assert book.sheetnames == ["报告", "问题", "表二", "表三", "表四"]  # type: ignore[attr-defined]
    t3 = list(book["表三"].iter_rows(min_row=2, values_only=True))  # type: ignore[index]
    assert len(t3) == len(report.format.table3_keys)
    assert [list(row[5:]) for row in t3] == [
        report.table3[k] for k in report.format.table3_keys
    ]
    t4 = list(book["表四"].iter_rows(min_row=2, values_only=True))  # type: ignore[index]
    assert list(t4[0][3:]) == report.table4
    t2 = list(book["表二"].iter_rows(min_row=2, values_only=True))  # type: ignore[index]
    assert len(t2) == sum(len(b.columns) * len(b.rows) for b in report.format.table2)
    fees = next(row for row in t2 if row[5] == "行政事业性收费")
    assert (fees[7], fees[8]) == (1.25, "万元")


def test_compare_prints_changes_and_the_carry_over_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gongkai.annual import jsonio

    old = consistent_report("2021", year=2022)
    new = consistent_report("2021", year=2023)
    new.table3["granted"][0] = 3
    new.sections["overview"] = "总体情况有变化。"
    (tmp_path / "old.json").write_text(jsonio.dumps(old), "utf-8")
    (tmp_path / "new.json").write_text(jsonio.dumps(new), "utf-8")
    argv = ["report", "compare", str(tmp_path / "old.json"), str(tmp_path / "new.json")]
    assert main(argv) == 0  # 结转 1 = 上年结转 1
    out = capsys.readouterr().out
    assert "结转衔接（本年“二、上年结转” = 上年“四、结转下年度继续办理”）：一致" in out
    assert "表三（一）予以公开·自然人：2 → 3（+1）" in out
    new.table3["carried_over"][0] = 5
    (tmp_path / "new.json").write_text(jsonio.dumps(new), "utf-8")
    assert main([*argv, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["carry_over_ok"] is False
    assert data["carry_over"][0] == {
        "column": "自然人",
        "cell": "table3.carried_over.natural_person",
        "last_year_carried_forward": 1,
        "carried_over": 5,
        "ok": False,
    }
    assert data["narrative"]["overview"][0]["tag"] in ("changed", "removed", "added")


def test_compare_refuses_a_template_with_a_chinese_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gongkai.annual.tests.test_parse_shapes import TESTDATA

    template = str(TESTDATA / "template-2021.docx")
    assert main(["report", "compare", template, template]) == 2
    assert "空白模板" in capsys.readouterr().err
