"""Changes (变更) of a published item: a new version that replaces it on publication."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.users import AnyUser, staff_user
from gongkai.disclosure import search
from gongkai.disclosure.models import OPEN_STATUSES, Attachment, DisclosureEvent, Item
from gongkai.disclosure.permissions import can_draft
from gongkai.disclosure.selectors import chain
from gongkai.disclosure.services._common import (
    _event,
    _locked,
    _require,
    _set_due,
    check_transition,
)
from gongkai.disclosure.services.drafts import ITEM_FIELDS
from gongkai.web import public_cache


def _supersede(item: Item, *, acting_user: AnyUser, now: dt.datetime) -> Item:
    """Retire the published version that the new version ``item`` replaces."""
    current = (
        chain(item)
        .select_for_update()
        .filter(status=Item.Status.PUBLISHED)
        .exclude(pk=item.pk)
        .first()
    )
    if current is None:
        raise ValidationError("原信息已不在公开目录中（已撤回），不能发布其变更稿。")
    if current.validity == Item.Validity.ABOLISHED:
        raise ValidationError("原文件已登记废止，不能发布其变更稿。")
    check_transition(current, Item.Status.SUPERSEDED)
    current.status = Item.Status.SUPERSEDED
    current.superseded_at = now
    current.updated_at = now
    current.save(update_fields=["status", "superseded_at", "updated_at"])
    search.unindex_item(current)
    public_cache.invalidate()
    _event(
        agency=current.agency,
        item=current,
        kind=DisclosureEvent.Kind.SUPERSEDED,
        acting_user=acting_user,
        data={"by": item.pk, "version": item.version_number},
        now=now,
    )
    return current


@transaction.atomic
def item_change(
    *,
    item: Item,
    changed_on: dt.date,
    change_note: str,
    acting_user: AnyUser,
    now: dt.datetime | None = None,
) -> Item:
    """Start a change (变更) of a published item — Art. 26.

    "属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内
    及时公开": a change is a new version, a draft copying the current one
    (text, attachments) whose 生成日期 is the date of the change, so its own
    Art. 26 due date runs from that day. It goes through 保密审查 and 审核 again;
    on publication it replaces the current version under the same 索引号 and
    the current one is kept as history. One change at a time.
    """
    item = _locked(item)
    _require(
        can_draft(acting_user, item.agency), "您没有编辑本机关主动公开信息的权限。"
    )
    if item.status != Item.Status.PUBLISHED:
        raise ValidationError(
            f"该信息当前状态为“{item.get_status_display()}”，只有已发布的信息可以变更。"
        )
    if item.validity == Item.Validity.ABOLISHED:
        raise ValidationError("已废止的文件不能变更。")
    versions = chain(item)
    pending = versions.filter(status__in=OPEN_STATUSES).first()
    if pending is not None:
        raise ValidationError(
            f"该信息已有一份正在办理的变更稿（第{pending.version_number}版），"
            "请先办结。"
        )
    if not change_note.strip():
        raise ValidationError({"change_note": "请填写变更说明。"})
    if changed_on < item.generated_on:
        raise ValidationError({"changed_on": "变更日期不能早于原信息的生成日期。"})
    now = now or timezone.now()
    last = versions.order_by("-version_number").first()
    new = Item(
        agency=item.agency,
        created_by=staff_user(acting_user),
        created_at=now,
        updated_at=now,
        original_id=item.chain_id,
        version_number=(last.version_number if last else 1) + 1,
        change_note=change_note.strip(),
        generated_on=changed_on,
        **{
            field: getattr(item, field)
            for field in ITEM_FIELDS
            if field != "generated_on"
        },
    )
    new.full_clean()
    _set_due(new)
    new.save()
    Attachment.objects.bulk_create(
        Attachment(
            item=new,
            file=a.file.name,
            original_name=a.original_name,
            size=a.size,
            uploaded_by_id=a.uploaded_by_id,
            uploaded_at=a.uploaded_at,
        )
        for a in item.attachments.all()
    )
    _event(
        agency=item.agency,
        item=new,
        kind=DisclosureEvent.Kind.CHANGE_STARTED,
        acting_user=acting_user,
        reason=new.change_note,
        data={
            "changes": item.pk,
            "version": new.version_number,
            "changed_on": changed_on.isoformat(),
        },
        now=now,
    )
    return new
