"""The item's way to publication and after: 保密审查, 审核, return, withdraw, 废止."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.users import AnyUser, staff_user
from gongkai.disclosure import search
from gongkai.disclosure.models import DisclosureEvent, Item
from gongkai.disclosure.permissions import (
    can_approve,
    can_draft,
    can_review,
    can_withdraw,
)
from gongkai.disclosure.services._common import (
    _event,
    _locked,
    _require,
    check_transition,
)
from gongkai.web import public_cache


@transaction.atomic
def item_submit(
    *, item: Item, acting_user: AnyUser, now: dt.datetime | None = None
) -> Item:
    """Send a draft to 保密审查 (Art. 17)."""
    item = _locked(item)
    _require(
        can_draft(acting_user, item.agency), "您没有编辑本机关主动公开信息的权限。"
    )
    check_transition(item, Item.Status.REVIEWING)
    item.status = Item.Status.REVIEWING
    item.updated_at = now = now or timezone.now()
    item.save(update_fields=["status", "updated_at"])
    _event(
        agency=item.agency,
        item=item,
        kind=DisclosureEvent.Kind.SUBMITTED,
        acting_user=acting_user,
        now=now,
    )
    return item


@transaction.atomic
def item_review(
    *,
    item: Item,
    result: str,
    basis: str,
    acting_user: AnyUser,
    now: dt.datetime | None = None,
) -> Item:
    """Record the 保密审查 — Art. 17.

    "行政机关应当建立健全政府信息公开审查机制，明确审查的程序和责任": the
    reviewer (a handler or head who did not draft the item) records the result
    and its basis (保密法 and other laws; a referral to the 保密行政管理部门 when
    uncertain). A pass goes on to the head's 审核; a return goes back to draft.
    """
    item = _locked(item)
    _require(
        can_review(acting_user, item),
        "保密审查须由本机关承办人或负责人进行，且不能由拟稿人本人审查。",
    )
    outcome = Item.ReviewResult(result) if result in Item.ReviewResult.values else None
    if outcome is None:
        raise ValidationError({"result": "请选择保密审查结果。"})
    if not basis.strip():
        raise ValidationError({"basis": "请填写审查依据和意见。"})
    to = (
        Item.Status.APPROVING
        if outcome is Item.ReviewResult.PASS
        else Item.Status.DRAFT
    )
    check_transition(item, to)
    now = now or timezone.now()
    item.status = to
    item.review_result = outcome
    item.review_basis = basis.strip()
    item.reviewed_by = staff_user(acting_user)
    item.reviewed_at = now
    item.updated_at = now
    item.save(
        update_fields=[
            "status",
            "review_result",
            "review_basis",
            "reviewed_by",
            "reviewed_at",
            "updated_at",
        ]
    )
    _event(
        agency=item.agency,
        item=item,
        kind=DisclosureEvent.Kind.REVIEWED,
        acting_user=acting_user,
        reason=item.review_basis,
        data={"result": str(outcome)},
        now=now,
    )
    return item


@transaction.atomic
def item_approve(
    *, item: Item, acting_user: AnyUser, note: str = "", now: dt.datetime | None = None
) -> Item:
    """The head's 审核 of an item that passed 保密审查."""
    item = _locked(item)
    _require(can_approve(acting_user, item), "只有本机关负责人可以审核。")
    check_transition(item, Item.Status.APPROVED)
    now = now or timezone.now()
    item.status = Item.Status.APPROVED
    item.approved_by = staff_user(acting_user)
    item.approved_at = now
    item.updated_at = now
    item.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    _event(
        agency=item.agency,
        item=item,
        kind=DisclosureEvent.Kind.APPROVED,
        acting_user=acting_user,
        reason=note.strip(),
        now=now,
    )
    return item


@transaction.atomic
def item_return(
    *, item: Item, reason: str, acting_user: AnyUser, now: dt.datetime | None = None
) -> Item:
    """The head sends an item awaiting 审核 or 发布 back to draft, saying why."""
    item = _locked(item)
    _require(can_approve(acting_user, item), "只有本机关负责人可以退回。")
    if item.status == Item.Status.REVIEWING:
        raise ValidationError("待保密审查的信息由审查人在保密审查中退回。")
    check_transition(item, Item.Status.DRAFT)
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回理由。"})
    item.status = Item.Status.DRAFT
    item.approved_by = None
    item.approved_at = None
    item.updated_at = now = now or timezone.now()
    item.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    _event(
        agency=item.agency,
        item=item,
        kind=DisclosureEvent.Kind.RETURNED,
        acting_user=acting_user,
        reason=reason.strip(),
        now=now,
    )
    return item


@transaction.atomic
def item_withdraw(
    *, item: Item, reason: str, acting_user: AnyUser, now: dt.datetime | None = None
) -> Item:
    """Take a published item off the public catalogue (the record stays)."""
    item = _locked(item)
    _require(can_withdraw(acting_user, item), "只有本机关负责人可以撤回已发布的信息。")
    check_transition(item, Item.Status.WITHDRAWN)
    if not reason.strip():
        raise ValidationError({"reason": "请填写撤回理由。"})
    now = now or timezone.now()
    item.status = Item.Status.WITHDRAWN
    item.withdrawn_at = now
    item.updated_at = now
    item.save(update_fields=["status", "withdrawn_at", "updated_at"])
    search.unindex_item(item)
    public_cache.invalidate()
    _event(
        agency=item.agency,
        item=item,
        kind=DisclosureEvent.Kind.WITHDRAWN,
        acting_user=acting_user,
        reason=reason.strip(),
        now=now,
    )
    return item


@transaction.atomic
def item_abolish(
    *,
    item: Item,
    abolished_on: dt.date,
    abolishing_document: str,
    acting_user: AnyUser,
    now: dt.datetime | None = None,
) -> Item:
    """Register that a published 规章 or 行政规范性文件 has been abolished (废止).

    It stays in the catalogue marked 已废止 with the date and the abolishing
    document, and counts in the 本年废止件数 of table 二 for that year.
    """
    item = _locked(item)
    _require(
        can_draft(acting_user, item.agency), "您没有编辑本机关主动公开信息的权限。"
    )
    if not item.category.has_validity:
        raise ValidationError("只有规章和行政规范性文件登记废止。")
    if item.status != Item.Status.PUBLISHED:
        raise ValidationError(
            f"该信息当前状态为“{item.get_status_display()}”，只有已发布的文件可以登记废止。"
        )
    if item.validity == Item.Validity.ABOLISHED:
        raise ValidationError("该文件已登记废止。")
    item.validity = Item.Validity.ABOLISHED
    item.abolished_on = abolished_on
    item.abolishing_document = abolishing_document.strip()
    item.updated_at = now = now or timezone.now()
    item.full_clean()
    item.save(
        update_fields=["validity", "abolished_on", "abolishing_document", "updated_at"]
    )
    public_cache.invalidate()
    _event(
        agency=item.agency,
        item=item,
        kind=DisclosureEvent.Kind.ABOLISHED,
        acting_user=acting_user,
        reason=item.abolishing_document,
        data={"abolished_on": abolished_on.isoformat()},
        now=now,
    )
    return item
