"""`gongkai workdays …` and `gongkai clock …` as an operator uses them."""

from __future__ import annotations

import json

import pytest

from gongkai.cli import main


@pytest.fixture(autouse=True)
def _packaged_calendar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_is_workday_exits_0_and_says_why_for_a_tiaoxiu_saturday(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "workdays", "is-workday", "2026-10-10")
    assert code == 0
    assert out.strip() == "2026年10月10日（星期六）是工作日：国庆节调休上班。"


def test_is_workday_exits_1_for_a_holiday(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "workdays", "is-workday", "2026-02-16")
    assert code == 1
    assert "春节放假" in out


def test_add_prints_an_iso_date(capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "workdays", "add", "2026-09-21", "20") == (0, "2026-10-26\n", "")


def test_between_prints_the_count(capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "workdays", "between", "2026-09-21", "2026-10-26")[:2] == (
        0,
        "20\n",
    )


@pytest.mark.parametrize(
    "args",
    [
        ("workdays", "is-workday", "2027-01-04"),
        ("workdays", "add", "2026-12-20", "20"),
        ("workdays", "between", "2026-12-01", "2027-01-10"),
        ("workdays", "year", "2027"),
        (
            "clock",
            "reply-due",
            "--channel",
            "online",
            "--received",
            "2026-12-10",
            "--strict",
        ),
    ],
)
def test_an_unknown_year_exits_2_naming_the_year(capsys, args) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert "缺少2027年的节假日安排" in err
    assert "Traceback" not in err


def test_a_bad_date_exits_2_with_a_chinese_message(capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "workdays", "is-workday", "2026-13-01")
    assert code == 2
    assert "日期格式应为 YYYY-MM-DD" in err


def test_reply_due_prints_the_date_and_the_explanation(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        capsys, "clock", "reply-due", "--channel", "online", "--received", "2026-09-21"
    )
    assert code == 0
    assert out.startswith("答复期限：2026年10月26日（星期一）\n")
    assert "未提供确认日期，按收到当日确认计算" in out


def test_reply_due_with_pauses_and_an_extension(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        capsys,
        "clock", "reply-due", "--channel", "online", "--received", "2025-09-01",
        "--confirmed", "2025-09-01",
        "--pause", "2025-09-03..2025-09-19",
        "--pause", "2025-09-15..2025-10-11",
        "--extension", "5", "--approver", "王主任", "--extension-notice", "2025-10-20",
    )  # fmt: skip
    assert code == 0
    # 2025-11-05 (see test_worked_examples) + 5 WD = 11-12
    assert out.startswith("答复期限：2025年11月12日（星期三）")
    assert "不计入23个工作日" in out


def test_an_extension_without_approver_is_computed_and_says_its_assumption(
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    """The issue's own example uses a bare --extension N: a what-if sum.

    Art. 33 ¶2 still needs the head's approval and a notice, so the output
    says it assumed both rather than refusing.
    """
    code, out, err = run(
        capsys,
        "clock", "reply-due", "--channel", "online", "--received", "2026-09-21",
        "--extension", "5",
    )  # fmt: skip
    assert code == 0, err
    # 2026-10-26 (the worked example) + 5 WD = 11-02
    assert out.startswith("答复期限：2026年11月2日（星期一）")
    assert "假定：延期已经政府信息公开工作机构负责人同意并告知申请人" in out


def test_an_extension_over_20_is_refused(capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(
        capsys,
        "clock", "reply-due", "--channel", "in_person", "--received", "2026-09-21",
        "--extension", "21", "--approver", "王主任", "--extension-notice", "2026-10-01",
    )  # fmt: skip
    assert code == 2
    assert "最长不得超过20个工作日" in err


def test_json_output(capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    code, out, _ = run(
        capsys,
        "clock", "reply-due", "--channel", "in_person", "--received", "2026-09-21",
        "--json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["due"] == "2026-10-26"


def test_other_clocks(capsys) -> None:  # type: ignore[no-untyped-def]
    assert "2026年4月17日" in run(capsys, "clock", "publication-due", "2026-03-19")[1]
    assert "2026年5月29日" in run(capsys, "clock", "fee-payment-due", "2026-04-29")[1]
    out = run(
        capsys, "clock", "correction-notice-due", "--channel", "in_person",
        "--received", "2026-09-18",
    )[1]  # fmt: skip
    assert out.startswith("补正告知期限：2026年9月29日")


def test_year_lists_the_schedule(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "workdays", "year", "2026")
    assert code == 0
    assert "全年工作日：248天" in out


def test_reply_due_across_an_unentered_year_is_provisional_and_exits_0(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        capsys, "clock", "reply-due", "--channel", "online", "--received", "2026-12-20"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "2027-01-18（暂定：2027年的节假日安排尚未录入）"
    assert lines[1] == "答复期限：2027年1月18日（星期一）（暂定）"
    assert "按《全国年节及纪念日放假办法》第二条规定的法定节假日" in out


def test_strict_refuses_naming_the_year(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(
        capsys,
        "clock",
        "reply-due",
        "--channel",
        "online",
        "--received",
        "2026-12-20",
        "--strict",
    )
    assert (code, out) == (2, "")
    assert "缺少2027年的节假日安排" in err


def test_json_says_provisional(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        capsys,
        "clock",
        "reply-due",
        "--channel",
        "online",
        "--received",
        "2026-12-20",
        "--json",
    )
    data = json.loads(out)
    assert (code, data["due"], data["provisional"]) == (0, "2027-01-18", True)
    assert data["provisional_years"] == [2027]


def test_a_date_far_ahead_is_still_provisional(capsys) -> None:  # type: ignore[no-untyped-def]
    """2032-09-30 (Thu): 国庆 10-1 (Fri)…10-3 and the 补假 of Sat and Sun on
    10-4, 10-5: day 1 is Wednesday 10-6."""
    code, out, _ = run(capsys, "clock", "publication-due", "2032-09-30", "--json")
    data = json.loads(out)
    assert (code, data["provisional_years"]) == (0, [2032])
    assert data["day_one"] == "2032-10-06"
