"""Reminders of 建议提案 deadlines (办理期限), through the notifications app.

Run daily by ``gongkai send_proposal_reminders``. A suggestion or proposal still
收到 or 办理中 is reminded once when its 办理期限 is ``days`` calendar days away or
nearer, and once more when it has passed; the 办理期限 is set by local rules
(the 人大常委会's and 政协's 办理办法), in months, so calendar days are counted.
Each reminder goes to the agency's 承办人 and 负责人 (inbox, and e-mail where they
have an address). The notification rows are the record and the claim: their keys
name the proposal, the kind of reminder and the due date, so a second run — or a
run at the same time — writes nothing twice, and a new 办理期限 is reminded again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.notifications.services import Message, notify_staff
from gongkai.planning.models import Proposal, ProposalStatus
from gongkai.workdays.calendar import format_date_zh

DEFAULT_DAYS = 10
OPEN = (ProposalStatus.RECEIVED, ProposalStatus.HANDLING)
RECIPIENT_ROLES = (Role.HANDLER, Role.HEAD)


class ReminderKind(StrEnum):
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    @property
    def label_zh(self) -> str:
        return {"due_soon": "办理期限将至", "overdue": "已超过办理期限"}[self.value]


@dataclass(frozen=True)
class ProposalReminder:
    proposal_id: int
    label: str
    agency: str
    kind: ReminderKind
    due_on: dt.date
    written: int  # notifications written by this run (0: reminded before)


def proposals_to_remind(*, today: dt.date, days: int) -> QuerySet[Proposal]:
    """Open suggestions and proposals due within ``days`` days, or overdue."""
    return (
        Proposal.objects.filter(
            status__in=OPEN, due_on__lte=today + dt.timedelta(days=days)
        )
        .select_related("agency")
        .order_by("due_on", "pk")
    )


@transaction.atomic
def proposal_send_reminder(
    *, proposal: Proposal, today: dt.date, now: dt.datetime | None = None
) -> ProposalReminder:
    """Remind the agency's 承办人 and 负责人 of one 办理期限 (once per kind and date)."""
    now = now or timezone.now()
    kind = ReminderKind.OVERDUE if proposal.due_on < today else ReminderKind.DUE_SOON
    label = f"{proposal.get_kind_display()}{proposal.number}"
    due = format_date_zh(proposal.due_on)
    people = (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__agency_id=proposal.agency_id,
            memberships__role__in=RECIPIENT_ROLES,
        )
        .distinct()
        .order_by("pk")
    )
    written = notify_staff(
        people=people,
        agency_id=proposal.agency_id,
        case_id=None,
        message=Message(
            topic=f"staff.proposal_{kind}",
            subject=f"【建议提案】{kind.label_zh}：{label}",
            body=(
                f"{label}“{proposal.title}”的办理期限为{due}，{kind.label_zh}，"
                "请及时办理并答复代表、委员。"
            ),
            link=reverse("planning:proposal", args=[proposal.pk]),
        ),
        cause=f"proposal:{proposal.pk}:{kind}:{proposal.due_on.isoformat()}",
        now=now,
    )
    return ProposalReminder(
        proposal.pk, label, proposal.agency.name, kind, proposal.due_on, len(written)
    )


def send_proposal_reminders(
    *, days: int = DEFAULT_DAYS, now: dt.datetime | None = None
) -> list[ProposalReminder]:
    now = now or timezone.now()
    today = timezone.localdate(now)
    return [
        proposal_send_reminder(proposal=proposal, today=today, now=now)
        for proposal in proposals_to_remind(today=today, days=days)
    ]
