"""gongkai.annual.compare: two years of one agency, side by side."""

from __future__ import annotations

from gongkai.annual.compare import compare, diff_paragraphs, main_figures
from gongkai.annual.rules import check
from gongkai.annual.tests.builders import consistent_report


def test_it_lists_only_the_cells_that_changed_with_their_change() -> None:
    old = consistent_report("2021", year=2022)
    new = consistent_report("2021", year=2023)
    new.table3["granted"][0] = 4
    new.table4[0] = None
    result = compare(old, new)
    changed = {c.ref: c for c in result.changes}
    assert set(changed) == {
        "table3.granted.natural_person",
        "table4.reconsideration_upheld",
    }
    assert changed["table3.granted.natural_person"].delta_text == "+2"
    assert changed["table4.reconsideration_upheld"].delta is None  # 1 → blank
    assert result.carry_over_ok and result.notes == ()


def test_the_carry_over_check_agrees_with_the_rule() -> None:
    old = consistent_report("2021", year=2022)
    new = consistent_report("2021", year=2023)
    new.table3["carried_over"][1] = 3
    result = compare(new, old)  # given the wrong way round: ordered by year
    assert (result.old.year, result.new.year) == (2022, 2023)
    bad = [c for c in result.carry_over if not c.ok]
    assert [(c.column, c.forwarded, c.carried) for c in bad] == [("商业企业", 0, 3)]
    rule = [f for f in check(new, old) if f.rule == "table3.carry_over"]
    assert [f.cells for f in rule] == [(bad[0].ref,)]


def test_a_blank_counts_as_zero_unless_both_are_blank() -> None:
    old = consistent_report("2021", year=2022)
    new = consistent_report("2021", year=2023)
    old.table3["carried_forward"][2] = None
    new.table3["carried_over"][2] = None
    old.table3["carried_forward"][3] = None  # new has 0 there
    checks = compare(old, new).carry_over
    assert not checks[2].checked and checks[2].ok
    assert checks[3].checked and checks[3].ok


def test_reports_of_two_formats_compare_their_common_cells_and_say_so() -> None:
    result = compare(
        consistent_report("2019", year=2020), consistent_report("2021", year=2021)
    )
    assert any("格式不同" in n for n in result.notes)
    assert result.only_old and result.only_new
    assert all(
        c.ref.split(".")[0] in ("table2", "table3", "table4") for c in result.cells
    )


def test_paragraphs_are_matched_changed_added_and_removed() -> None:
    old = [
        "本机关坚持以公开为常态。",
        "全年公开信息 300 条。",
        "旧的一段话已经删除了。",
    ]
    new = ["本机关坚持以公开为常态。", "全年公开信息 326 条。", "完全不同的新段落。"]
    tags = [p.tag for p in diff_paragraphs(old, new)]
    assert tags == ["equal", "changed", "removed", "added"]
    changed = diff_paragraphs(old, new)[1]
    assert ("delete", "00") in changed.inline and ("insert", "26") in changed.inline


def test_main_figures_follow_the_totals_and_outcome_families() -> None:
    figures = main_figures(consistent_report("2021"))
    assert figures["new_received"] == 7 and figures["granted"] == 4
    assert figures["other"] == 1 and figures["reconsideration"] == 2
    assert main_figures(consistent_report("2019"))["other"] == 1
