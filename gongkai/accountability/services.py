"""责任追究 services: each one transaction, each checks permission and writes an event."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict, Unpack

from django.db import transaction
from django.utils import timezone

from gongkai.accountability.models import Record, RecordEvent
from gongkai.accountability.permissions import can_approve, can_record
from gongkai.accounts.users import AnyUser, staff_user
from gongkai.agencies.models import Agency
from gongkai.cases.models import Case
from gongkai.disputes.models import Dispute
from gongkai.errors import DomainError
from gongkai.events import apply_changes, event_value
from gongkai.supervision.models import Bulletin


class AccountabilityError(DomainError):
    pass


class RecordFields(TypedDict, total=False):
    person_name: str
    person_post: str
    ground: str
    facts: str
    case: Case | None
    dispute: Dispute | None
    bulletin: Bulletin | None
    bulletin_problem: str
    measure: str
    measure_detail: str
    decided_on: dt.date


FIELDS = tuple(RecordFields.__annotations__)


def _check_links(agency: Agency, fields: RecordFields) -> None:
    """A linked application or dispute is the agency's own; a bulletin covers it."""
    case, dispute, bulletin = (
        fields.get("case"),
        fields.get("dispute"),
        fields.get("bulletin"),
    )
    if case is not None and case.agency_id != agency.pk:
        raise AccountabilityError("关联的申请不属于该机关。", field="case")
    if dispute is not None and dispute.agency_id != agency.pk:
        raise AccountabilityError("关联的复议、诉讼案件不属于该机关。", field="dispute")
    if bulletin is not None and not bulletin.agencies.filter(pk=agency.pk).exists():
        raise AccountabilityError("该通报未涉及这个机关。", field="bulletin")


def _check_decider(agency: Agency, decided_by: Agency) -> None:
    if not agency.path.startswith(decided_by.path):
        raise AccountabilityError(
            "作出决定的机关应为该机关本身或其上级机关。", field="decided_by"
        )


@transaction.atomic
def record_create(
    *,
    agency: Agency,
    decided_by: Agency,
    acting_user: AnyUser,
    now: dt.datetime | None = None,
    **fields: Unpack[RecordFields],
) -> Record:
    """Draft a record of accountability for a person of ``agency``."""
    if not can_record(acting_user, agency):
        raise AccountabilityError("您没有登记该机关责任追究情况的权限。")
    _check_decider(agency, decided_by)
    _check_links(agency, fields)
    record = Record(
        agency=agency,
        decided_by=decided_by,
        created_by=staff_user(acting_user),
        **fields,
    )
    record.full_clean()
    record.save()
    RecordEvent.objects.create(
        record=record,
        kind=RecordEvent.Kind.CREATED,
        actor=staff_user(acting_user),
        at=now or timezone.now(),
        changes={k: event_value(v) for k, v in fields.items()}
        | {"decided_by": decided_by.pk},
    )
    return record


@transaction.atomic
def record_update(
    *,
    record: Record,
    acting_user: AnyUser,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
    **fields: Unpack[RecordFields],
) -> Record:
    """Change a draft; an approved record is final."""
    locked = Record.objects.select_for_update().get(pk=record.pk)
    if not can_record(acting_user, locked.agency):
        raise AccountabilityError("您没有修改该机关责任追究情况的权限。")
    if locked.status != Record.Status.DRAFT:
        raise AccountabilityError("已审批的责任追究记录不能修改。")
    if expected_version is not None and expected_version != locked.version:
        raise AccountabilityError("该记录已被他人修改，请刷新页面后重试。")
    _check_links(locked.agency, fields)
    changes = apply_changes(locked, fields)
    if not changes:
        return locked
    locked.full_clean()
    locked.version += 1
    locked.save()
    RecordEvent.objects.create(
        record=locked,
        kind=RecordEvent.Kind.UPDATED,
        actor=staff_user(acting_user),
        at=now or timezone.now(),
        changes=changes,
    )
    return locked


@transaction.atomic
def record_approve(
    *, record: Record, acting_user: AnyUser, now: dt.datetime | None = None
) -> Record:
    """A 负责人 of the deciding agency approves; the record is then final."""
    locked = Record.objects.select_for_update().get(pk=record.pk)
    if locked.status != Record.Status.DRAFT:
        raise AccountabilityError("该记录已经审批。")
    if not can_approve(acting_user, locked.decided_by, locked.created_by_id):
        raise AccountabilityError(
            "只能由作出决定的机关的负责人审批，且审批人不能是登记人。"
        )
    now = now or timezone.now()
    locked.status = Record.Status.APPROVED
    locked.approved_by = staff_user(acting_user)
    locked.approved_at = now
    locked.version += 1
    locked.save()
    RecordEvent.objects.create(
        record=locked,
        kind=RecordEvent.Kind.APPROVED,
        actor=staff_user(acting_user),
        at=now,
    )
    return locked
