"""The public catalogue: only published items, filters, pagination, search, guide."""

from __future__ import annotations

import datetime as dt

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
    assert "第1页，共2页" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count("/catalogue/office/items/") == 3


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
        acting_user=cast.drafter,
    )
    url = reverse("catalogue:attachment", args=["office", item.pk, attachment.pk])
    assert client.get(url).status_code == 404
    services.item_submit(item=item, acting_user=cast.drafter)
    services.item_review(
        item=item, result="pass", basis="无密。", acting_user=cast.reviewer
    )
    services.item_approve(item=item, acting_user=cast.head)
    services.item_publish(item=item, acting_user=cast.drafter)
    page = client.get(
        reverse("catalogue:item", args=["office", item.pk])
    ).content.decode()
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7\n"
