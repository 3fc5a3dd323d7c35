"""Art. 35: asking for the reasons of a massive or repeated application."""

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
    _require_status,
    _require_transition,
    _save,
)


@transaction.atomic
def case_request_reasons(
    *,
    case: Case,
    reason: str,
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """Ask the applicant to explain a clearly excessive request — Art. 35.

    "申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人说明理由".
    """
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.REQUEST_REASONS,
        expected_version=expected_version,
    )
    _require_transition(case, Status.AWAITING_REASONS, "要求申请人说明理由")
    if not reason.strip():
        raise CaseInputError("请说明为何认为申请的数量、频次明显超过合理范围。")
    case.art35_reasons_requested_on = timezone.localdate(now)
    _save(
        case,
        kind=CaseEvent.Kind.ART35_REASONS_REQUESTED,
        acting_user=acting_user,
        now=now,
        to=Status.AWAITING_REASONS,
        changed=["art35_reasons_requested_on"],
        reason=reason,
    )
    return case


@transaction.atomic
def case_set_art35_delay(
    *,
    case: Case,
    due_on: dt.date,
    notice_on: dt.date,
    reason: str,
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """Reasons accepted but the period cannot be met — Art. 35: fix a later date.

    "理由合理，但是无法在本条例第三十三条规定的期限内答复申请人的，可以确定延迟答复的
    合理期限并告知申请人". (Reasons not accepted: decide （五）4 with ``case_decide``.)
    """
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.SET_ART35_DELAY,
        expected_version=expected_version,
    )
    _require_status(case, {Status.AWAITING_REASONS}, "确定延迟答复期限")
    _require_transition(case, Status.IN_PROGRESS, "确定延迟答复期限")
    if not reason.strip():
        raise CaseInputError("请填写确定延迟答复期限的理由。")
    if due_on <= notice_on:
        raise CaseInputError("延迟答复的期限应晚于告知申请人的日期。")
    case.art35_due_on = due_on
    case.art35_notice_on = notice_on
    _save(
        case,
        kind=CaseEvent.Kind.ART35_DELAY_SET,
        acting_user=acting_user,
        now=now,
        to=Status.IN_PROGRESS,
        changed=["art35_due_on", "art35_notice_on"],
        reason=reason,
        data={"due_on": due_on.isoformat(), "notice_on": notice_on.isoformat()},
    )
    return case
