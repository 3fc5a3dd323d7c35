"""Chinese full-text search: two-character words are found, hits are ranked,
and only published items are ever searched."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from gongkai.disclosure import search, services, tokens
from gongkai.disclosure.models import Item
from gongkai.disclosure.sample_text import sample_items
from gongkai.disclosure.selectors import public_items
from gongkai.testing import SH


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


def test_normalize_is_nfkc_and_lower_case_exactly():
    """The fast path (full-width forms replaced first) gives NFKC's result for
    any text, including compositions across a replaced character."""
    import unicodedata

    from hypothesis import given
    from hypothesis import strategies as st

    samples = [
        "关于２０２５年度（试行）的通知，ＧＢ／Ｔ\u3000标准",
        "Ａ\u0301",  # a full-width A and a combining accent compose to Á
        "ｶﾞ①㈠\uf900",
        "",
    ]
    for text in samples:
        assert tokens.normalize(text) == unicodedata.normalize("NFKC", text).lower()

    @given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
    def agrees(text: str) -> None:
        assert tokens.normalize(text) == unicodedata.normalize("NFKC", text).lower()

    agrees()


def test_an_item_is_indexed_by_bigrams_and_the_characters_no_bigram_starts_with():
    doc = SimpleNamespace(
        pk=1, title="低保", doc_number="", summary="低保，汛", body=""
    )
    assert search.item_tokens(doc) == ["低保", "保", "汛"]
    assert tokens.tsvector_literal(["低保", "汛"]) == "'低保' '汛'"
    assert tokens.tsquery_literal(["低保", "标准"]) == "'低保' & '标准'"
    assert tokens.tsquery_literal(["汛"]) == "'汛':*"
    assert (
        tokens.fts_query(["政府信息", "汛"]) == '"政府" AND "府信" AND "信息" AND "汛"*'
    )


def test_relevance_counts_the_fields_a_word_is_in():
    assert tokens.score(["低保"], title="低保", doc_number="", summary="低保") == 14
    assert tokens.score(["低保"], title="通知", doc_number="", summary="") == 1


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
    assert not search.matches(Item.objects.public(), "低保").exists()


def test_an_empty_query_matches_nothing(cast):
    cast.published()
    assert titles("，。 ") == []


def test_search_can_be_limited_to_one_agency(cast):
    cast.published(title="低保通知", generated_on=dt.date(2026, 2, 1))
    assert [i.title for i in search.search(public_items(cast.bureau), "低保")] == []
    assert [i.title for i in search.search(public_items(cast.office), "低保")] == [
        "低保通知"
    ]


def test_unspaced_phrases_and_latin_and_digit_terms_are_found(cast):
    cast.published(
        title="关于执行国家标准GB/T 2025的通知",
        summary="根据政府信息公开条例，推进5G网络建设。",
        body="",
    )
    found = ["关于执行国家标准GB/T 2025的通知"]
    assert titles("政府信息公开条例") == found  # one unspaced phrase, by its bigrams
    assert titles("公开条例信息") == []  # its bigrams are there, the phrase is not
    assert titles("gb/t 2025") == found
    assert titles("ＧＢ／Ｔ") == found
    assert titles("5g") == found
    assert titles("2026") == []


def old_design_finds(doc: Item, query: str, tokens: set[str]) -> bool:
    """The SearchGram design's rule (before issue 12), in plain Python: every
    word's grams in the item, and every word literally in one field."""
    words = search.query_words(query)
    texts = [doc.title, doc.doc_number, doc.summary, doc.body]
    return bool(words) and all(
        set(search.word_grams(w)) <= tokens and any(w in t.lower() for t in texts)
        for w in words
    )


QUERIES = (
    "低保",
    "拆迁",
    "廉租房",
    "秸秆禁烧",
    "公开",
    "政府信息",
    "低保 标准",
    "2025",
    "GB/T",
    "gb/t 2025",
    "5G",
    "示政发",
    "〔2020〕",
    "信息公开条例",
    "汛",
    "保标",
    "低保障",
    "标准低保",
    "财政局 招生",
    "城乡低保标准按月调整",
    "公示 名单 低保",
)


def corpus(cast) -> list[Item]:
    base = dt.datetime(2025, 1, 1, 9, tzinfo=SH)
    docs = [
        Item(
            agency=cast.office,
            category=cast.category(),
            art20_item="1",
            title=s.title,
            doc_number=s.doc_number,
            summary=s.summary,
            body=s.body,
            generated_on=dt.date(s.year, 1, 1),
            publisher="示例市人民政府办公室",
            status=Item.Status.PUBLISHED,
            published_at=base + dt.timedelta(hours=i),
            created_by=cast.handler,
            created_at=base,
            updated_at=base,
        )
        for i, s in enumerate(sample_items(300, seed=7, rare_share=0.04))
    ]
    docs = Item.objects.bulk_create(docs)
    search.index_rows(docs)
    return docs


@pytest.mark.django_db
def test_the_new_index_finds_exactly_what_the_old_design_found(cast):
    """A generated corpus (the bench's generator, rare words made commoner):
    on this engine, every query's result set equals the old design's."""
    docs = corpus(cast)
    tokens = {
        d.pk: set(search.grams(f"{d.title}。{d.doc_number}。{d.summary}。{d.body}"))
        for d in docs
    }
    for query in QUERIES:
        expected = {d.pk for d in docs if old_design_finds(d, query, tokens[d.pk])}
        found = set(search.matches(public_items(), query).values_list("pk", flat=True))
        assert found == expected, query
        ranked = {i.pk for i in search.search(public_items(), query, ranked=50)}
        newest = sorted(expected, reverse=True)[:50]  # pk order = publication order
        assert ranked == set(newest), query
    # The corpus exercises both rare and common words.
    counts = {q: search.matches(public_items(), q).count() for q in ("低保", "公开")}
    assert 0 < counts["低保"] < 50 < counts["公开"]


@pytest.mark.django_db
def test_older_matches_page_through_exactly_the_older_matches(cast):
    """Past the ranked set, pages of 7 by keyset list every older match once,
    newest first, for rare and common words and phrases alike."""
    corpus(cast)
    for query in QUERIES:
        expected = list(
            search.matches(public_items(), query).values_list("pk", flat=True)
        )
        ranked = search.search(public_items(), query, ranked=20)
        assert {i.pk for i in ranked} == set(expected[:20]), query
        if len(ranked) < 20:
            continue
        seen = []
        before = search.Keyset.of(min(ranked, key=lambda i: (i.published_at, i.pk)))
        while True:
            page = search.older_matches(public_items(), query, before, limit=7)
            seen += [i.pk for i in page]
            if len(page) < 7:
                break
            before = search.Keyset.of(page[-1])
        assert seen == expected[20:], query


@pytest.mark.django_db
def test_the_literal_check_runs_on_a_bounded_set_of_candidates(cast):
    """A phrase whose bigrams are in nearly every item: the literal check
    (LIKE) only ever runs on rows picked by id, a few more than a page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    corpus(cast)
    with CaptureQueriesContext(connection) as queries:
        found = search.search(public_items(), "政府信息", ranked=20)
    assert len(found) == 20
    checks = [q["sql"] for q in queries if "LIKE" in q["sql"]]
    assert checks
    for sql in checks:
        ids = sql.split('"disclosure_item"."id" IN (', 1)[1].split(")")[0]
        assert ids.count(",") + 1 <= 20 + 20 // 4 + 10, sql


@pytest.mark.django_db
def test_publication_writes_the_index_entry_in_the_same_write(cast):
    """On PostgreSQL the publishing UPDATE carries the tsvector: no second
    UPDATE of the item and no read of the index column."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    item = cast.item(title="城乡低保标准")
    services.item_submit(item=item, acting_user=cast.handler)
    services.item_review(
        item=item,
        result="pass",
        basis="不涉及国家秘密。",
        acting_user=cast.other_handler,
    )
    services.item_approve(item=item, acting_user=cast.head)
    with CaptureQueriesContext(connection) as queries:
        services.item_publish(item=item, acting_user=cast.handler)
    assert titles("低保") == ["城乡低保标准"]
    assert search.is_indexed(item)
    touching = [
        q["sql"] for q in queries if re.match(r'UPDATE "?disclosure_item"? ', q["sql"])
    ]
    assert len(touching) == 1, touching
    if connection.vendor == "postgresql":
        assert "search_vector" in touching[0]


@pytest.mark.django_db
def test_ranking_builds_only_the_items_of_the_page_asked_for(cast):
    """The 50 ranked matches are ranked from five columns; a page of 20 is
    loaded in one query, in rank order."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    corpus(cast)
    ranked = search.search(public_items(), "公开", ranked=50)
    assert len(ranked) == 50
    with CaptureQueriesContext(connection) as queries:
        page = ranked[20:40]
    assert len(queries) == 1
    assert [i.pk for i in page] == [h.pk for h in ranked.hits[20:40]]
    assert ranked[0].pk == ranked.hits[0].pk
    scores = [
        tokens.score(
            ["公开"], title=h.title, doc_number=h.doc_number, summary=h.summary
        )
        for h in ranked.hits
    ]
    assert scores == sorted(scores, reverse=True)
