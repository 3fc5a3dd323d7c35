"""Services that record disputes; each is one transaction with an audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.users import AnyUser, staff_user
from gongkai.agencies.models import Agency
from gongkai.disputes.models import Dispute, DisputeEvent
from gongkai.disputes.permissions import can_edit_disputes

#: The fields a user may set; everything else is kept by the services.
FIELDS = (
    "kind",
    "number",
    "party",
    "body",
    "case",
    "filed_on",
    "result",
    "decided_on",
    "co_defendant_only",
    "note",
)


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


@transaction.atomic
def dispute_create(*, agency: Agency, acting_user: AnyUser, **fields: Any) -> Dispute:
    """Record a 复议 or 诉讼 case of ``agency``."""
    if not can_edit_disputes(acting_user, agency):
        raise PermissionDenied("您没有登记本机关行政复议、行政诉讼案件的权限。")
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    dispute = Dispute(agency=agency, **fields)
    dispute.full_clean()
    dispute.save()
    DisputeEvent.objects.create(
        dispute=dispute,
        kind=DisputeEvent.EventKind.CREATED,
        actor=staff_user(acting_user),
        at=timezone.now(),
        changes={k: _json(v) for k, v in fields.items()},
    )
    return dispute


@transaction.atomic
def dispute_update(*, dispute: Dispute, acting_user: AnyUser, **fields: Any) -> Dispute:
    """Change a dispute (typically its result); the event keeps before and after."""
    if not can_edit_disputes(acting_user, dispute.agency):
        raise PermissionDenied("您没有修改本机关行政复议、行政诉讼案件的权限。")
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    locked = Dispute.objects.select_for_update().get(pk=dispute.pk)
    changes: dict[str, list[Any]] = {}
    for name, value in fields.items():
        before = getattr(locked, name)
        if before != value:
            changes[name] = [_json(before), _json(value)]
            setattr(locked, name, value)
    if not changes:
        return locked
    locked.full_clean()
    locked.version += 1
    locked.save()
    DisputeEvent.objects.create(
        dispute=locked,
        kind=DisputeEvent.EventKind.UPDATED,
        actor=staff_user(acting_user),
        at=timezone.now(),
        changes=changes,
    )
    return locked
