"""The one place where the cases app talks to the clocks engine (gongkai.workdays).

``case_clocks(case)`` turns a case's recorded dates into the engine's inputs and
returns every running clock as an engine ``Deadline`` (with its explanation);
``apply_clocks`` stores the due dates on the case. Services call these after
each change; the case page shows the stored result; nothing else computes a
deadline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from gongkai.law import provisions as law
from gongkai.workdays import WorkCalendar, format_date_zh
from gongkai.workdays import clocks as engine
from gongkai.workdays.errors import GongkaiError, ReceiptNotConfirmedError

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

    from gongkai.agencies.models import Agency
    from gongkai.cases.models import Case, Consultation


def current_calendar() -> WorkCalendar:
    """The national working-day calendar the clocks count on.

    Packaged data + the database's notices, and provisional years after the
    last notice (a date counted on one is 暂定: docs/workdays.md).
    """
    from gongkai.calendars.loader import current_calendar as db_calendar

    return db_calendar(provisional=True)


def calendar_for(agency: Agency) -> WorkCalendar:
    """The calendar an agency's clocks count on: its region's, else the national one.

    The nearest region linked at or above the agency wins (docs/workdays.md,
    "Regions"); an autonomous region's own days off therefore move the due dates
    of every agency below it.
    """
    from gongkai.calendars.loader import calendar_for_agency

    return calendar_for_agency(agency, provisional=True)


def clock_settings(agency: Agency) -> engine.ClockSettings:
    return engine.ClockSettings(
        day_one=engine.DayOneRule(agency.day_one_rule),
        pause_while_fee_unpaid=agency.pause_while_fee_unpaid,
        correction_period_workdays=agency.correction_period_workdays,
    )


def receipt_of(case: Case | ClockInputs) -> engine.Receipt:
    """The Art. 31 receipt; raises ReceiptNotConfirmedError while unconfirmed."""
    return engine.receipt_date(
        channel=case.channel,
        arrived_on=case.arrived_on,
        signed_on=case.signed_on,
        confirmed_on=case.confirmed_on,
    )


@dataclass
class CaseClocks:
    """Every clock of one case, as the engine computed it."""

    receipt: engine.Receipt | None = None
    reply: engine.Deadline | None = None
    correction_notice: engine.Deadline | None = None
    correction_period: engine.Deadline | None = None
    fee_payment: engine.Deadline | None = None
    art35: engine.Deadline | None = None
    consultations: list[tuple[int | None, engine.Deadline]] = field(
        default_factory=list
    )
    error_zh: str = ""

    @property
    def due_on(self) -> dt.date | None:
        """The date the reply is due: an Art. 35 date if fixed, else the reply clock."""
        if self.art35 is not None:
            return self.art35.due
        return self.reply.due if self.reply is not None else None

    @property
    def due_provisional(self) -> bool:
        """The reply date was counted on a year without its notice (暂定).

        An Art. 35 date is fixed by the agency, never 暂定.
        """
        if self.art35 is not None or self.reply is None:
            return False
        return self.reply.provisional

    def shown(self) -> list[engine.Deadline]:
        items = [
            self.art35,
            self.reply,
            self.correction_notice,
            self.correction_period,
            self.fee_payment,
            *(d for _pk, d in self.consultations),
        ]
        return [d for d in items if d is not None]

    def to_data(self) -> dict[str, Any]:
        return {
            "receipt": (
                {
                    "date": self.receipt.date.isoformat(),
                    "reason_zh": self.receipt.reason_zh,
                    "basis": self.receipt.basis.cite_zh,
                }
                if self.receipt
                else None
            ),
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "due_provisional": self.due_provisional,
            "clocks": [
                {
                    "clock": str(d.clock),
                    "label": d.clock.label_zh,
                    "due": d.due.isoformat(),
                    "provisional": d.provisional,
                    "provisional_years": list(d.provisional_years),
                    "text_zh": d.text_zh,
                }
                for d in self.shown()
            ],
            "error_zh": self.error_zh,
        }


def _pauses(
    calendar: WorkCalendar,
    case: Case | ClockInputs,
    consultations: Iterable[Consultation],
) -> list[engine.Pause]:
    pauses = [
        engine.consultation_pause(
            calendar,
            kind=c.kind,
            letter_on=c.letter_on,
            delivered_on=c.delivered_on,
            reply_on=c.reply_on,
        )
        for c in consultations
    ]
    if case.fee_notice_sent_on is not None:
        pauses.append(
            engine.fee_pause(
                calendar,
                notice_sent_on=case.fee_notice_sent_on,
                notice_received_on=case.fee_notice_received_on
                or case.fee_notice_sent_on,
                paid_on=case.fee_paid_on,
            )
        )
    return pauses


class ClockInputs(NamedTuple):
    """Every column of a case that ``case_clocks`` reads (given its
    consultations and calendar), the agency and the extension's approver as
    objects: a plain row of them is what the recompute computes on (about a
    fifth of a row). ``test_the_clocks_read_only_their_inputs`` fails if
    ``case_clocks`` reads another (it runs on cases loaded with only these,
    and may run no query)."""

    agency: Agency
    status: str
    channel: str
    arrived_on: dt.date
    signed_on: dt.date | None
    confirmed_on: dt.date | None
    correction_requested_on: dt.date | None
    correction_due_on: dt.date | None
    corrected_received_on: dt.date | None
    fee_notice_sent_on: dt.date | None
    fee_notice_received_on: dt.date | None
    fee_paid_on: dt.date | None
    extension_workdays: int
    extension_approved_by: AbstractUser | None
    extension_approved_on: dt.date | None
    extension_notice_on: dt.date | None
    art35_due_on: dt.date | None
    art35_notice_on: dt.date | None


#: The names of ``ClockInputs``: the columns the recompute loads.
CLOCK_INPUTS = ClockInputs._fields


def case_clocks(
    case: Case | ClockInputs,
    *,
    consultations: Iterable[Consultation] | None = None,
    calendar: WorkCalendar | None = None,
    explain: bool = True,
) -> CaseClocks:
    """Compute every clock of ``case`` from its recorded dates.

    ``case`` is a ``Case`` or a plain row of its ``ClockInputs`` (the
    recompute's). With ``explain=False`` the clocks are bare (dates only, the
    engine's ``explain``): enough for ``clock_columns``, not for
    ``apply_clocks``.
    """
    from gongkai.cases.models import Status

    calendar = calendar or calendar_for(case.agency)
    settings = clock_settings(case.agency)
    result = CaseClocks()
    if consultations is None:
        if isinstance(case, ClockInputs):
            raise TypeError("a plain row of ClockInputs needs its consultations")
        consultations = list(case.consultations.all()) if case.pk else []
    else:
        consultations = list(consultations)
    try:
        result.receipt = receipt_of(case)
    except ReceiptNotConfirmedError as exc:
        result.error_zh = exc.message_zh
        return result
    except GongkaiError as exc:
        result.error_zh = exc.message_zh
        return result
    status = Status(case.status)
    try:
        if case.correction_requested_on is None and status in {
            Status.REGISTERED,
            Status.IN_PROGRESS,
        }:
            result.correction_notice = engine.correction_notice_due(
                calendar, receipt=result.receipt, settings=settings, explain=explain
            )
        if (
            case.correction_requested_on is not None
            and case.corrected_received_on is None
        ):
            # The reply clock restarts on receipt of the supplement (Art. 30);
            # until then only the applicant's 补正 period runs.
            if case.correction_due_on is not None:
                result.correction_period = engine.correction_period_due(
                    calendar,
                    notice_received_on=case.correction_requested_on,
                    workdays=calendar.workdays_between(
                        case.correction_requested_on, case.correction_due_on
                    ),
                    settings=settings,
                    explain=explain,
                )
            return result
        for c in consultations:
            result.consultations.append(
                (
                    c.pk,
                    engine.consultation_deadline(
                        calendar,
                        kind=c.kind,
                        delivered_on=c.delivered_on or c.letter_on,
                        settings=settings,
                        explain=explain,
                    ),
                )
            )
        if case.fee_notice_sent_on is not None:
            result.fee_payment = engine.fee_payment_due(
                calendar,
                notice_received_on=case.fee_notice_received_on
                or case.fee_notice_sent_on,
                explain=explain,
            )
        extension = None
        if case.extension_workdays:
            approver = case.extension_approved_by
            extension = engine.Extension(
                workdays=case.extension_workdays,
                approver=(approver.get_full_name() or approver.username)
                if approver
                else "负责人",
                notice_on=case.extension_notice_on or case.extension_approved_on,  # type: ignore[arg-type]
                approved_on=case.extension_approved_on,
            )
        result.reply = engine.reply_due(
            calendar,
            receipt=result.receipt,
            corrected_received_on=case.corrected_received_on,
            pauses=_pauses(calendar, case, consultations),
            extension=extension,
            settings=settings,
            explain=explain,
        )
        if case.art35_due_on is not None and case.art35_notice_on is not None:
            result.art35 = engine.art35_custom_due(
                notice_on=case.art35_notice_on,
                custom_due=case.art35_due_on,
                statutory=result.reply,
            )
    except GongkaiError as exc:
        result.error_zh = exc.message_zh
    return result


def reply_clock_at_receipt(
    case: Case, *, calendar: WorkCalendar | None = None
) -> engine.Deadline | None:
    """The reply clock as it stood on the day of receipt: what a 受理回执 states.

    Art. 33 ¶2: 20 working days from receipt (Art. 31). The 受理回执 bears the
    date of receipt, so it states the period as computed that day: no 补正
    restart, consultation or fee pause, extension or Art. 35 date that came
    later. A receipt printed late must not state today's (moved) clock.
    """
    calendar = calendar or calendar_for(case.agency)
    try:
        return engine.reply_due(
            calendar,
            receipt=receipt_of(case),
            settings=clock_settings(case.agency),
        )
    except GongkaiError:
        return None


def public_due_note(case: Case) -> str:
    """One line for the applicant on how the reply due date was reached.

    Only facts the applicant is entitled to know and dates from the clocks: the
    start of the 20 working days (Art. 33 ¶2), its restart after 补正 (Art. 30),
    the days not counted while others were consulted or a fee was awaited
    (Art. 33 ¶3), an approved extension (Art. 33 ¶2), an Art. 35 date. No names,
    reasons or internal notes.
    """
    from gongkai.cases.models import PAUSED_STATUSES, Status

    status = Status(case.status)
    if status == Status.AWAITING_CORRECTION:
        return (
            "答复期限自收到补正后的申请之日起重新计算"
            f"（{law.ART_30_RESTART.short_zh}）。"
        )
    clocks = case_clocks(case)
    if clocks.art35 is not None:
        return f"答复期限为依照{law.ART_35_DELAY.short_zh}另行确定并告知您的期限。"
    reply = clocks.reply
    if reply is None:
        return ""
    if case.corrected_received_on is not None:
        parts = [
            f"自收到补正后的申请之日（{format_date_zh(case.corrected_received_on)}）"
            f"起重新计算{reply.period_workdays}个工作日"
        ]
        articles = f"{law.ART_30_RESTART.article_zh}、{law.ART_33.article_zh}"
    else:
        parts = [f"自收到申请之日起{reply.period_workdays}个工作日"]
        articles = law.ART_33.article_zh
    if reply.paused_workdays:
        kinds = sorted(
            {engine.PauseKind(p.kind).label_zh for a in reply.pauses for p in a.parts}
        )
        parts.append(f"{'、'.join(kinds)}的{reply.paused_workdays}个工作日不计入")
    if reply.extension_workdays:
        parts.append(f"经批准延长{reply.extension_workdays}个工作日")
    if status in PAUSED_STATUSES:
        parts.append("目前暂停计算，答复期限将相应顺延")
    return f"{'；'.join(parts)}（{law.REGULATION_SHORT}{articles}）。"


def correction_period_due(
    case: Case, *, notice_received_on: dt.date, workdays: int
) -> engine.Deadline:
    """The applicant's 补正 deadline for a notice received on a given day."""
    return engine.correction_period_due(
        calendar_for(case.agency),
        notice_received_on=notice_received_on,
        workdays=workdays,
        settings=clock_settings(case.agency),
    )


def consultation_reply_due(case: Case, *, kind: str, delivered_on: dt.date) -> dt.date:
    return engine.consultation_reply_due(
        calendar_for(case.agency), kind=kind, delivered_on=delivered_on
    )


def fee_payment_due(case: Case, *, notice_received_on: dt.date) -> engine.Deadline:
    return engine.fee_payment_due(
        calendar_for(case.agency), notice_received_on=notice_received_on
    )


def clock_columns(clocks: CaseClocks) -> dict[str, Any]:
    """The stored columns the clocks decide, but for the ``clocks`` explanation:
    what the recompute compares (bare clocks give the same values)."""
    return {
        "received_on": clocks.receipt.date if clocks.receipt else None,
        "due_on": clocks.due_on,
        "due_provisional": clocks.due_provisional,
        "correction_notice_due_on": (
            clocks.correction_notice.due if clocks.correction_notice else None
        ),
        "fee_due_on": clocks.fee_payment.due if clocks.fee_payment else None,
        "clock_error": clocks.error_zh,
    }


def apply_clocks(case: Case, clocks: CaseClocks) -> list[str]:
    """Store the computed due dates on ``case``; return the changed field names."""
    data = clocks.to_data()  # refuses bare clocks before anything is set
    for name, value in clock_columns(clocks).items():
        setattr(case, name, value)
    case.clocks = data
    return list(CLOCK_OUTPUTS)


#: The columns ``clock_columns`` gives, in its order.
CLOCK_COLUMNS = tuple(clock_columns(CaseClocks()))

#: The columns ``apply_clocks`` writes.
CLOCK_OUTPUTS = (*CLOCK_COLUMNS, "clocks")


def add_workdays(
    start: dt.date, n: int, *, calendar: WorkCalendar | None = None
) -> dt.date | None:
    """``n`` working days after ``start``; None if the year is not in the calendar.

    Counted on ``calendar`` (an agency's, from :func:`calendar_for`), else on the
    national one.
    """
    try:
        return (calendar or current_calendar()).add_workdays(start, n)
    except GongkaiError:
        return None


def register_calendar_hook() -> None:
    """Recompute open cases' due dates whenever the calendars app changes a year:
    the hook enqueues ``gongkai.cases.tasks.recompute_open_clocks`` (the worker
    runs it in batches and reports its progress to the calendar page)."""
    from gongkai.calendars import hooks
    from gongkai.cases.tasks import enqueue_recompute

    hooks.register(enqueue_recompute)
