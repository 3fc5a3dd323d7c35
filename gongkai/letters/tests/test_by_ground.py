"""Every ground's 答复书: its article(s) to 条/款/项, only its fields, its rights notice."""

from __future__ import annotations

import re
from typing import Any

import pytest

from gongkai.law import outcomes, rights
from gongkai.law.outcomes import OUTCOME_RULES
from gongkai.letters.generators import LetterDataError, generator_for
from gongkai.letters.kinds import reply_kind_for

#: (outcome, ground) for every ground of table 三's 2021 leaf rows.
CASES = [
    (outcome, g.key)
    for outcome, rule in OUTCOME_RULES.items()
    if outcome != "other"  # the 2019 row: the same grounds as （六）1–3
    for g in rule.grounds
]
#: A marker per field, so a field that prints where it should not is seen.
MARKERS: dict[str, Any] = {
    "access": "〔获取途径标记〕",
    "withheld_part": "〔不予公开内容标记〕",
    "withheld_ground": "art16_2_process",
    "reasons": "〔理由标记〕",
    "referral": "〔办理途径标记〕",
    "other_agency": "〔他机关标记〕",
    "other_agency_contact": "〔联系方式标记〕",
    "other_agency_unknown": "〔无法确定标记〕",
    "basis_text": "《中华人民共和国档案法》第二十七条",
    "decision_text": "〔处理决定标记〕",
    "disclosure_reason": "〔决定公开理由标记〕",
    "art35_requested_on": "2026-03-06",
}
#: Fields no reply body prints (the Art. 32 notice to the third party does).
NOT_IN_REPLY = {"disclosure_reason", "withheld_ground", "art35_requested_on"}
ARTICLE = re.compile(
    r"第[一二三四五六七八九十百零]+条(?:第[一二三四五六七八九十]+款)?(?:第[一二三四五六七八九十]+项)?"
)
GLITCHES = ("。。", "。，", "，。", "负责人负责人", "{{", "}}", "None")


def _letter(base_data: dict[str, Any], outcome: str, ground: str, **over: Any):
    reply = {"outcome": outcome, "ground": ground, **MARKERS, **over}
    data = {**base_data, "reply": reply}
    return generator_for(reply_kind_for(outcome), data).document()


@pytest.mark.parametrize(("outcome", "ground"), CASES)
def test_each_ground_cites_its_articles_prints_its_fields_and_its_remedy(
    base_data, outcome: str, ground: str
) -> None:
    g = outcomes.ground_for(outcome, ground)
    doc = _letter(base_data, outcome, ground)
    withheld = MARKERS["withheld_ground"] if "withheld_ground" in g.fields else ""
    notice = rights.rights_notice_for(
        ground,
        withheld_ground=withheld,
        reconsideration_body="聊城市人民政府",
        court="临清市人民法院",
    )
    assert notice in doc.paragraphs
    body = "\n".join(p for p in doc.paragraphs if p != notice)
    # Cites exactly its own provisions (and, for 部分公开, the withheld part's).
    wanted = {c.article_zh for c in g.provisions if c.article is not None}
    if withheld:
        wanted |= {outcomes.withheld_ground(withheld).provisions[0].article_zh}
    if "basis_text" in g.fields:
        wanted = {"第二十七条"}
    assert set(ARTICLE.findall(body)) == wanted
    # Prints its fields and nothing else.
    for name, marker in MARKERS.items():
        if name in NOT_IN_REPLY or name == "basis_text":
            continue
        if name in g.unused(MARKERS):
            assert marker not in doc.text(), name
        elif name in g.fields:
            assert marker in body, name
        else:
            assert marker not in doc.text(), name
    for bad in GLITCHES:
        assert bad not in doc.text(), bad


@pytest.mark.parametrize(("outcome", "ground"), CASES)
def test_each_ground_refuses_a_letter_without_its_needs(
    base_data, outcome: str, ground: str
) -> None:
    g = outcomes.ground_for(outcome, ground)
    for need in g.needs:
        with pytest.raises(LetterDataError, match="缺少"):
            _letter(base_data, outcome, ground, **{need: ""})


def test_the_withheld_part_of_a_partial_reply_has_its_own_remedy(base_data) -> None:
    doc = _letter(base_data, "partially_granted", "art37")
    text = doc.text()
    assert "如对本答复中不予公开部分的决定不服" in text
    assert "如对本答复的其他内容不服" in text


def test_an_online_reply_names_the_online_route(base_data) -> None:
    base_data["agency"]["reconsideration_online"] = "聊城市行政复议网上申请平台"
    base_data["application"]["online"] = True
    doc = _letter(base_data, "withheld_state_secret", "art14_secret")
    assert "互联网渠道提交：聊城市行政复议网上申请平台。" in doc.text()


def test_a_reply_without_body_and_court_is_refused(base_data) -> None:
    base_data["agency"]["court"] = ""
    with pytest.raises(LetterDataError, match="管辖人民法院"):
        _letter(base_data, "unable_not_held", "art36_4")


def test_applicant_text_ending_in_a_full_stop_is_not_doubled(base_data) -> None:
    base_data["application"]["content"] = "请提供测算依据。"
    doc = _letter(base_data, "unable_not_held", "art36_4", reasons="经检索没有。")
    assert "“请提供测算依据”。" in doc.text()
    assert "。。" not in doc.text() and "。”。" not in doc.text()
