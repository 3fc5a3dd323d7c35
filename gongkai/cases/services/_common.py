"""Shared private helpers of the case services: locking, saving, the audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import F
from django.utils import timezone

from gongkai.accounts.users import AnyUser, recorded_user
from gongkai.agencies.models import Agency
from gongkai.cases import clocks as case_clocks_mod
from gongkai.cases.errors import CaseInputError, StaleCase, TransitionNotAllowed
from gongkai.cases.models import (
    ALLOWED_TRANSITIONS,
    Attachment,
    Case,
    CaseEvent,
    Status,
)
from gongkai.cases.notify import notify_case_event
from gongkai.cases.permissions import Action, can_perform

type User = AnyUser


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _actor_label(user: User | None) -> str:
    if user is None:
        return "系统"
    if not user.is_authenticated:
        return "申请人（互联网）"
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()


def _next_number(agency: Agency, year: int) -> str:
    """The next 登记号 of the agency for ``year`` (the agency row is locked)."""
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    prefix = f"{agency.code.upper()}-{year}-"
    last = (
        Case.objects.filter(agency=agency, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


def _clocks_for(case: Case) -> case_clocks_mod.CaseClocks:
    return case_clocks_mod.case_clocks(case)


def _lock(
    case: Case,
    *,
    acting_user: User,
    action: Action,
    expected_version: int | None,
) -> Case:
    """Reload and lock the case; check the version the user saw and the permission."""
    fresh = (
        Case.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(pk=case.pk)
    )
    if expected_version is not None and fresh.version != expected_version:
        raise StaleCase()
    if not can_perform(acting_user, fresh, action):
        raise PermissionDenied("您没有办理此项操作的权限。")
    return fresh


def _require_transition(case: Case, to: Status, what: str) -> None:
    current = Status(case.status)
    if to not in ALLOWED_TRANSITIONS[current]:
        raise TransitionNotAllowed(f"该申请当前状态为“{current.label}”，不能{what}。")


def _require_status(case: Case, allowed: set[Status], what: str) -> None:
    current = Status(case.status)
    if current not in allowed:
        raise TransitionNotAllowed(f"该申请当前状态为“{current.label}”，不能{what}。")


def _save(
    case: Case,
    *,
    kind: CaseEvent.Kind,
    acting_user: User | None,
    now: dt.datetime,
    changed: list[str],
    to: Status | None = None,
    reason: str = "",
    data: dict[str, Any] | None = None,
    recompute: bool = True,
    clocks: case_clocks_mod.CaseClocks | None = None,
) -> CaseEvent:
    """Apply the state change, recompute clocks, save conditionally, write the event."""
    status_before = case.status
    due_before = case.due_on
    clocks_before = case.clocks or {}
    fields_to_save = set(changed)
    if to is not None:
        case.status = to
        fields_to_save.add("status")
    if recompute:
        computed = clocks if clocks is not None else _clocks_for(case)
        fields_to_save.update(case_clocks_mod.apply_clocks(case, computed))
    try:
        case.full_clean(exclude=["query_code", "idempotency_token"])
    except ValidationError as exc:
        raise CaseInputError("；".join(exc.messages)) from exc
    values = {name: getattr(case, name) for name in fields_to_save}
    for name in list(values):
        field = case._meta.get_field(name)
        if field.is_relation:
            related = values.pop(name)
            values[f"{name}_id"] = related.pk if related is not None else None
    updated = Case.objects.filter(pk=case.pk, version=case.version).update(
        **values, version=F("version") + 1, updated_at=now
    )
    if updated != 1:
        raise StaleCase()
    case.version += 1
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=recorded_user(acting_user),
        actor_label=_actor_label(acting_user),
        at=now,
        status_before=status_before,
        status_after=case.status,
        reason=reason,
        data=data or {},
        due_before=due_before,
        due_after=case.due_on,
        clocks_before=clocks_before,
        clocks_after=case.clocks or {},
    )
    notify_case_event(event)
    return event


def _store_attachment(
    case: Case,
    *,
    upload: UploadedFile[bytes],
    kind: str,
    acting_user: User | None,
    now: dt.datetime,
) -> Attachment:
    attachment = Attachment(
        case=case,
        kind=kind,
        original_name=(upload.name or "附件")[:200],
        size=upload.size or 0,
        content_type=(upload.content_type or "")[:100],
        uploaded_by=recorded_user(acting_user),
        uploaded_at=now,
    )
    attachment.file.save(upload.name or "upload", upload, save=False)
    attachment.save()
    return attachment


def _close_as_abandoned(
    case: Case,
    *,
    outcome: str,
    reasons: str,
    kind: CaseEvent.Kind,
    acting_user: User | None,
    now: dt.datetime,
) -> Case:
    """Close an application deemed abandoned (补正 lapse, fee unpaid) with its outcome.

    The legal basis is the outcome's single ground in ``gongkai.law.outcomes``.
    """
    from gongkai.law.outcomes import ground_for

    ground = ground_for(outcome)
    case.outcome = outcome
    case.legal_ground = ground.key
    case.legal_basis = ground.cite_zh
    case.reasons = reasons
    case.closed_on = timezone.localdate(now)
    _save(
        case,
        kind=kind,
        acting_user=acting_user,
        now=now,
        to=Status.CLOSED,
        changed=["outcome", "legal_ground", "legal_basis", "reasons", "closed_on"],
        reason=case.reasons,
        data={"outcome": case.outcome},
    )
    return case
