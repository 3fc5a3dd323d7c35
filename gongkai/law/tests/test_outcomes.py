"""The outcome table: every final outcome has a reply family and a lawful ground."""

from __future__ import annotations

import pytest

from gongkai.annual.formats import FORMAT_2019, FORMAT_2021
from gongkai.law import outcomes
from gongkai.law.outcomes import Family


@pytest.mark.parametrize("fmt", [FORMAT_2019, FORMAT_2021], ids=["2019", "2021"])
def test_every_leaf_outcome_of_table_three_has_a_row(fmt) -> None:
    for key in fmt.leaf_outcomes:
        rule = outcomes.outcome_rule(key)
        assert rule.grounds, key


def test_the_table_holds_only_leaf_outcomes() -> None:
    leaves = set(FORMAT_2019.leaf_outcomes) | set(FORMAT_2021.leaf_outcomes)
    assert set(outcomes.OUTCOME_RULES) == leaves


@pytest.mark.parametrize(
    ("outcome", "family", "citation"),
    [
        ("granted", Family.GRANTED, "第三十六条第二项"),
        ("partially_granted", Family.PARTIAL, "第三十七条"),
        ("withheld_state_secret", Family.WITHHELD, "第十四条、第三十六条第三项"),
        ("withheld_third_party", Family.WITHHELD, "第十五条、第三十六条第三项"),
        ("withheld_internal_affairs", Family.WITHHELD, "第十六条第一款"),
        ("withheld_process_info", Family.WITHHELD, "第十六条第二款"),
        ("withheld_enforcement_file", Family.WITHHELD, "第十六条第二款"),
        ("withheld_inquiry_matter", Family.WITHHELD, "第三十六条第七项"),
        ("unable_not_held", Family.UNABLE, "第三十六条第四项"),
        ("unable_needs_creation", Family.UNABLE, "第三十八条"),
        ("unable_unclear_after_correction", Family.UNABLE, "第三十条"),
        ("not_processed_petition", Family.NOT_PROCESSED, "第三十九条第一款"),
        ("not_processed_repeat", Family.NOT_PROCESSED, "第三十六条第六项"),
        ("not_processed_publication", Family.NOT_PROCESSED, "第三十九条第二款"),
        ("not_processed_massive", Family.NOT_PROCESSED, "第三十五条"),
        ("other_overdue_correction", Family.OTHER, "第三十条"),
        ("other_unpaid_fee", Family.OTHER, "《政府信息公开信息处理费管理办法》"),
    ],
)
def test_each_outcome_cites_its_article(outcome, family, citation) -> None:
    rule = outcomes.outcome_rule(outcome)
    assert rule.family is family
    assert citation in rule.default_ground.cite_zh


def test_granted_may_cite_art_36_item_1_when_already_public() -> None:
    ground = outcomes.ground_for("granted", "art36_1")
    assert ground.cite_zh == "《中华人民共和国政府信息公开条例》第三十六条第一项"


def test_not_held_may_cite_art_36_item_5_when_another_agency_is_responsible() -> None:
    assert (
        "第三十六条第五项" in outcomes.ground_for("unable_not_held", "art36_5").cite_zh
    )


def test_a_ground_of_another_outcome_is_refused() -> None:
    """Jiangsu 答复规范 五: the cited article must match the decision."""
    with pytest.raises(outcomes.UnknownOutcomeError, match="不一致"):
        outcomes.ground_for("granted", "art15")


def test_an_unknown_outcome_is_refused_in_chinese() -> None:
    with pytest.raises(outcomes.UnknownOutcomeError, match="未知的办理结果"):
        outcomes.outcome_rule("approved")


def test_a_reference_norm_is_cited_with_canzhao() -> None:
    assert outcomes.ground_for("not_processed_confirm").basis_zh.startswith("参照")
    assert outcomes.ground_for("granted").basis_zh.startswith("根据")
