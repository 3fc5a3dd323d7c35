"""Changes to published items (变更) — Art. 26 "形成或者变更之日起20个工作日内".

A change is a new version: a draft linked to the first version, with 生成日期 =
the date of the change and its own Art. 26 due date; it goes through 保密审查 and
审核 again and, once published, replaces the current version under the same
索引号. The public page shows the current version and the change history.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.disclosure import search, services
from gongkai.disclosure.deadlines import publication_due
from gongkai.disclosure.models import DisclosureEvent, Item
from gongkai.disclosure.selectors import public_items, table2_rules_and_normative_docs
from gongkai.testing import PASSWORD

S = Item.Status
CHANGED_ON = dt.date(2026, 3, 2)


def change(cast, item: Item, **kwargs) -> Item:
    fields = {
        "changed_on": CHANGED_ON,
        "change_note": "低保标准由每月800元调整为850元。",
    }
    return services.item_change(
        item=item, acting_user=cast.handler, **(fields | kwargs)
    )


def approve(cast, item: Item) -> Item:
    services.item_submit(item=item, acting_user=cast.handler)
    services.item_review(
        item=item,
        result="pass",
        basis="不涉及国家秘密。",
        acting_user=cast.other_handler,
    )
    return services.item_approve(item=item, acting_user=cast.head)


def test_a_change_is_a_draft_version_with_its_own_article_26_due_date(cast):
    first = cast.published()
    new = change(cast, first)
    assert new.status == S.DRAFT and new.original == first
    assert new.version_number == 2 and new.index_number is None
    assert new.generated_on == CHANGED_ON
    assert new.publication_due == publication_due(cast.office, CHANGED_ON).due
    assert new.publication_due > first.publication_due
    assert (new.title, new.summary, new.category) == (
        first.title,
        first.summary,
        first.category,
    )
    first.refresh_from_db()
    assert first.status == S.PUBLISHED  # still public until the change is published
    event = new.events.get()
    assert event.kind == DisclosureEvent.Kind.CHANGE_STARTED
    assert event.data["changes"] == first.pk


def test_a_change_goes_through_review_and_approval_again(cast):
    new = change(cast, cast.published())
    with pytest.raises(ValidationError, match="不能发布"):
        services.item_publish(item=new, acting_user=cast.handler)
    services.item_submit(item=new, acting_user=cast.handler)
    with pytest.raises(PermissionDenied):  # the drafter of the change cannot review it
        services.item_review(
            item=new, result="pass", basis="自己审查。", acting_user=cast.handler
        )


def test_publishing_a_change_replaces_the_current_version_under_the_same_index_number(
    cast,
):
    first = cast.published()
    draft = change(cast, first)
    services.item_update(
        item=draft, acting_user=cast.handler, title="示例市城乡低保标准调整方案（修订）"
    )
    new = approve(cast, draft)
    new = services.item_publish(item=new, acting_user=cast.handler)
    first.refresh_from_db()
    assert new.status == S.PUBLISHED and first.status == S.SUPERSEDED
    assert new.index_number == first.index_number == "000000001/2026-00001"
    assert new.validity == first.validity
    assert list(public_items()) == [new]
    assert list(search.search(public_items(), "修订")) == [new]
    assert not search.is_indexed(first) and search.is_indexed(new)
    # The serial was not used up: the next item gets 00002.
    other = cast.published(title="另一条信息")
    assert other.index_number == "000000001/2026-00002"
    assert first.events.last().kind == DisclosureEvent.Kind.SUPERSEDED


def test_a_third_version_follows_the_second(cast):
    first = cast.published()
    second = services.item_publish(
        item=approve(cast, change(cast, first)), acting_user=cast.handler
    )
    third = change(cast, second, change_note="更正文号。")
    assert third.original == first and third.version_number == 3


def test_what_cannot_be_changed_is_refused_in_chinese(cast):
    first = cast.published()
    with pytest.raises(ValidationError, match="只有已发布的信息可以变更"):
        change(cast, cast.item())
    with pytest.raises(ValidationError, match="请填写变更说明"):
        change(cast, first, change_note="  ")
    with pytest.raises(ValidationError, match="不能早于原信息的生成日期"):
        change(cast, first, changed_on=dt.date(2026, 1, 1))
    change(cast, first)
    with pytest.raises(ValidationError, match="已有一份正在办理的变更稿（第2版）"):
        change(cast, first)
    with pytest.raises(PermissionDenied):
        services.item_change(
            item=first,
            changed_on=CHANGED_ON,
            change_note="外单位",
            acting_user=cast.outsider,
        )
    assert Item.objects.filter(original=first).count() == 1


def test_an_abolished_or_withdrawn_original_cannot_be_changed_or_replaced(cast):
    rule = cast.published()
    services.item_abolish(
        item=rule,
        abolished_on=dt.date(2026, 3, 1),
        abolishing_document="示政规〔2026〕9号",
        acting_user=cast.handler,
    )
    with pytest.raises(ValidationError, match="已废止的文件不能变更"):
        change(cast, rule)
    other = cast.published(title="另一条")
    pending = approve(cast, change(cast, other))
    services.item_withdraw(item=other, reason="内容有误。", acting_user=cast.head)
    with pytest.raises(ValidationError, match="已撤回"):
        services.item_publish(item=pending, acting_user=cast.handler)


def test_a_changed_document_counts_once_in_table_2_as_of_its_first_date(cast):
    first = cast.published(generated_on=dt.date(2025, 11, 3))
    services.item_publish(
        item=approve(cast, change(cast, first)), acting_user=cast.handler
    )
    assert table2_rules_and_normative_docs(cast.office, 2025)["normative_docs"] == [
        1,
        0,
        1,
    ]
    assert table2_rules_and_normative_docs(cast.office, 2026)["normative_docs"] == [
        0,
        0,
        1,
    ]


def test_attachments_are_carried_into_the_change(cast, settings):
    item = cast.item()
    services.item_attach(
        item=item,
        upload=SimpleUploadedFile("方案.txt", "低保".encode()),
        acting_user=cast.handler,
    )
    approve(cast, item)
    first = services.item_publish(item=item, acting_user=cast.handler)
    new = change(cast, first)
    assert [a.original_name for a in new.attachments.all()] == ["方案.txt"]
    assert new.attachments.get().file.name == first.attachments.get().file.name


def test_the_public_page_shows_the_current_version_and_its_history(client, cast):
    first = cast.published()
    new = services.item_publish(
        item=approve(cast, change(cast, first)), acting_user=cast.handler
    )
    page = client.get(reverse("catalogue:item", args=["office", new.pk]))
    body = page.content.decode()
    assert "变更记录" in body and "第2版（现行）" in body and "第1版" in body
    assert "低保标准由每月800元调整为850元。" in body and "首次公开" in body
    assert "000000001/2026-00001" in body
    old = client.get(reverse("catalogue:item", args=["office", first.pk]))
    assert old.status_code == 302
    assert old["Location"] == reverse("catalogue:item", args=["office", new.pk])


def test_staff_start_a_change_from_the_item_page(client, cast):
    first = cast.published()
    assert client.login(username=cast.handler.username, password=PASSWORD)
    detail = client.get(reverse("disclosure:detail", args=[first.pk])).content.decode()
    assert "建立变更稿" in detail
    url = reverse("disclosure:change", args=[first.pk])
    refused = client.post(url, {"changed_on": "2026-03-02", "change_note": ""})
    assert refused.status_code == 302
    assert not Item.objects.filter(original=first).exists()
    assert "请填写变更说明" in client.get(refused["Location"]).content.decode()
    done = client.post(
        url, {"changed_on": "2026-03-02", "change_note": "补充实施日期。"}, follow=True
    )
    new = Item.objects.get(original=first)
    assert done.redirect_chain[-1][0] == reverse("disclosure:detail", args=[new.pk])
    body = done.content.decode()
    assert "已建立第2版变更稿" in body and "第2版（变更）：补充实施日期。" in body
