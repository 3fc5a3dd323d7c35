"""Letters: which kinds a case may issue, and issuing one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.users import staff_user
from gongkai.cases import clocks as case_clocks_mod
from gongkai.cases.errors import CaseInputError, TransitionNotAllowed
from gongkai.cases.letter_data import letter_data
from gongkai.cases.models import (
    Case,
    CaseEvent,
    Consultation,
    Status,
)
from gongkai.cases.notify import notify_case_event
from gongkai.cases.permissions import Action
from gongkai.cases.services._common import (
    User,
    _actor_label,
    _lock,
    _now,
)
from gongkai.letters.generators import LetterDataError
from gongkai.letters.kinds import LetterKind, is_reply, reply_kind_for
from gongkai.letters.services import letter_generate


def letter_kinds_available(case: Case) -> list[tuple[str, str]]:
    """The letters the case's record supports now: (kind, label)."""
    status = Status(case.status)
    kinds: list[str] = []
    if case.received_on is not None:
        kinds.append(LetterKind.RECEIPT)
    if case.correction_requested_on is not None:
        kinds.append(LetterKind.CORRECTION)
    if case.extension_workdays:
        kinds.append(LetterKind.EXTENSION)
    consult_kinds = set(case.consultations.values_list("kind", flat=True))
    if Consultation.Kind.THIRD_PARTY in consult_kinds:
        kinds.append(LetterKind.CONSULT_THIRD_PARTY)
    if Consultation.Kind.CO_PRODUCER in consult_kinds:
        kinds.append(LetterKind.CONSULT_AGENCY)
    if case.fee_notice_sent_on is not None:
        kinds.append(LetterKind.FEE_NOTICE)
    if case.art35_reasons_requested_on is not None:
        kinds.append(LetterKind.ART35_REASONS)
    if case.art35_due_on is not None:
        kinds.append(LetterKind.ART35_DELAY)
    if case.outcome and status in {
        Status.REPLIED,
        Status.DELIVERED,
        Status.CLOSED,
        Status.ARCHIVED,
    }:
        kinds.append(reply_kind_for(case.outcome))
        if _objecting_third_party(case) is not None and "disclosure_reason" in (
            ground_for_case(case).fields
        ):
            kinds.append(LetterKind.THIRD_PARTY_DECISION)
    return [(k, LetterKind(k).label) for k in kinds]


def _objecting_third_party(case: Case) -> Consultation | None:
    """The latest third party that objected to disclosure (Art. 32), if any."""
    return (
        case.consultations.filter(
            kind=Consultation.Kind.THIRD_PARTY, opinion=Consultation.Opinion.OBJECT
        )
        .order_by("-letter_on", "-pk")
        .first()
    )


def ground_for_case(case: Case) -> Any:
    from gongkai.law.outcomes import ground_for

    return ground_for(case.outcome, case.legal_ground or None)


def _letter_issue_date(case: Case, kind: str, today: dt.date) -> dt.date:
    """The date a letter bears: the day of the act it records, not the day it is printed."""
    dates: dict[str, dt.date | None] = {
        LetterKind.RECEIPT: case.received_on,
        LetterKind.CORRECTION: case.correction_requested_on,
        LetterKind.EXTENSION: case.extension_notice_on,
        LetterKind.FEE_NOTICE: case.fee_notice_sent_on,
        LetterKind.ART35_REASONS: case.art35_reasons_requested_on,
        LetterKind.ART35_DELAY: case.art35_notice_on,
        LetterKind.THIRD_PARTY_DECISION: case.approved_on,
    }
    if kind in (LetterKind.CONSULT_THIRD_PARTY, LetterKind.CONSULT_AGENCY):
        latest = case.consultations.order_by("-letter_on", "-pk").first()
        return latest.letter_on if latest else today
    if is_reply(kind):
        return case.approved_on or case.closed_on or today
    return dates.get(kind) or today


@transaction.atomic
def case_issue_letter(
    *,
    case: Case,
    kind: str,
    acting_user: User,
    now: dt.datetime | None = None,
) -> Any:
    """Generate and store a letter for the case (via ``letters.letter_generate``).

    The letter carries the date of the act it notifies and, where it states a
    date, the clock explanation from the engine; one event records it.
    """
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.GENERATE_LETTER,
        expected_version=None,
    )
    if kind not in {k for k, _label in letter_kinds_available(case)}:
        raise TransitionNotAllowed("该申请目前不能制发这种文书。")
    extra: dict[str, Any] = {}
    clocks = case_clocks_mod.case_clocks(case)
    if kind == LetterKind.RECEIPT:
        at_receipt = case_clocks_mod.reply_clock_at_receipt(case)
        if at_receipt is not None:
            extra["deadline"] = at_receipt
    if kind == LetterKind.EXTENSION and clocks.reply:
        extra["deadline"] = clocks.reply
    if kind == LetterKind.CORRECTION and clocks.correction_period:
        extra["deadline"] = clocks.correction_period
    if kind == LetterKind.FEE_NOTICE and clocks.fee_payment:
        extra["deadline"] = clocks.fee_payment
    if kind == LetterKind.THIRD_PARTY_DECISION:
        objecting = _objecting_third_party(case)
        if objecting is not None:
            extra["consultation_id"] = objecting.pk
    if kind in (LetterKind.CONSULT_THIRD_PARTY, LetterKind.CONSULT_AGENCY):
        wanted = (
            Consultation.Kind.THIRD_PARTY
            if kind == LetterKind.CONSULT_THIRD_PARTY
            else Consultation.Kind.CO_PRODUCER
        )
        latest = (
            case.consultations.filter(kind=wanted).order_by("-letter_on", "-pk").first()
        )
        if latest is not None:
            extra["consultation_id"] = latest.pk
            for pk, deadline in clocks.consultations:
                if pk == latest.pk:
                    extra["deadline"] = deadline
    issued_on = _letter_issue_date(case, kind, timezone.localdate(now))
    try:
        letter = letter_generate(
            case=case,
            kind=kind,
            data=letter_data(case, kind, issued_on=issued_on, extra=extra),
            acting_user=acting_user,
            issued_on=issued_on,
        )
    except LetterDataError as exc:
        raise CaseInputError(str(exc)) from exc
    event = CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.LETTER_ISSUED,
        actor=staff_user(acting_user),
        actor_label=_actor_label(acting_user),
        at=now,
        status_before=case.status,
        status_after=case.status,
        data={"letter": letter.pk, "kind": kind, "number": letter.number},
        due_before=case.due_on,
        due_after=case.due_on,
    )
    notify_case_event(event)
    return letter
