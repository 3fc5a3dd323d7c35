"""Extension of the reply period (Art. 33 ¶2)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.permissions import separation_refuses
from gongkai.accounts.users import staff_user
from gongkai.cases.errors import (
    CaseInputError,
    SeparationOfDuties,
    TransitionNotAllowed,
)
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
    _save,
)
from gongkai.law import periods
from gongkai.workdays.calendar import format_date_zh

EXTENSION_STATUSES = {Status.IN_PROGRESS, Status.CONSULTING, Status.AWAITING_FEE}
#: A pending request is decided by the head whatever else is pending: also while
#: a drafted reply awaits approval, or the applicant is asked for reasons.
EXTENSION_DECISION_STATUSES = EXTENSION_STATUSES | {
    Status.DECIDED,
    Status.AWAITING_REASONS,
}


def _check_separation(case: Case, acting_user: User) -> None:
    if separation_refuses(case.agency, acting_user, case.extension_requested_by_id):
        raise SeparationOfDuties(
            "本机关实行分权审批：申请延期的人不能审批自己的延期申请，"
            "请由另一位负责人审批。"
        )


@transaction.atomic
def case_request_extension(
    *,
    case: Case,
    workdays: int,
    reason: str,
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """The handler asks the head to extend the reply period (Art. 33 ¶2)."""
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.REQUEST_EXTENSION,
        expected_version=expected_version,
    )
    _require_status(case, EXTENSION_STATUSES, "申请延期答复")
    if case.extension_workdays:
        raise TransitionNotAllowed("本申请已经延期答复，不能再次延期。")
    if not periods.extension_in_range(workdays):
        raise CaseInputError(periods.extension_cap_message())
    if not reason.strip():
        raise CaseInputError("请填写需要延期答复的理由。")
    case.extension_requested_workdays = workdays
    case.extension_reason = reason
    case.extension_requested_by = staff_user(acting_user)
    case.extension_refused_reason = ""
    _save(
        case,
        kind=CaseEvent.Kind.EXTENSION_REQUESTED,
        acting_user=acting_user,
        now=now,
        changed=[
            "extension_requested_workdays",
            "extension_reason",
            "extension_requested_by",
            "extension_refused_reason",
        ],
        reason=reason,
        data={"workdays": workdays},
        recompute=False,
    )
    return case


@transaction.atomic
def case_approve_extension(
    *,
    case: Case,
    notice_on: dt.date,
    acting_user: User,
    workdays: int | None = None,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """The head approves the extension and the applicant is told — Art. 33 ¶2.

    "需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长
    不得超过20个工作日". The head may grant fewer or more days than asked
    (``workdays``, within the cap). The new due date comes from the clocks engine.
    """
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.APPROVE_EXTENSION,
        expected_version=expected_version,
    )
    _require_status(case, EXTENSION_DECISION_STATUSES, "批准延期答复")
    if case.extension_workdays:
        raise TransitionNotAllowed("本申请已经延期答复，不能再次延期。")
    if not case.extension_requested_workdays:
        raise TransitionNotAllowed("承办人尚未申请延期答复。")
    _check_separation(case, acting_user)
    granted = case.extension_requested_workdays if workdays is None else workdays
    if not periods.extension_in_range(granted):
        raise CaseInputError(periods.extension_cap_message(granted), field="workdays")
    today = timezone.localdate(now)
    if notice_on < today - dt.timedelta(days=30) or notice_on > today:
        raise CaseInputError("告知申请人的日期应为今天或最近的日期。")
    if case.due_on is not None and notice_on > case.due_on:
        raise CaseInputError(
            f"答复期限已于{format_date_zh(case.due_on)}届满，延期应在原期限内告知申请人。"
        )
    case.extension_workdays = granted
    case.extension_approved_by = staff_user(acting_user)
    case.extension_approved_on = today
    case.extension_notice_on = notice_on
    _save(
        case,
        kind=CaseEvent.Kind.EXTENSION_APPROVED,
        acting_user=acting_user,
        now=now,
        changed=[
            "extension_workdays",
            "extension_approved_by",
            "extension_approved_on",
            "extension_notice_on",
        ],
        reason=case.extension_reason,
        data={
            "workdays": case.extension_workdays,
            "requested_workdays": case.extension_requested_workdays,
            "notice_on": notice_on.isoformat(),
        },
    )
    return case


@transaction.atomic
def case_refuse_extension(
    *,
    case: Case,
    reason: str,
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """The head does not approve the extension request, with a reason.

    The reply period stays as it was (Art. 33 ¶2 allows an extension only with
    the head's consent); the handler may ask again with new reasons.
    """
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.APPROVE_EXTENSION,
        expected_version=expected_version,
    )
    _require_status(case, EXTENSION_DECISION_STATUSES, "审批延期答复")
    if case.extension_workdays:
        raise TransitionNotAllowed("本申请已经延期答复。")
    if not case.extension_requested_workdays:
        raise TransitionNotAllowed("承办人尚未申请延期答复。")
    _check_separation(case, acting_user)
    if not reason.strip():
        raise CaseInputError("请填写不批准延期的理由。", field="reason")
    requested = case.extension_requested_workdays
    case.extension_requested_workdays = None
    case.extension_refused_reason = reason
    _save(
        case,
        kind=CaseEvent.Kind.EXTENSION_REFUSED,
        acting_user=acting_user,
        now=now,
        changed=["extension_requested_workdays", "extension_refused_reason"],
        reason=reason,
        data={"requested_workdays": requested},
        recompute=False,
    )
    return case
