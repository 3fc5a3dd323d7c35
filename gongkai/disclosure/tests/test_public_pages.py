"""The public catalogue: only published items, filters, pagination, search, guide."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote

from django.urls import reverse

from gongkai.disclosure.views.public import PAGE_SIZE


def test_the_catalogue_lists_only_published_items(client, cast):
    published = cast.published(title="已发布的低保方案")
    draft = cast.item(title="尚在审查的草稿")
    page = client.get(reverse("catalogue:list", args=["office"])).content.decode()
    assert "已发布的低保方案" in page and "000000001/2026-00001" in page
    assert "尚在审查的草稿" not in page
    item = client.get(reverse("catalogue:item", args=["office", published.pk]))
    assert item.status_code == 200
    body = item.content.decode()
    for label in ("索引号", "名称", "内容概述", "生成日期", "发布机构", "第二十条"):
        assert label in body
    assert (
        client.get(reverse("catalogue:item", args=["office", draft.pk])).status_code
        == 404
    )
    home = client.get(reverse("catalogue:home")).content.decode()
    assert "示例市人民政府办公室" in home and "示例市住房和城乡建设局" not in home


def test_filters_by_category_year_and_article_20_item(client, cast):
    cast.published(title="财政预算公开", category=cast.category("CZXX"), art20_item="7")
    cast.published(title="去年的规范性文件", generated_on=dt.date(2025, 5, 6))
    url = reverse("catalogue:list", args=["office"])
    by_category = client.get(
        url, {"category": cast.category("CZXX").pk}
    ).content.decode()
    assert "财政预算公开" in by_category and "去年的规范性文件" not in by_category
    by_year = client.get(url, {"year": "2025"}).content.decode()
    assert "去年的规范性文件" in by_year and "财政预算公开" not in by_year
    by_item = client.get(url, {"art20": "7"}).content.decode()
    assert "财政预算公开" in by_item and "去年的规范性文件" not in by_item


def test_an_invalid_filter_is_answered_in_chinese(client, cast):
    cast.published()
    response = client.get(reverse("catalogue:list", args=["office"]), {"year": "abc"})
    assert response.status_code == 400
    assert "筛选条件无效，请重新选择。" in response.content.decode()


def test_the_list_is_paginated_with_a_fixed_number_of_queries(
    client, cast, django_assert_max_num_queries
):
    for n in range(PAGE_SIZE + 3):
        cast.published(title=f"信息{n:02d}")
    url = reverse("catalogue:list", args=["office"])
    with django_assert_max_num_queries(8):
        first = client.get(url).content.decode()
    assert first.count("/catalogue/office/items/") == PAGE_SIZE
    after = re.search(r'href="\?after=([^"]+)">下一页', first)
    assert after and "上一页" not in first
    with django_assert_max_num_queries(8):
        second = client.get(url, {"after": unquote(after.group(1))}).content.decode()
    assert second.count("/catalogue/office/items/") == 3
    assert "下一页" not in second and "上一页" in second


def listed_titles(page: str) -> list[str]:
    return re.findall(r'/catalogue/office/items/\d+/">([^<]+)</a>', page)


def test_keyset_pages_list_every_item_once_and_stay_put(client, cast):
    """Pages by keyset (生成日期 newest first, ties by id): forwards and back
    they list every item once in order; an item published meanwhile on a
    newer date does not shift the deeper pages; no query uses OFFSET."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.disclosure.models import Item

    category = cast.category()
    base = dt.datetime(2025, 1, 1, 9, tzinfo=dt.UTC)
    Item.objects.bulk_create(
        Item(
            agency=cast.office,
            category=category,
            art20_item="1",
            title=f"条目{n:03d}",
            generated_on=dt.date(2020, 1, 1) + dt.timedelta(days=n // 3),
            publisher="示例市人民政府办公室",
            status=Item.Status.PUBLISHED,
            index_number=f"k/{n}",
            published_at=base,
            created_by=cast.handler,
            created_at=base,
            updated_at=base,
        )
        for n in range(2 * PAGE_SIZE + 7)
    )
    expected = [i.title for i in Item.objects.public().order_by("-generated_on", "-pk")]
    url = reverse("catalogue:list", args=["office"])
    pages, keys = [], [""]
    with CaptureQueriesContext(connection) as queries:
        while True:
            page = client.get(url + keys[-1]).content.decode()
            pages.append(listed_titles(page))
            nxt = re.search(r'href="(\?after=[^"]+)">下一页', page)
            if nxt is None:
                break
            keys.append(unquote(nxt.group(1)))
    assert [len(p) for p in pages] == [PAGE_SIZE, PAGE_SIZE, 7]
    assert [t for p in pages for t in p] == expected
    assert not [q for q in queries if "OFFSET" in q["sql"].upper()]
    # Back from the last page: the same pages, in order.
    page = client.get(url + keys[-1]).content.decode()
    back = re.search(r'href="(\?before=[^"]+)">上一页', page)
    assert back
    page = client.get(url + unquote(back.group(1))).content.decode()
    assert listed_titles(page) == pages[1]
    # A newer item does not move the second page.
    cast.published(title="新发布的条目", generated_on=dt.date(2026, 3, 1))
    assert listed_titles(client.get(url + keys[1]).content.decode()) == pages[1]
    assert listed_titles(client.get(url).content.decode())[0] == "新发布的条目"


def test_a_bad_page_key_is_answered_in_chinese(client, cast):
    cast.published()
    url = reverse("catalogue:list", args=["office"])
    for bad in ("abc", "2025-13-01_1", "2025-01-01_0", "2025-01-01_x\x00"):
        response = client.get(url, {"after": bad})
        assert response.status_code == 400
        assert "翻页参数无效，请从第一页浏览。" in response.content.decode()


def test_search_finds_two_character_words(client, cast):
    cast.published(title="示例市城乡低保标准调整方案")
    cast.published(title="房屋征收补偿办法", summary="规范拆迁补偿。", body="")
    cast.item(title="低保草稿不公开")
    page = client.get(reverse("catalogue:search"), {"q": "低保"}).content.decode()
    assert "示例市城乡低保标准调整方案" in page and "低保草稿不公开" not in page
    assert "找到1条" in page
    page = client.get(reverse("catalogue:search"), {"q": "拆迁"}).content.decode()
    assert "房屋征收补偿办法" in page


def test_an_empty_search_is_answered_in_chinese(client, cast):
    response = client.get(reverse("catalogue:search"), {"q": "，"})
    assert response.status_code == 400
    assert "请输入要搜索的字词" in response.content.decode()


def test_a_missing_guide_is_not_found(client, cast):
    assert client.get(reverse("catalogue:guide", args=["office"])).status_code == 404
    assert client.get(reverse("catalogue:list", args=["nowhere"])).status_code == 404


def test_attachments_are_downloadable_once_published_only(
    client, cast, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.disclosure import services

    item = cast.item()
    attachment = services.item_attach(
        item=item,
        upload=SimpleUploadedFile("方案.pdf", b"%PDF-1.7\n", "application/pdf"),
        acting_user=cast.handler,
    )
    url = reverse("catalogue:attachment", args=["office", item.pk, attachment.pk])
    assert client.get(url).status_code == 404
    services.item_submit(item=item, acting_user=cast.handler)
    services.item_review(
        item=item, result="pass", basis="无密。", acting_user=cast.other_handler
    )
    services.item_approve(item=item, acting_user=cast.head)
    services.item_publish(item=item, acting_user=cast.handler)
    page = client.get(
        reverse("catalogue:item", args=["office", item.pk])
    ).content.decode()
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n"


def test_search_pages_past_the_ranked_matches_by_keyset(client, cast, monkeypatch):
    """With 3 ranked matches (the real number is search.RANKED), 5 hits: the 3
    newest ranked, then the older ones newest first through ``before``."""
    from gongkai.disclosure import search

    monkeypatch.setattr(search, "RANKED", 3)
    for n in range(5):
        cast.published(title=f"低保公示第{n}批", body="")
    url = reverse("catalogue:search")
    first = client.get(url, {"q": "低保"}).content.decode()
    assert "找到3条以上" in first
    assert all(f"第{n}批" in first for n in (2, 3, 4))
    assert "第1批" not in first and "第0批" not in first
    before = unquote(first.split("before=")[1].split('"')[0])
    older = client.get(url, {"q": "低保", "before": before}).content.decode()
    assert older.index("第1批") < older.index("第0批")
    assert "第2批" not in older and "更早的结果</a>" not in older
    bad = client.get(url, {"q": "低保", "before": "x_1"})
    assert bad.status_code == 400 and "翻页参数无效" in bad.content.decode()


def test_search_filters_keep_to_the_agency_subtree_year_and_item(client, cast):
    cast.published(title="低保甲", art20_item="11", generated_on=dt.date(2026, 2, 1))
    cast.published(title="低保乙", art20_item="1", generated_on=dt.date(2025, 6, 1))
    url = reverse("catalogue:search")

    def found(**params: str) -> set[str]:
        page = client.get(url, {"q": "低保", **params}).content.decode()
        return {t for t in ("低保甲", "低保乙") if t in page}

    assert found() == {"低保甲", "低保乙"}
    assert found(agency="city") == {"低保甲", "低保乙"}  # the office is below
    assert found(agency="bureau") == set()
    assert found(year="2025") == {"低保乙"}
    assert found(art20="11") == {"低保甲"}
    assert found(agency="office", category=str(cast.category().pk)) == {
        "低保甲",
        "低保乙",
    }
    response = client.get(url, {"q": "低保", "year": "abc"})
    assert response.status_code == 400 and "筛选条件无效" in response.content.decode()
