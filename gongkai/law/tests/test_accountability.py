"""责任追究 in the law package: the grounds cite Arts. 52/53, the report sentence."""

from __future__ import annotations

from gongkai.law.accountability import GROUNDS_BY_KEY, report_sentence

LABELS = {"circular": "通报批评", "admonition": "诫勉谈话", "sanction": "政务处分"}


def test_each_ground_cites_its_article_and_item() -> None:
    assert GROUNDS_BY_KEY["art53_2"].citation.short_zh.endswith("第五十三条第二项")
    assert "不及时发布、更新" in GROUNDS_BY_KEY["art53_2"].label
    assert GROUNDS_BY_KEY["art52"].citation.short_zh.endswith("第五十二条")


def test_the_report_sentence_counts_people_by_measure_in_order() -> None:
    assert report_sentence(2026, {}, LABELS) == (
        "2026年，本机关未发生因政府信息公开工作被追究责任的情况。"
    )
    assert report_sentence(2026, {"sanction": 1, "circular": 2}, LABELS) == (
        "2026年，本机关因政府信息公开工作追究责任3人次，其中通报批评2人次、政务处分1人次。"
    )
