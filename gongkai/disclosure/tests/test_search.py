"""Chinese full-text search: two-character words are found, hits are ranked,
and only published items are ever searched."""

from __future__ import annotations

import datetime as dt

from gongkai.disclosure import search, services
from gongkai.disclosure.models import Item
from gongkai.disclosure.selectors import public_items


def titles(query: str) -> list[str]:
    return [i.title for i in search.search(public_items(), query)]


def test_grams_are_unigrams_and_bigrams_that_never_cross_punctuation():
    assert search.grams("低保，拆迁") == {
        "低": 1,
        "保": 1,
        "低保": 1,
        "拆": 1,
        "迁": 1,
        "拆迁": 1,
    }
    assert search.grams("ＡＢ") == {"a": 1, "b": 1, "ab": 1}  # NFKC, lower case


def test_two_character_words_are_found(cast):
    cast.published(title="示例市城乡低保标准调整方案", body="提高标准。")
    cast.published(
        title="示例市国有土地上房屋征收补偿办法",
        summary="规范拆迁补偿。",
        body="……",
    )
    assert titles("低保") == ["示例市城乡低保标准调整方案"]
    assert titles("拆迁") == ["示例市国有土地上房屋征收补偿办法"]
    assert titles("救助") == []


def test_single_characters_and_doc_numbers_are_found(cast):
    cast.published(
        title="关于做好防汛工作的通知", doc_number="示政办发〔2026〕7号", body=""
    )
    assert titles("汛") == ["关于做好防汛工作的通知"]
    assert titles("示政办发〔2026〕7号") == ["关于做好防汛工作的通知"]


def test_every_word_must_occur_literally(cast):
    """Bigrams 低保 and 保障 both occur, but 低保障 does not: no match."""
    cast.published(title="低保对象名单", summary="社会保障政策", body="")
    assert titles("低保 名单") == ["低保对象名单"]
    assert titles("低保障") == []


def test_hits_in_the_title_rank_above_hits_in_the_body(cast):
    cast.published(title="关于春节慰问的通知", body="慰问低保户。")
    cast.published(title="低保资金发放情况", body="低保资金已发放。")
    cast.published(title="年度工作总结", body="低保、低保、低保。")
    assert titles("低保") == ["低保资金发放情况", "年度工作总结", "关于春节慰问的通知"]


def test_drafts_and_withdrawn_items_are_not_found(cast):
    cast.item(title="低保草稿")
    withdrawn = cast.published(title="低保已撤回")
    services.item_withdraw(item=withdrawn, reason="误发。", acting_user=cast.head)
    assert titles("低保") == []
    # Even a stale gram row would not expose a withdrawn item.
    assert not search.search(Item.objects.public(), "低保").exists()


def test_an_empty_query_matches_nothing(cast):
    cast.published()
    assert titles("，。 ") == []


def test_search_can_be_limited_to_one_agency(cast):
    cast.published(title="低保通知", generated_on=dt.date(2026, 2, 1))
    assert [i.title for i in search.search(public_items(cast.bureau), "低保")] == []
    assert [i.title for i in search.search(public_items(cast.office), "低保")] == [
        "低保通知"
    ]
