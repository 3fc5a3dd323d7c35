"""Services that record disputes; each is one transaction with an audit event."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict, Unpack

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.users import AnyUser, staff_user
from gongkai.agencies.models import Agency
from gongkai.cases.models import Case
from gongkai.disputes.models import Dispute, DisputeEvent
from gongkai.disputes.permissions import can_edit_disputes
from gongkai.events import apply_changes, event_value


class DisputeFields(TypedDict, total=False):
    """The fields a user may set; everything else is kept by the services."""

    kind: str
    number: str
    party: str
    party_is_person: bool
    body: str
    case: Case | None
    filed_on: dt.date
    result: str
    decided_on: dt.date | None
    co_defendant_only: bool
    note: str


FIELDS = tuple(DisputeFields.__annotations__)


@transaction.atomic
def dispute_create(
    *,
    agency: Agency,
    acting_user: AnyUser,
    now: dt.datetime | None = None,
    **fields: Unpack[DisputeFields],
) -> Dispute:
    """Record a 复议 or 诉讼 case of ``agency``."""
    if not can_edit_disputes(acting_user, agency):
        raise PermissionDenied("您没有登记本机关行政复议、行政诉讼案件的权限。")
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    case = fields.get("case")
    if case is not None and "party_is_person" not in fields:
        # The applicant of the disclosure case is the one who went to law.
        fields["party_is_person"] = case.applicant_type == "natural_person"
    dispute = Dispute(agency=agency, **fields)
    dispute.full_clean()
    dispute.save()
    DisputeEvent.objects.create(
        dispute=dispute,
        kind=DisputeEvent.EventKind.CREATED,
        actor=staff_user(acting_user),
        at=now or timezone.now(),
        changes={k: event_value(v) for k, v in fields.items()},
    )
    return dispute


@transaction.atomic
def dispute_update(
    *,
    dispute: Dispute,
    acting_user: AnyUser,
    now: dt.datetime | None = None,
    **fields: Unpack[DisputeFields],
) -> Dispute:
    """Change a dispute (typically its result); the event keeps before and after."""
    if not can_edit_disputes(acting_user, dispute.agency):
        raise PermissionDenied("您没有修改本机关行政复议、行政诉讼案件的权限。")
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    locked = Dispute.objects.select_for_update().get(pk=dispute.pk)
    changes = apply_changes(locked, fields)
    if not changes:
        return locked
    locked.full_clean()
    locked.version += 1
    locked.save()
    DisputeEvent.objects.create(
        dispute=locked,
        kind=DisputeEvent.EventKind.UPDATED,
        actor=staff_user(acting_user),
        at=now or timezone.now(),
        changes=changes,
    )
    return locked
