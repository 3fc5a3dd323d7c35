"""`gongkai report check`: exit 0 without errors, 1 with errors, 2 for unreadable input.

Unreadable input gives one Chinese line on stderr and never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gongkai.annual import jsonio
from gongkai.annual.tests.builders import consistent_report
from gongkai.cli import main

REPO = Path(__file__).parents[3]


def write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, "utf-8")
    return path


def report_data(format_id: str = "2021") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(jsonio.dumps(consistent_report(format_id)))
    return data


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "gongkai", "report", "check", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=60,
        check=False,
    )


# -- exit 0 and 1 ------------------------------------------------------------------


def test_a_consistent_report_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "ok.json", report_data())
    assert main(["report", "check", str(path)]) == 0
    out = capsys.readouterr().out
    assert out == "某市某局 2023 年度报告（2021 格式）：未发现问题\n"


def test_warnings_alone_exit_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = report_data("2019")
    data["table2"]["rules"][0] = None
    path = write(tmp_path, "blank.json", data)
    assert main(["report", "check", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "警告 [cells.blank] 表二有 1 个单元格未填：规章（本年新制作数量）。"
        "应填数字，没有的填 0（单元格：table2.rules.made）"
    )
    assert lines[-1].endswith("错误 0 项，警告 1 项，提示 0 项")


def test_a_broken_balance_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = report_data()
    data["table3"]["carried_forward"] = [2, 0, 0, 0, 0, 0, 2]
    path = write(tmp_path, "bad.json", data)
    assert main(["report", "check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "错误 [table3.balance] 自然人列：本年新收(5)+上年结转(1)=6，" in out


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = report_data()
    data["table3"]["carried_forward"] = [2, 0, 0, 0, 0, 0, 2]
    path = write(tmp_path, "bad.json", data)
    assert main(["report", "check", str(path), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["summary"] == {"error": 2, "warning": 0, "info": 0}
    assert [f["rule"] for f in result["findings"]] == ["table3.balance"] * 2
    assert set(result["findings"][0]) == {
        "rule",
        "severity",
        "cells",
        "expected",
        "actual",
        "message",
    }


def test_previous_year_carry_over(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    current = write(tmp_path, "2023.json", report_data())
    last = report_data()
    last["year"] = 2022
    last["table3"]["carried_forward"][0] = 4
    last["table3"]["carried_forward"][6] = 4
    previous = write(tmp_path, "2022.json", last)
    assert main(["report", "check", str(current), "--previous", str(previous)]) == 0
    out = capsys.readouterr().out
    assert "警告 [table3.carry_over] 自然人列：本年“二、上年结转”为 1，" in out


def test_the_seed_report_exits_0() -> None:
    from gongkai.annual.tests.corpus import SEED_NAME, corpus_dir

    result = run_cli(corpus_dir() / SEED_NAME)
    assert result.returncode == 0, result.stderr
    assert "错误 0 项" in result.stdout


# -- exit 2 ------------------------------------------------------------------------


def _negative(data: dict[str, Any]) -> None:
    data["table3"]["granted"][0] = -1


def _wrong_type(data: dict[str, Any]) -> None:
    data["table3"]["granted"][0] = "1"
    data["table4"] = "0"


def _unknown_key(data: dict[str, Any]) -> None:
    data["remarks"] = "x"


def _row_of_2021(data: dict[str, Any]) -> None:
    data["table3"]["other_unpaid_fee"] = [0] * 7


BAD_CASES: dict[str, tuple[str | Callable[[dict[str, Any]], None], str]] = {
    "malformed JSON": ('{"schema": ', "不是有效的 JSON"),
    "a wrong type": (_wrong_type, "table4"),
    "an unknown key": (_unknown_key, "未知的字段：remarks"),
    "a negative count": (_negative, "件数不能为负数"),
    "a 2021-only row in a 2019 report": (_row_of_2021, "只属于 2021 格式"),
}


@pytest.mark.parametrize("case", BAD_CASES, ids=list(BAD_CASES))
def test_bad_input_exits_2_with_one_clear_message(tmp_path: Path, case: str) -> None:
    make, expected = BAD_CASES[case]
    if isinstance(make, str):
        path = write(tmp_path, "report.json", make)
    else:
        data = report_data("2019")
        make(data)
        path = write(tmp_path, "report.json", data)
    result = run_cli(path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("错误：")
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_there_exits_2(tmp_path: Path) -> None:
    result = run_cli(tmp_path / "nowhere.json")
    assert result.returncode == 2
    assert result.stderr == f"错误：找不到文件：{tmp_path / 'nowhere.json'}\n"


def test_a_previous_report_that_is_not_there_exits_2(tmp_path: Path) -> None:
    path = write(tmp_path, "ok.json", report_data())
    result = run_cli(path, "--previous", tmp_path / "2022.json")
    assert result.returncode == 2
    assert "找不到文件" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_directory_exits_2(tmp_path: Path) -> None:
    result = run_cli(tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_a_non_json_file_exits_2_without_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, "report.txt", "这不是一份年度报告")
    result = run_cli(path)
    assert result.returncode == 2
    assert result.stderr.startswith("错误：")
    assert "Traceback" not in result.stderr


def test_a_published_report_is_parsed_then_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Any file that is not JSON goes through the parser; its error is the message."""
    path = write(tmp_path, "report.html", "<html><body><p>通知</p></body></html>")
    assert main(["report", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and "表格" in err
    assert "Traceback" not in err
