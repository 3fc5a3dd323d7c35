"""Consultation of third parties and other agencies (Arts. 32, 34; pause Art. 33 ¶3)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.cases import clocks as case_clocks_mod
from gongkai.cases.errors import CaseInputError, TransitionNotAllowed
from gongkai.cases.models import (
    Case,
    CaseEvent,
    Consultation,
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
from gongkai.law import periods


@transaction.atomic
def case_start_consultation(
    *,
    case: Case,
    kind: str,
    party: str,
    letter_on: dt.date,
    delivered_on: dt.date | None = None,
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Consultation:
    """Send a 征求意见书 to a third party (Art. 32) or co-producing agency (Art. 34).

    The time it takes does not count toward the reply period (Art. 33 ¶3).
    """
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.START_CONSULTATION,
        expected_version=expected_version,
    )
    _require_transition(case, Status.CONSULTING, "发出征求意见书")
    if not party.strip():
        raise CaseInputError("请填写征求意见的对象。")
    if case.received_on is None or letter_on < (
        case.corrected_received_on or case.received_on
    ):
        raise CaseInputError("征求意见书的发出日期不能早于收到申请之日。")
    if letter_on > timezone.localdate(now):
        raise CaseInputError("征求意见书的发出日期不能晚于今天。")
    if delivered_on is not None and delivered_on < letter_on:
        raise CaseInputError("对方收到日期不能早于发出日期。")
    consultation = Consultation(
        case=case,
        kind=Consultation.Kind(kind),
        party=party,
        letter_on=letter_on,
        delivered_on=delivered_on,
        reply_due_on=case_clocks_mod.consultation_reply_due(
            case, kind=kind, delivered_on=delivered_on or letter_on
        ),
    )
    consultation.full_clean(exclude=["case"])
    consultation.save()
    _save(
        case,
        kind=CaseEvent.Kind.CONSULTATION_STARTED,
        acting_user=acting_user,
        now=now,
        to=Status.CONSULTING,
        changed=[],
        data={
            "consultation": consultation.pk,
            "kind": kind,
            "party": party,
            "letter_on": letter_on.isoformat(),
            "reply_due_on": consultation.reply_due_on.isoformat()
            if consultation.reply_due_on
            else None,
        },
    )
    return consultation


@transaction.atomic
def case_record_consultation_reply(
    *,
    case: Case,
    opinion: str,
    reply_on: dt.date | None,
    opinion_text: str = "",
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Consultation:
    """The consulted party answers, or its 15 working days run out (Arts. 32, 34).

    With no answer (``opinion="none"``) the pause ends on the 15th working day;
    a co-producing agency that does not answer "视为同意公开" (Art. 34).
    """
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.RECORD_CONSULTATION_REPLY,
        expected_version=expected_version,
    )
    _require_status(case, {Status.CONSULTING}, "登记征求意见结果")
    _require_transition(case, Status.IN_PROGRESS, "登记征求意见结果")
    consultation = (
        case.consultations.filter(opinion="").order_by("-letter_on", "-pk").first()
    )
    if consultation is None:
        raise TransitionNotAllowed("没有正在征求意见的记录。")
    opinion = Consultation.Opinion(opinion)
    today = timezone.localdate(now)
    if opinion is Consultation.Opinion.NONE:
        if consultation.reply_due_on is None or today <= consultation.reply_due_on:
            raise TransitionNotAllowed(
                f"征求意见的{periods.CONSULTATION_WORKDAYS}个工作日尚未届满，"
                "不能按逾期未答复处理。"
            )
        reply_on = None
    else:
        if reply_on is None:
            raise CaseInputError("请填写回复日期。")
        if reply_on < consultation.letter_on or reply_on > today:
            raise CaseInputError("回复日期应在征求意见书发出之日与今天之间。")
    consultation.opinion = opinion
    consultation.reply_on = reply_on
    consultation.opinion_text = opinion_text
    consultation.save(update_fields=["opinion", "reply_on", "opinion_text"])
    _save(
        case,
        kind=CaseEvent.Kind.CONSULTATION_REPLIED,
        acting_user=acting_user,
        now=now,
        to=Status.IN_PROGRESS,
        changed=[],
        reason=opinion_text,
        data={
            "consultation": consultation.pk,
            "opinion": str(opinion),
            "reply_on": reply_on.isoformat() if reply_on else None,
        },
    )
    return consultation
