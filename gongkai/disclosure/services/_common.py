"""Helpers every catalogue service shares: the event, the row lock, the workflow check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.accounts.users import AnyUser, staff_user
from gongkai.agencies.models import Agency
from gongkai.disclosure.deadlines import publication_due
from gongkai.disclosure.models import ALLOWED_TRANSITIONS, DisclosureEvent, Item

ACTION_ZH: dict[Item.Status, str] = {
    Item.Status.REVIEWING: "提交保密审查",
    Item.Status.APPROVING: "通过保密审查",
    Item.Status.APPROVED: "审核通过",
    Item.Status.PUBLISHED: "发布",
    Item.Status.WITHDRAWN: "撤回",
    Item.Status.DRAFT: "退回修改",
    Item.Status.SUPERSEDED: "替换为新版本",
}


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _event(
    *,
    agency: Agency,
    kind: DisclosureEvent.Kind,
    acting_user: AnyUser | None,
    item: Item | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> DisclosureEvent:
    return DisclosureEvent.objects.create(
        agency=agency,
        item=item,
        kind=kind,
        actor=None if acting_user is None else staff_user(acting_user),
        at=now or timezone.now(),
        reason=reason,
        data=data or {},
    )


def _locked(item: Item) -> Item:
    """The item re-read under a row lock, so two clicks cannot both move it."""
    return (
        Item.objects.select_for_update(of=("self",))
        .select_related("agency", "category")
        .get(pk=item.pk)
    )


def check_transition(item: Item, to: Item.Status) -> None:
    """Refuse, in Chinese, a move the workflow does not allow."""
    current = Item.Status(item.status)
    if to not in ALLOWED_TRANSITIONS[current]:
        raise ValidationError(
            f"该信息当前状态为“{current.label}”，不能{ACTION_ZH[to]}。"
        )


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _set_due(item: Item) -> None:
    """Store the Art. 26 due date (or why it cannot be computed)."""
    result = publication_due(item.agency, item.generated_on)
    item.publication_due = result.due
    item.publication_due_problem = result.problem
