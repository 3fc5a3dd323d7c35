"""补正: asking the applicant to correct the application (Art. 30)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.cases import clocks as case_clocks_mod
from gongkai.cases.errors import CaseInputError, TransitionNotAllowed
from gongkai.cases.models import (
    Attachment,
    Case,
    CaseEvent,
    Outcome,
    Status,
)
from gongkai.cases.permissions import Action
from gongkai.cases.services._common import (
    User,
    _close_as_abandoned,
    _lock,
    _now,
    _require_status,
    _require_transition,
    _save,
    _store_attachment,
)
from gongkai.law import periods
from gongkai.law import provisions as law
from gongkai.workdays.calendar import format_date_zh


@transaction.atomic
def case_request_correction(
    *,
    case: Case,
    items: str,
    notice_on: dt.date,
    period_workdays: int,
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """Send the single 补正 notice — Art. 30.

    "自收到申请之日起7个工作日内一次性告知申请人作出补正，说明需要补正的事项和合理的补正
    期限": one notice only, stating the items and a period. The reply clock stops
    and restarts on receipt of the supplemented application.
    """
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.REQUEST_CORRECTION,
        expected_version=expected_version,
    )
    _require_transition(case, Status.AWAITING_CORRECTION, "告知补正")
    if case.correction_requested_on is not None:
        raise TransitionNotAllowed(
            f"补正应一次性告知（{law.ART_30_NOTICE.short_zh}），本申请已告知过补正。"
        )
    if not items.strip():
        raise CaseInputError("请写明需要补正的事项。")
    if case.received_on is None or notice_on < case.received_on:
        raise CaseInputError("补正告知日期不能早于收到申请之日。")
    if notice_on > timezone.localdate(now):
        raise CaseInputError("补正告知日期不能晚于今天。")
    notice_due_on = case.correction_notice_due_on
    late = notice_due_on is not None and notice_on > notice_due_on
    period = case_clocks_mod.correction_period_due(
        case, notice_received_on=notice_on, workdays=period_workdays
    )
    case.correction_requested_on = notice_on
    case.correction_items = items
    case.correction_due_on = period.due
    data: dict[str, Any] = {
        "items": items,
        "period_workdays": period_workdays,
        "correction_due_on": period.due.isoformat(),
    }
    if late and notice_due_on is not None:
        data["warning"] = (
            periods.correction_notice_late_message(format_date_zh(notice_due_on)) + "。"
        )
    _save(
        case,
        kind=CaseEvent.Kind.CORRECTION_REQUESTED,
        acting_user=acting_user,
        now=now,
        to=Status.AWAITING_CORRECTION,
        changed=["correction_requested_on", "correction_items", "correction_due_on"],
        data=data,
    )
    return case


@transaction.atomic
def case_receive_correction(
    *,
    case: Case,
    received_on: dt.date,
    note: str = "",
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """The supplemented application arrives — Art. 30: the reply period restarts.

    "答复期限自行政机关收到补正的申请之日起计算".
    """
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.RECEIVE_CORRECTION,
        expected_version=expected_version,
    )
    _require_status(case, {Status.AWAITING_CORRECTION}, "登记补正")
    _require_transition(case, Status.IN_PROGRESS, "登记补正")
    if (
        case.correction_requested_on is None
        or received_on < case.correction_requested_on
    ):
        raise CaseInputError("收到补正的日期不能早于补正告知日期。")
    if received_on > timezone.localdate(now):
        raise CaseInputError("收到补正的日期不能晚于今天。")
    case.corrected_received_on = received_on
    data: dict[str, Any] = {"received_on": received_on.isoformat()}
    if case.correction_due_on and received_on > case.correction_due_on:
        data["warning"] = "补正晚于补正期限，已按有正当理由接收。"
    _save(
        case,
        kind=CaseEvent.Kind.CORRECTION_RECEIVED,
        acting_user=acting_user,
        now=now,
        to=Status.IN_PROGRESS,
        changed=["corrected_received_on"],
        reason=note,
        data=data,
    )
    return case


@transaction.atomic
def case_lapse_correction(
    *,
    case: Case,
    reason: str = "",
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """No supplement by the deadline — Art. 30: deemed abandoned → table 三 （六）1.

    "申请人无正当理由逾期不补正的，视为放弃申请，行政机关不再处理该政府信息公开申请".
    """
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.LAPSE_CORRECTION,
        expected_version=expected_version,
    )
    _require_transition(case, Status.CLOSED, "按逾期未补正终止")
    today = timezone.localdate(now)
    if case.correction_due_on is None or today <= case.correction_due_on:
        raise TransitionNotAllowed(
            f"补正期限（{format_date_zh(case.correction_due_on) if case.correction_due_on else '未设定'}）尚未届满，不能按逾期未补正处理。"
        )
    return _close_as_abandoned(
        case,
        outcome=Outcome.OTHER_OVERDUE_CORRECTION,
        reasons=reason or "申请人无正当理由逾期不补正，视为放弃申请。",
        kind=CaseEvent.Kind.CORRECTION_LAPSED,
        acting_user=acting_user,
        now=now,
    )


@transaction.atomic
def case_submit_correction_online(
    *,
    case: Case,
    text: str,
    attachments: list[UploadedFile[bytes]],
    now: dt.datetime | None = None,
) -> Case:
    """The applicant sends the 补正 from the tracking page — Art. 30 with Art. 31 (三).

    A supplement that comes over the internet is received, like an online
    application, on the day the agency confirms it ("以双方确认之日为收到申请之日"):
    this records what arrived and tells the registrar and the handler; the
    registrar's 登记补正 (``case_receive_correction``) sets the receipt date and
    the reply clock restarts from it. The applicant may send more until then.
    """
    now = _now(now)
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("agency")
        .get(pk=case.pk)
    )
    _require_status(case, {Status.AWAITING_CORRECTION}, "提交补正")
    text = text.strip()
    if not text and not attachments:
        raise CaseInputError("请填写补正内容或上传补正材料。")
    stored = [
        _store_attachment(
            case,
            upload=upload,
            kind=Attachment.Kind.CORRECTION,
            acting_user=None,
            now=now,
        )
        for upload in attachments
    ]
    _save(
        case,
        kind=CaseEvent.Kind.CORRECTION_SUBMITTED,
        acting_user=AnonymousUser(),
        now=now,
        changed=[],
        reason=text,
        data={
            "submitted_on": timezone.localdate(now).isoformat(),
            "attachments": [a.pk for a in stored],
            "files": [a.original_name for a in stored],
        },
        recompute=False,
    )
    return case
