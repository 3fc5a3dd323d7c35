"""Scheduled notices: deadline reminders and lapsed 补正 / fee periods.

Run from cron by the management commands ``send_deadline_reminders`` and
``mark_lapsed``, which are idempotent. Each notice is *claimed* with a conditional
update of one field of the case (``reminder_key`` / ``lapse_key`` ≠ the key of
this notice → set it), so two runs at the same time, or a second run the same
day, cannot send it twice. The claim, its ``CaseEvent`` and the notifications
(inbox entries, and e-mails delivered by the worker with retries — see
``gongkai.notifications``) belong to one service call per case.

A lapsed period is reported, not acted on: whether the applicant had a 正当理由
(Art. 30) or paid in time (the bank or post may lag) is for the registrar and the
handler to judge; they then use 按逾期不补正终止 / 按逾期未缴费终止 on the case page.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.cases import clocks
from gongkai.cases.models import (
    OPEN_STATUSES,
    PAUSED_STATUSES,
    Case,
    CaseEvent,
    Status,
)
from gongkai.cases.notify import notify_staff_of_case
from gongkai.law.holidays import PROVISIONAL_ZH
from gongkai.workdays.calendar import format_date_zh

logger = logging.getLogger(__name__)

DEFAULT_REMINDER_WORKDAYS = 3


class ReminderKind(StrEnum):
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    @property
    def label_zh(self) -> str:
        return {"due_soon": "即将到期", "overdue": "已超期"}[self.value]


class LapseKind(StrEnum):
    CORRECTION = "correction"
    FEE = "fee"

    @property
    def label_zh(self) -> str:
        return {"correction": "补正期限已届满", "fee": "缴费期限已届满"}[self.value]


@dataclass(frozen=True)
class Notice:
    case_id: int
    number: str
    agency: str
    kind: str
    label_zh: str
    due_on: dt.date
    sent: bool  # False: another run had already sent it


# -- selectors -----------------------------------------------------------------


def cases_to_remind(*, today: dt.date, horizon: dt.date) -> QuerySet[Case]:
    """The dashboard's two lists: due by ``horizon``, and overdue with the clock running."""
    return (
        Case.objects.filter(
            status__in=OPEN_STATUSES, due_on__isnull=False, due_on__lte=horizon
        )
        .exclude(due_on__lt=today, status__in=PAUSED_STATUSES)
        .select_related("agency", "assignee")
        .order_by("due_on", "pk")
    )


def cases_lapsed(*, today: dt.date) -> QuerySet[Case]:
    """Cases whose 补正 period or fee payment period ended before ``today``."""
    return (
        Case.objects.filter(
            Q(status=Status.AWAITING_CORRECTION, correction_due_on__lt=today)
            | Q(status=Status.AWAITING_FEE, fee_due_on__lt=today)
        )
        .select_related("agency", "assignee")
        .order_by("pk")
    )


def _members(case: Case, roles: set[Role]) -> list[Any]:
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__agency_id=case.agency_id,
            memberships__role__in=roles,
        )
        .distinct()
        .order_by("pk")
    )


def _recipients(case: Case, roles: set[Role]) -> list[Any]:
    people = _members(case, roles)
    if case.assignee is not None and case.assignee not in people:
        people.insert(0, case.assignee)
    return people


# -- services ------------------------------------------------------------------


def _claim(case: Case, field: str, key: str, extra: Q) -> bool:
    """Set ``field`` to ``key`` unless it is already: the run that flips it sends."""
    return (
        Case.objects.filter(Q(pk=case.pk) & extra)
        .exclude(**{field: key})
        .update(**{field: key})
        == 1
    )


def _event(
    case: Case, *, kind: CaseEvent.Kind, now: dt.datetime, reason: str, data: Any
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=None,
        actor_label="系统",
        at=now,
        status_before=case.status,
        status_after=case.status,
        reason=reason,
        data=data,
        due_before=case.due_on,
        due_after=case.due_on,
    )


@transaction.atomic
def case_send_deadline_reminder(
    *, case: Case, today: dt.date, now: dt.datetime | None = None
) -> Notice:
    """Remind the handler and the head that the reply is due soon or overdue.

    The reply is due within 20 working days (条例第三十三条第二款); a reminder is
    sent once per due date and kind (即将到期 / 已超期), as e-mail and as an event
    on the case's timeline.
    """
    now = now or timezone.now()
    if case.due_on is None:
        raise ValueError("case without a due date")
    kind = ReminderKind.OVERDUE if case.due_on < today else ReminderKind.DUE_SOON
    key = f"{kind}:{case.due_on.isoformat()}"
    notice = Notice(
        case.pk,
        case.number,
        case.agency.name,
        kind,
        kind.label_zh,
        case.due_on,
        sent=False,
    )
    if not _claim(
        case,
        "reminder_key",
        key,
        Q(status__in=OPEN_STATUSES, due_on=case.due_on),
    ):
        return notice
    people = _recipients(case, {Role.HEAD})
    due = format_date_zh(case.due_on)
    if case.due_provisional:
        due += f"（{PROVISIONAL_ZH}）"
    text = f"申请{case.number}的答复期限为{due}，{kind.label_zh}。"
    event = _event(
        case,
        kind=CaseEvent.Kind.REMINDER_SENT,
        now=now,
        reason=text,
        data={
            "kind": str(kind),
            "due_on": case.due_on.isoformat(),
            "due_provisional": case.due_provisional,
            "to": [p.get_username() for p in people],
        },
    )
    notify_staff_of_case(
        event,
        people=people,
        topic=f"staff.{kind}",
        subject=f"【政府信息公开】{kind.label_zh}：{case.number}",
        body=f"{text}请及时办理。",
    )
    return Notice(**{**notice.__dict__, "sent": True})


@transaction.atomic
def case_flag_lapsed(
    *, case: Case, today: dt.date, now: dt.datetime | None = None
) -> Notice:
    """Tell the registrar and the handler that a 补正 or fee period has ended.

    Art. 30 (逾期不补正, "无正当理由" — a judgment) and the fee measures (国办函
    〔2020〕109号, 逾期未缴纳) let the agency treat the application as abandoned;
    the staff decide on the case page. Flagged once per period.
    """
    now = now or timezone.now()
    if Status(case.status) == Status.AWAITING_CORRECTION:
        kind, due = LapseKind.CORRECTION, case.correction_due_on
        still = Q(status=Status.AWAITING_CORRECTION, correction_due_on=due)
    else:
        kind, due = LapseKind.FEE, case.fee_due_on
        still = Q(status=Status.AWAITING_FEE, fee_due_on=due)
    if due is None:
        raise ValueError("case without a lapse date")
    key = f"{kind}:{due.isoformat()}"
    notice = Notice(
        case.pk, case.number, case.agency.name, kind, kind.label_zh, due, sent=False
    )
    if not _claim(case, "lapse_key", key, still):
        return notice
    people = _recipients(case, {Role.REGISTRAR})
    text = (
        f"申请{case.number}的{kind.label_zh}（{format_date_zh(due)}），请核实后处理。"
    )
    event = _event(
        case,
        kind=CaseEvent.Kind.LAPSE_FLAGGED,
        now=now,
        reason=text,
        data={
            "kind": str(kind),
            "due_on": due.isoformat(),
            "to": [p.get_username() for p in people],
        },
    )
    notify_staff_of_case(
        event,
        people=people,
        topic="staff.lapsed",
        subject=f"【政府信息公开】{kind.label_zh}：{case.number}",
        body=text,
    )
    return Notice(**{**notice.__dict__, "sent": True})


def reminder_horizon(today: dt.date, workdays: int) -> dt.date:
    """``workdays`` working days after today (national calendar; calendar days if unknown)."""
    return clocks.add_workdays(today, workdays) or today + dt.timedelta(
        days=workdays + 2
    )


def send_deadline_reminders(
    *, workdays: int = DEFAULT_REMINDER_WORKDAYS, now: dt.datetime | None = None
) -> list[Notice]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = reminder_horizon(today, workdays)
    return [
        case_send_deadline_reminder(case=case, today=today, now=now)
        for case in cases_to_remind(today=today, horizon=horizon)
    ]


def mark_lapsed(*, now: dt.datetime | None = None) -> list[Notice]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    return [
        case_flag_lapsed(case=case, today=today, now=now)
        for case in cases_lapsed(today=today)
    ]
