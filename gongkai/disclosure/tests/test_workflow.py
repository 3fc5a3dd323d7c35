"""The workflow: draft → 保密审查 (Art. 17) → 审核 → 发布 → 撤回, each step one
service that checks who may act, refuses illegal moves in Chinese and writes
an event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.disclosure import search, services
from gongkai.disclosure.models import DisclosureEvent, Item

Kind = DisclosureEvent.Kind


def kinds(item: Item) -> list[str]:
    return list(item.events.values_list("kind", flat=True))


def test_a_draft_goes_through_review_and_approval_to_publication(cast):
    item = cast.item()
    assert item.status == Item.Status.DRAFT
    assert item.publisher == cast.office.name
    services.item_submit(item=item, acting_user=cast.handler)
    services.item_review(
        item=item,
        result="pass",
        basis="不涉及国家秘密。",
        acting_user=cast.other_handler,
    )
    services.item_approve(item=item, acting_user=cast.head, note="同意公开。")
    item = services.item_publish(item=item, acting_user=cast.handler)
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    assert item.published_at is not None
    assert item.index_number == "000000001/2026-00001"
    assert (
        item.reviewed_by == cast.other_handler
        and item.review_basis == "不涉及国家秘密。"
    )
    assert item.approved_by == cast.head
    assert item.validity == Item.Validity.IN_FORCE  # 行政规范性文件
    assert kinds(item) == [
        Kind.CREATED,
        Kind.SUBMITTED,
        Kind.REVIEWED,
        Kind.APPROVED,
        Kind.PUBLISHED,
    ]
    published = item.events.get(kind=Kind.PUBLISHED)
    assert published.actor == cast.handler
    assert published.data["index_number"] == "000000001/2026-00001"


def test_other_categories_have_no_validity(cast):
    item = cast.published(category=cast.category("CZXX"), art20_item="7")
    assert item.validity == ""


def test_the_drafter_may_not_review_their_own_item(cast):
    item = cast.item()
    services.item_submit(item=item, acting_user=cast.handler)
    with pytest.raises(PermissionDenied, match="不能由拟稿人本人审查"):
        services.item_review(
            item=item, result="pass", basis="无。", acting_user=cast.handler
        )


def test_the_review_needs_a_result_and_its_basis(cast):
    item = cast.item()
    services.item_submit(item=item, acting_user=cast.handler)
    with pytest.raises(ValidationError, match="请填写审查依据和意见"):
        services.item_review(
            item=item, result="pass", basis="  ", acting_user=cast.other_handler
        )
    with pytest.raises(ValidationError, match="请选择保密审查结果"):
        services.item_review(
            item=item, result="maybe", basis="x", acting_user=cast.other_handler
        )
    item.refresh_from_db()
    assert item.status == Item.Status.REVIEWING
    assert not item.events.filter(kind=Kind.REVIEWED).exists()


def test_a_review_that_returns_the_item_sends_it_back_to_draft(cast):
    item = cast.item()
    services.item_submit(item=item, acting_user=cast.handler)
    item = services.item_review(
        item=item,
        result="return",
        basis="第三段含个人信息，删除后再审。",
        acting_user=cast.other_handler,
    )
    assert item.status == Item.Status.DRAFT
    assert item.events.last().reason == "第三段含个人信息，删除后再审。"


def test_only_the_head_approves(cast):
    item = cast.item()
    services.item_submit(item=item, acting_user=cast.handler)
    services.item_review(
        item=item, result="pass", basis="无密。", acting_user=cast.other_handler
    )
    for user in (
        cast.handler,
        cast.other_handler,
        cast.admin,
        cast.supervisor,
        cast.outsider,
    ):
        with pytest.raises(PermissionDenied, match="只有本机关负责人可以审核"):
            services.item_approve(item=item, acting_user=user)


def test_the_head_may_return_an_item_awaiting_approval_with_a_reason(cast):
    item = cast.item()
    services.item_submit(item=item, acting_user=cast.handler)
    services.item_review(
        item=item, result="pass", basis="无密。", acting_user=cast.other_handler
    )
    with pytest.raises(ValidationError, match="请填写退回理由"):
        services.item_return(item=item, reason="", acting_user=cast.head)
    item = services.item_return(item=item, reason="名称不准确。", acting_user=cast.head)
    assert item.status == Item.Status.DRAFT


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("review", "当前状态为“草稿”，不能通过保密审查"),
        ("approve", "当前状态为“草稿”，不能审核通过"),
        ("publish", "当前状态为“草稿”，不能发布"),
        ("withdraw", "当前状态为“草稿”，不能撤回"),
    ],
)
def test_illegal_moves_from_draft_are_refused_in_chinese(cast, step, message):
    item = cast.item()
    calls = {
        "review": lambda: services.item_review(
            item=item, result="pass", basis="无密。", acting_user=cast.other_handler
        ),
        "approve": lambda: services.item_approve(item=item, acting_user=cast.head),
        "publish": lambda: services.item_publish(item=item, acting_user=cast.handler),
        "withdraw": lambda: services.item_withdraw(
            item=item, reason="错误。", acting_user=cast.head
        ),
    }
    with pytest.raises(ValidationError, match=message):
        calls[step]()
    item.refresh_from_db()
    assert item.status == Item.Status.DRAFT
    assert kinds(item) == [Kind.CREATED]


def test_nothing_is_published_twice(cast):
    item = cast.published()
    with pytest.raises(ValidationError, match="当前状态为“已发布”，不能发布"):
        services.item_publish(item=item, acting_user=cast.handler)


def test_only_drafts_can_be_edited(cast):
    item = cast.item()
    services.item_update(item=item, acting_user=cast.handler, title="新名称")
    services.item_submit(item=item, acting_user=cast.handler)
    with pytest.raises(ValidationError, match="只有草稿可以修改"):
        services.item_update(item=item, acting_user=cast.handler, title="再改")
    item.refresh_from_db()
    assert item.title == "新名称"


def test_outsiders_and_supervisors_cannot_draft_for_the_agency(cast):
    for user in (cast.outsider, cast.supervisor):
        with pytest.raises(PermissionDenied):
            services.item_create(
                agency=cast.office,
                acting_user=user,
                title="x",
                summary="x",
                generated_on=dt.date(2026, 3, 1),
                category=cast.category(),
                art20_item="1",
            )
    assert not Item.objects.exists()


def test_a_category_of_another_agency_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        cast.item(category=cast.category("GFXWJ", agency=cast.bureau))
    assert exc.value.message_dict["category"] == ["信息类别不属于本机关。"]
    assert not Item.objects.exists()


def test_the_head_withdraws_a_published_item_with_a_reason(cast):
    item = cast.published()
    with pytest.raises(PermissionDenied):
        services.item_withdraw(item=item, reason="误发。", acting_user=cast.handler)
    with pytest.raises(ValidationError, match="请填写撤回理由"):
        services.item_withdraw(item=item, reason=" ", acting_user=cast.head)
    item = services.item_withdraw(item=item, reason="误发。", acting_user=cast.head)
    assert item.status == Item.Status.WITHDRAWN
    assert not search.is_indexed(item)
    with pytest.raises(ValidationError, match="不能发布"):
        services.item_publish(item=item, acting_user=cast.handler)


def test_a_published_normative_document_is_abolished_with_date_and_document(cast):
    item = cast.published()
    item = services.item_abolish(
        item=item,
        abolished_on=dt.date(2026, 3, 2),
        abolishing_document="示例市人民政府关于废止部分行政规范性文件的决定（示政发〔2026〕3号）",
        acting_user=cast.handler,
    )
    assert item.validity == Item.Validity.ABOLISHED
    assert item.status == Item.Status.PUBLISHED  # stays in the catalogue
    with pytest.raises(ValidationError, match="已登记废止"):
        services.item_abolish(
            item=item,
            abolished_on=dt.date(2026, 3, 2),
            abolishing_document="x",
            acting_user=cast.handler,
        )


def test_abolition_is_refused_for_other_categories_drafts_and_bad_dates(cast):
    other = cast.published(category=cast.category("CZXX"), art20_item="7")
    with pytest.raises(ValidationError, match="只有规章和行政规范性文件登记废止"):
        services.item_abolish(
            item=other,
            abolished_on=dt.date(2026, 3, 2),
            abolishing_document="x",
            acting_user=cast.handler,
        )
    draft = cast.item()
    with pytest.raises(ValidationError, match="只有已发布的文件可以登记废止"):
        services.item_abolish(
            item=draft,
            abolished_on=dt.date(2026, 3, 2),
            abolishing_document="x",
            acting_user=cast.handler,
        )
    published = cast.published()
    with pytest.raises(ValidationError) as exc:
        services.item_abolish(
            item=published,
            abolished_on=dt.date(2026, 1, 1),
            abolishing_document="x",
            acting_user=cast.handler,
        )
    assert exc.value.message_dict["abolished_on"] == ["废止日期不能早于生成日期。"]
    published.refresh_from_db()
    assert published.validity == Item.Validity.IN_FORCE


def test_events_are_append_only(cast):
    event = cast.item().events.get()
    event.reason = "改写历史"
    with pytest.raises(RuntimeError):
        event.save()


def test_guide_and_settings_are_kept_by_head_or_admin(cast):
    fields = {
        "classification": "按主题分类。",
        "arrangement": "按类别、年份编排。",
        "access": "登录门户网站查阅。",
        "office_name": "示例市人民政府办公室政务公开科",
        "address": "示例市人民路1号",
        "office_hours": "工作日上午9:00—12:00，下午13:30—17:00",
        "phone": "0000-1234567",
        "fax": "",
        "web_contact": "gongkai@example.gov.cn",
        "other": "",
    }
    with pytest.raises(PermissionDenied):
        services.guide_update(agency=cast.office, acting_user=cast.handler, **fields)
    guide = services.guide_update(agency=cast.office, acting_user=cast.admin, **fields)
    assert guide.office_name == "示例市人民政府办公室政务公开科"
    with pytest.raises(ValidationError):
        services.guide_update(
            agency=cast.office, acting_user=cast.head, **(fields | {"phone": ""})
        )
    assert DisclosureEvent.objects.filter(kind=Kind.GUIDE_UPDATED).count() == 1


def test_a_new_category_is_added_once(cast):
    services.category_add(
        agency=cast.office,
        code="YJGL",
        name="应急管理",
        kind="other",
        acting_user=cast.head,
    )
    with pytest.raises(ValidationError):
        services.category_add(
            agency=cast.office,
            code="YJGL",
            name="应急",
            kind="other",
            acting_user=cast.head,
        )
    with pytest.raises(PermissionDenied):
        services.category_add(
            agency=cast.office,
            code="X1",
            name="其他2",
            kind="other",
            acting_user=cast.outsider,
        )
