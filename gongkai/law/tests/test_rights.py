"""Rights notice by ground, the fields each ground's letter needs, body and court."""

from __future__ import annotations

import pytest

from gongkai.law import outcomes, rights
from gongkai.law.outcomes import OUTCOME_RULES, Family
from gongkai.law.rights import Remedy

BODY, COURT = "某市人民政府", "某市某区人民法院"
ALL_GROUNDS = {g.key: g for r in OUTCOME_RULES.values() for g in r.grounds}


def notice(ground: str, withheld: str = "", online: str = "") -> str:
    return rights.rights_notice_for(
        ground,
        withheld_ground=withheld,
        reconsideration_body=BODY,
        court=COURT,
        online_route=online,
    )


@pytest.mark.parametrize("key", sorted(rights.RECONSIDERATION_FIRST_GROUNDS))
def test_arts_14_to_16_put_reconsideration_first(key: str) -> None:
    """行政复议法 第二十三条第一款第四项, read as decisions under Arts. 14–16."""
    text = notice(key)
    assert "应当先" in text and f"60日内向{BODY}申请行政复议" in text
    assert "第二十三条第一款第四项" in text and "15日内" in text
    assert "6个月内" not in text


def test_only_withheld_family_grounds_other_than_36_7_are_reconsideration_first() -> (
    None
):
    withheld = {
        g.key
        for r in OUTCOME_RULES.values()
        if r.family is Family.WITHHELD
        for g in r.grounds
    }
    assert rights.RECONSIDERATION_FIRST_GROUNDS == withheld - {"art36_7"}


def test_inquiry_36_7_is_not_reconsideration_first_and_invites_no_suit() -> None:
    text = notice("art36_7")
    assert rights.remedy_for("art36_7") is Remedy.RECONSIDERATION_ONLY
    assert "应当先" not in text
    assert "诉讼" not in text and "人民法院" not in text
    assert f"60日内向{BODY}申请行政复议" in text


@pytest.mark.parametrize("key", sorted(rights.NO_SUIT_GROUNDS))
def test_where_courts_do_not_accept_a_suit_nothing_invites_one(key: str) -> None:
    text = notice(key)
    assert "诉讼" not in text and COURT not in text


def test_partial_puts_reconsideration_first_for_the_withheld_part_only() -> None:
    text = notice("art37", withheld="art16_2_process")
    assert rights.remedy_for("art37", "art16_2_process") is Remedy.SPLIT
    first, rest = text.split("如对本答复的其他内容不服")
    assert "不予公开部分" in first and "应当先" in first
    assert "6个月内" in rest and "应当先" not in rest


def test_partial_withholding_what_is_not_government_information_is_ordinary() -> None:
    text = notice("art37", withheld="art2_not_gov_info")
    assert "应当先" not in text and "6个月内" in text


@pytest.mark.parametrize(
    "key",
    sorted(
        k
        for k in ALL_GROUNDS
        if rights.remedy_for(k) is Remedy.ORDINARY and k != "art37"
    ),
)
def test_ordinary_grounds_offer_reconsideration_or_litigation(key: str) -> None:
    text = notice(key)
    assert "60日内" in text and "6个月内" in text and "应当先" not in text
    assert "《中华人民共和国行政复议法》第二十条第一款" in text
    assert "《中华人民共和国行政诉讼法》第四十六条第一款" in text
    assert BODY in text and COURT in text


def test_every_ground_has_a_remedy_and_citations() -> None:
    for key in ALL_GROUNDS:
        assert rights.remedy_citations(key)


def test_online_delivery_names_the_online_route() -> None:
    assert "互联网渠道提交：https://fy.example.cn" in notice(
        "art14_secret", online="https://fy.example.cn"
    )
    assert "互联网" not in notice("art14_secret")


def test_a_notice_without_body_or_court_is_refused() -> None:
    with pytest.raises(rights.RemedyDataError, match="行政复议机关、管辖人民法院"):
        rights.rights_notice_for("art36_4", reconsideration_body="", court=" ")


@pytest.mark.parametrize(
    ("kind", "court", "problem"),
    [
        ("town", "某县人民法院", False),
        ("town", "某市中级人民法院", True),
        ("department", "某市中级人民法院", True),
        ("office", "某市某区人民法院", False),
        ("government", "某市中级人民法院", False),
        ("government", "某县人民法院", True),
        ("other", "某市中级人民法院", False),
    ],
)
def test_court_level_by_agency_type(kind: str, court: str, problem: bool) -> None:
    assert (rights.court_problem(kind, court) is not None) is problem


def test_guidance_names_body_by_agency_type() -> None:
    assert "县级人民政府" in rights.guidance("town").body_zh
    assert "第二十四条第一款第二项" in rights.guidance("town").text_zh
    assert "本级人民政府" in rights.guidance("department").body_zh
    assert "第十五条第一项" in rights.guidance("government").text_zh


# -- fields by ground -----------------------------------------------------------


def test_partial_needs_the_withheld_ground_and_reason() -> None:
    g = outcomes.GROUND_PARTIAL
    assert g.missing({"access": "a", "withheld_part": "b"}) == [
        "不予公开部分的依据",
        "理由",
    ]


def test_36_5_needs_agency_name_and_contact_or_a_reason() -> None:
    g = outcomes.GROUND_NOT_OURS
    base = {"reasons": "r"}
    assert g.missing(base)
    assert g.missing({**base, "other_agency": "某局"})
    assert not g.missing({**base, "other_agency": "某局", "other_agency_contact": "1"})
    assert not g.missing({**base, "other_agency_unknown": "无法确定"})
    both = {**base, "other_agency": "某局", "other_agency_contact": "1"}
    assert g.unused({**both, "other_agency_unknown": "x"}) == ("other_agency_unknown",)
    assert g.unused({"other_agency_unknown": "x"}) == (
        "other_agency",
        "other_agency_contact",
    )


def test_fields_print_only_where_the_ground_uses_them() -> None:
    assert outcomes.GROUND_STATE_SECRET.fields == ("reasons",)
    assert "access" not in outcomes.GROUND_PETITION.fields
    assert "access" not in outcomes.GROUND_REPEAT.fields
    assert "access" not in outcomes.GROUND_MASSIVE.fields
    assert "referral" not in outcomes.GROUND_STATE_SECRET.fields
    assert "art35_requested_on" in outcomes.GROUND_MASSIVE.needs
    assert "art35_requested_on" not in outcomes.GROUND_MASSIVE.form_fields
    assert outcomes.GROUND_THIRD_PARTY.warn_unconsulted
    assert not outcomes.GROUND_INTERNAL.warn_unconsulted


def test_withheld_part_grounds_are_arts_14_to_16_and_art_2() -> None:
    assert set(outcomes.WITHHELD_GROUNDS) == rights.RECONSIDERATION_FIRST_GROUNDS | {
        "art2_not_gov_info"
    }
    assert outcomes.withheld_ground("art2_not_gov_info").cite_zh.endswith("第二条")
    with pytest.raises(outcomes.UnknownOutcomeError):
        outcomes.withheld_ground("art36_7")


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("《中华人民共和国档案法》第二十七条", True),
        ("档案法第二十七条", False),
        ("《中华人民共和国档案法》", False),
        ("", False),
    ],
)
def test_other_basis_must_name_the_law(text: str, ok: bool) -> None:
    assert (outcomes.basis_text_problem(text) is None) is ok
