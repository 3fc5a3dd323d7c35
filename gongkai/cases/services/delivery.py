"""Delivery of the reply and archiving of the case."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.cases.errors import CaseInputError
from gongkai.cases.models import (
    Case,
    CaseEvent,
    Status,
)
from gongkai.cases.permissions import Action
from gongkai.cases.services._common import (
    User,
    _lock,
    _now,
    _require_transition,
    _save,
)


@transaction.atomic
def case_record_delivery(
    *,
    case: Case,
    method: str,
    delivered_on: dt.date,
    proof: str = "",
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """Record how and when the reply was served (送达) — evidence for 法释〔2025〕8号 Art. 5."""
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.RECORD_DELIVERY,
        expected_version=expected_version,
    )
    _require_transition(case, Status.DELIVERED, "登记送达")
    if case.approved_on is None or delivered_on < case.approved_on:
        raise CaseInputError("送达日期不能早于答复日期。")
    if delivered_on > timezone.localdate(now):
        raise CaseInputError("送达日期不能晚于今天。")
    case.delivery_method = method
    case.delivered_on = delivered_on
    case.delivery_proof = proof
    _save(
        case,
        kind=CaseEvent.Kind.DELIVERED,
        acting_user=acting_user,
        now=now,
        to=Status.DELIVERED,
        changed=["delivery_method", "delivered_on", "delivery_proof"],
        data={
            "method": method,
            "delivered_on": delivered_on.isoformat(),
            "proof": proof,
        },
        recompute=False,
    )
    return case


@transaction.atomic
def case_archive(
    *,
    case: Case,
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """File the closed application (Art. 45: 归档)."""
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.ARCHIVE,
        expected_version=expected_version,
    )
    _require_transition(case, Status.ARCHIVED, "归档")
    case.archived_on = timezone.localdate(now)
    _save(
        case,
        kind=CaseEvent.Kind.ARCHIVED,
        acting_user=acting_user,
        now=now,
        to=Status.ARCHIVED,
        changed=["archived_on"],
        recompute=False,
    )
    return case
