"""Every change to an application: one service per transition.

Each service is ``@transaction.atomic``, takes keyword-only arguments, locks the
case and checks the version the user saw (optimistic concurrency: a stale page
raises ``StaleCase``), checks the permission (``PermissionDenied`` → 403) and the
state machine (``TransitionNotAllowed``), recomputes the clocks through
``gongkai.cases.clocks``, saves with a conditional update, and writes exactly one
append-only ``CaseEvent`` with the clocks before and after.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.accounts.models import Membership, Role
from gongkai.agencies.models import Agency
from gongkai.cases import clocks as case_clocks_mod
from gongkai.cases import fees
from gongkai.cases.errors import CaseInputError, StaleCase, TransitionNotAllowed
from gongkai.cases.models import (
    ALLOWED_TRANSITIONS,
    DECISION_OUTCOMES,
    OPEN_STATUSES,
    Attachment,
    Case,
    CaseEvent,
    Channel,
    Consultation,
    FeeMethod,
    Outcome,
    Status,
)
from gongkai.cases.permissions import Action, can_perform, can_register_in
from gongkai.cases.selectors import fee_count_earlier_in_month, find_possible_duplicate
from gongkai.workdays.calendar import format_date_zh
from gongkai.workdays.clocks import MAX_EXTENSION_WORKDAYS

type User = AbstractBaseUser | AnonymousUser

QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
QUERY_CODE_LENGTH = 12


@dataclass(frozen=True)
class ApplicationDetails:
    """What an application says (Art. 29): the applicant and the information asked for."""

    applicant_type: str
    applicant_name: str
    id_number: str
    phone: str
    description: str
    id_type: str = "resident_id"
    legal_representative: str = ""
    contact_person: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    document_number: str = ""
    info_form: str = "electronic"
    delivery_way: str = "email"
    needs_assistance: bool = False

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ApplicationDetails:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def as_fields(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


# -- helpers --------------------------------------------------------------------


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _actor_label(user: User | None) -> str:
    if user is None:
        return "系统"
    if not user.is_authenticated:
        return "申请人（互联网）"
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()


def new_query_code() -> str:
    return "".join(
        secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH)
    )


def normalise_query_code(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


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
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=acting_user if acting_user and acting_user.is_authenticated else None,
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


def _create(
    *,
    agency: Agency,
    details: ApplicationDetails,
    channel: Channel,
    arrived_on: dt.date,
    signed_on: dt.date | None,
    confirmed_on: dt.date | None,
    confirmation_method: str,
    token: uuid.UUID | None,
    acting_user: User | None,
    kind: CaseEvent.Kind,
    now: dt.datetime,
) -> Case:
    case = Case(
        agency=agency,
        query_code=new_query_code(),
        idempotency_token=token,
        channel=channel,
        arrived_on=arrived_on,
        signed_on=signed_on,
        confirmed_on=confirmed_on,
        confirmation_method=confirmation_method,
        registered_by=acting_user
        if acting_user and acting_user.is_authenticated
        else None,
        status=Status.SUBMITTED,
        **details.as_fields(),
    )
    receipt = case_clocks_mod.case_clocks(case, consultations=[]).receipt
    if receipt is not None:
        case.status = Status.REGISTERED
        case.number = _next_number(agency, receipt.date.year)
    case_clocks_mod.apply_clocks(
        case, case_clocks_mod.case_clocks(case, consultations=[])
    )
    try:
        case.full_clean(exclude=["idempotency_token"])
    except ValidationError as exc:
        raise CaseInputError("；".join(exc.messages)) from exc
    case.save()
    duplicate = find_possible_duplicate(case)
    if duplicate is not None:
        case.possible_duplicate_of = duplicate
        case.save(update_fields=["possible_duplicate_of"])
    CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=acting_user if acting_user and acting_user.is_authenticated else None,
        actor_label=_actor_label(acting_user),
        at=now,
        status_before="",
        status_after=case.status,
        data={
            "channel": case.channel,
            "arrived_on": arrived_on.isoformat(),
            "possible_duplicate_of": duplicate.pk if duplicate else None,
        },
        due_after=case.due_on,
        clocks_after=case.clocks,
    )
    return case


def _store_attachment(
    case: Case,
    *,
    upload: UploadedFile,
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
        uploaded_by=acting_user
        if acting_user and acting_user.is_authenticated
        else None,
        uploaded_at=now,
    )
    attachment.file.save(upload.name or "upload", upload, save=False)
    attachment.save()
    return attachment


# -- intake ---------------------------------------------------------------------


@transaction.atomic
def case_submit_online(
    *,
    agency: Agency,
    details: ApplicationDetails,
    token: uuid.UUID,
    attachment: UploadedFile | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """An application from the public form (互联网渠道).

    Art. 31 (三): its receipt date is the day both sides confirm, so it waits as
    待确认 until a registrar confirms it. A repeated submit with the same form
    token returns the application the first one created.
    """
    now = _now(now)
    existing = Case.objects.filter(idempotency_token=token).first()
    if existing is not None:
        return existing
    if not agency.accepts_applications:
        raise CaseInputError("该机关不受理在线申请。")
    try:
        with transaction.atomic():
            case = _create(
                agency=agency,
                details=details,
                channel=Channel.ONLINE,
                arrived_on=timezone.localdate(now),
                signed_on=None,
                confirmed_on=None,
                confirmation_method="",
                token=token,
                acting_user=AnonymousUser(),
                kind=CaseEvent.Kind.SUBMITTED,
                now=now,
            )
    except IntegrityError:
        # A concurrent submit with the same token won the race.
        return Case.objects.get(idempotency_token=token)
    if attachment is not None:
        _store_attachment(
            case,
            upload=attachment,
            kind=Attachment.Kind.APPLICATION,
            acting_user=None,
            now=now,
        )
    return case


@transaction.atomic
def case_register(
    *,
    agency: Agency,
    details: ApplicationDetails,
    channel: Channel | str,
    arrived_on: dt.date,
    acting_user: User,
    signed_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
    confirmation_method: str = "",
    token: uuid.UUID | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """A registrar enters an application received in person, by post, fax or e-mail.

    The receipt date follows Art. 31 through the clocks engine; channels that
    need a confirmation (plain post, fax, e-mail) stay 待确认 until it is recorded.
    """
    now = _now(now)
    if not can_register_in(acting_user, agency):
        raise PermissionDenied("您不是该机关的登记员。")
    if token is not None:
        existing = Case.objects.filter(idempotency_token=token).first()
        if existing is not None:
            return existing
    if arrived_on > timezone.localdate(now):
        raise CaseInputError("收到日期不能晚于今天。")
    return _create(
        agency=agency,
        details=details,
        channel=Channel(channel),
        arrived_on=arrived_on,
        signed_on=signed_on,
        confirmed_on=confirmed_on,
        confirmation_method=confirmation_method,
        token=token,
        acting_user=acting_user,
        kind=CaseEvent.Kind.REGISTERED,
        now=now,
    )


@transaction.atomic
def case_confirm_receipt(
    *,
    case: Case,
    confirmed_on: dt.date,
    confirmation_method: str,
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """Record the confirmation with the applicant — Art. 31 (二)(三); the clocks start."""
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.CONFIRM,
        expected_version=expected_version,
    )
    _require_transition(case, Status.REGISTERED, "确认收到申请")
    if confirmed_on < case.arrived_on:
        raise CaseInputError("确认日期不能早于收到日期。")
    if confirmed_on > timezone.localdate(now):
        raise CaseInputError("确认日期不能晚于今天。")
    case.confirmed_on = confirmed_on
    case.confirmation_method = confirmation_method
    if case.channel == Channel.POST_SIGNED and case.signed_on is None:
        case.signed_on = confirmed_on
    case.number = _next_number(case.agency, confirmed_on.year)
    case.registered_by = acting_user  # type: ignore[assignment]
    _save(
        case,
        kind=CaseEvent.Kind.CONFIRMED,
        acting_user=acting_user,
        now=now,
        to=Status.REGISTERED,
        changed=[
            "confirmed_on",
            "confirmation_method",
            "signed_on",
            "number",
            "registered_by",
        ],
        data={"confirmed_on": confirmed_on.isoformat(), "method": confirmation_method},
    )
    return case


@transaction.atomic
def case_discard(
    *,
    case: Case,
    reason: str,
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """Void an unconfirmed submission (not an application: spam, test, duplicate entry)."""
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.DISCARD,
        expected_version=expected_version,
    )
    _require_transition(case, Status.DISCARDED, "作废")
    if not reason.strip():
        raise CaseInputError("请填写作废理由。")
    _save(
        case,
        kind=CaseEvent.Kind.DISCARDED,
        acting_user=acting_user,
        now=now,
        to=Status.DISCARDED,
        changed=[],
        reason=reason,
    )
    return case


@transaction.atomic
def case_assign(
    *,
    case: Case,
    assignee: AbstractBaseUser,
    acting_user: User,
    reason: str = "",
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """Give the application to a 承办人 of the agency (or hand it to another)."""
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.ASSIGN,
        expected_version=expected_version,
    )
    _require_status(case, {Status.REGISTERED, Status.IN_PROGRESS}, "分办")
    _require_transition(case, Status.IN_PROGRESS, "分办")
    if not Membership.objects.filter(
        user=assignee, agency=case.agency, role=Role.HANDLER
    ).exists():
        raise CaseInputError("只能分办给本机关的承办人。")
    previous = case.assignee
    case.assignee = assignee  # type: ignore[assignment]
    _save(
        case,
        kind=CaseEvent.Kind.ASSIGNED,
        acting_user=acting_user,
        now=now,
        to=Status.IN_PROGRESS,
        changed=["assignee"],
        reason=reason,
        data={
            "assignee": assignee.get_username(),
            "previous": previous.get_username() if previous else None,
        },
    )
    return case


# -- 补正 (Art. 30) ---------------------------------------------------------------


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
            "补正应一次性告知（条例第三十条），本申请已告知过补正。"
        )
    if not items.strip():
        raise CaseInputError("请写明需要补正的事项。")
    if case.received_on is None or notice_on < case.received_on:
        raise CaseInputError("补正告知日期不能早于收到申请之日。")
    if notice_on > timezone.localdate(now):
        raise CaseInputError("补正告知日期不能晚于今天。")
    late = (
        case.correction_notice_due_on is not None
        and notice_on > case.correction_notice_due_on
    )
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
    if late:
        data["warning"] = (
            f"补正告知晚于条例第三十条规定的7个工作日期限（{format_date_zh(case.correction_notice_due_on)}）。"  # type: ignore[arg-type]
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


# -- consultation (Arts. 32, 34; pause Art. 33 ¶3) ----------------------------------


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
                "征求意见的15个工作日尚未届满，不能按逾期未答复处理。"
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


# -- extension (Art. 33 ¶2) -----------------------------------------------------------

EXTENSION_STATUSES = {Status.IN_PROGRESS, Status.CONSULTING, Status.AWAITING_FEE}


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
    if not 1 <= workdays <= MAX_EXTENSION_WORKDAYS:
        raise CaseInputError(
            "延长的期限最长不得超过20个工作日（条例第三十三条第二款）。"
        )
    if not reason.strip():
        raise CaseInputError("请填写需要延期答复的理由。")
    case.extension_requested_workdays = workdays
    case.extension_reason = reason
    _save(
        case,
        kind=CaseEvent.Kind.EXTENSION_REQUESTED,
        acting_user=acting_user,
        now=now,
        changed=["extension_requested_workdays", "extension_reason"],
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
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """The head approves the extension and the applicant is told — Art. 33 ¶2.

    "需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长
    不得超过20个工作日". The new due date comes from the clocks engine.
    """
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.APPROVE_EXTENSION,
        expected_version=expected_version,
    )
    _require_status(case, EXTENSION_STATUSES, "批准延期答复")
    if case.extension_workdays:
        raise TransitionNotAllowed("本申请已经延期答复，不能再次延期。")
    if not case.extension_requested_workdays:
        raise TransitionNotAllowed("承办人尚未申请延期答复。")
    today = timezone.localdate(now)
    if notice_on < today - dt.timedelta(days=30) or notice_on > today:
        raise CaseInputError("告知申请人的日期应为今天或最近的日期。")
    if case.due_on is not None and notice_on > case.due_on:
        raise CaseInputError(
            f"答复期限已于{format_date_zh(case.due_on)}届满，延期应在原期限内告知申请人。"
        )
    case.extension_workdays = case.extension_requested_workdays
    case.extension_approved_by = acting_user  # type: ignore[assignment]
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
        data={"workdays": case.extension_workdays, "notice_on": notice_on.isoformat()},
    )
    return case


# -- Art. 35 --------------------------------------------------------------------------


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


# -- fees (国办函〔2020〕109号) ------------------------------------------------------------


@transaction.atomic
def case_send_fee_notice(
    *,
    case: Case,
    method: str,
    sent_on: dt.date,
    received_on: dt.date | None = None,
    items: int = 1,
    pages: int = 0,
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """Send a 收费通知 with the fee computed by the one schedule chosen.

    Fee measures (国办函〔2020〕109号) Art. 3: 按件 or 按量, never both; the
    applicant pays within 20 working days from the day after receiving the notice.
    """
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.SEND_FEE_NOTICE,
        expected_version=expected_version,
    )
    _require_transition(case, Status.AWAITING_FEE, "发出收费通知")
    if case.fee_notice_sent_on is not None:
        raise TransitionNotAllowed("本申请已发出过收费通知。")
    received_on = received_on or sent_on
    if received_on < sent_on:
        raise CaseInputError("收费通知的送达日期不能早于发出日期。")
    if sent_on > timezone.localdate(now):
        raise CaseInputError("收费通知的发出日期不能晚于今天。")
    method_enum = FeeMethod(method)
    if method_enum == FeeMethod.PER_ITEM:
        quote = fees.per_item_fee(
            earlier_in_month=fee_count_earlier_in_month(case), items=items
        )
    else:
        quote = fees.per_page_fee(pages=pages)
    if quote.amount <= Decimal(0):
        raise CaseInputError(f"按标准本申请不收费：{quote.explanation_zh}")
    case.fee_method = method_enum
    case.fee_items = items if method_enum == FeeMethod.PER_ITEM else None
    case.fee_pages = pages if method_enum == FeeMethod.PER_PAGE else None
    case.fee_amount = quote.amount
    case.fee_notice_sent_on = sent_on
    case.fee_notice_received_on = received_on
    _save(
        case,
        kind=CaseEvent.Kind.FEE_NOTICE_SENT,
        acting_user=acting_user,
        now=now,
        to=Status.AWAITING_FEE,
        changed=[
            "fee_method",
            "fee_items",
            "fee_pages",
            "fee_amount",
            "fee_notice_sent_on",
            "fee_notice_received_on",
        ],
        reason=quote.explanation_zh,
        data={"amount": str(quote.amount), "method": str(method_enum)},
    )
    return case


@transaction.atomic
def case_record_fee_payment(
    *,
    case: Case,
    paid_on: dt.date,
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """The applicant paid; handling resumes (the fee pause ends on ``paid_on``)."""
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.RECORD_FEE_PAYMENT,
        expected_version=expected_version,
    )
    _require_status(case, {Status.AWAITING_FEE}, "登记缴费")
    _require_transition(case, Status.IN_PROGRESS, "登记缴费")
    if case.fee_notice_sent_on is None or paid_on < case.fee_notice_sent_on:
        raise CaseInputError("缴费日期不能早于收费通知的发出日期。")
    if paid_on > timezone.localdate(now):
        raise CaseInputError("缴费日期不能晚于今天。")
    case.fee_paid_on = paid_on
    data: dict[str, Any] = {"paid_on": paid_on.isoformat()}
    if case.fee_due_on and paid_on > case.fee_due_on:
        data["warning"] = "缴费晚于缴费期限。"
    _save(
        case,
        kind=CaseEvent.Kind.FEE_PAID,
        acting_user=acting_user,
        now=now,
        to=Status.IN_PROGRESS,
        changed=["fee_paid_on"],
        data=data,
    )
    return case


@transaction.atomic
def case_record_fee_nonpayment(
    *,
    case: Case,
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """The fee was not paid in time: deemed abandoned → table 三 （六）2.

    Fee measures (国办函〔2020〕109号): "逾期未缴纳的视为放弃申请，行政机关不再处理该政府
    信息公开申请".
    """
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.RECORD_FEE_NONPAYMENT,
        expected_version=expected_version,
    )
    _require_transition(case, Status.CLOSED, "按逾期未缴费终止")
    today = timezone.localdate(now)
    if case.fee_due_on is None or today <= case.fee_due_on:
        raise TransitionNotAllowed("缴费期限尚未届满，不能按逾期未缴费处理。")
    return _close_as_abandoned(
        case,
        outcome=Outcome.OTHER_UNPAID_FEE,
        reasons="申请人逾期未按收费通知要求缴纳费用，视为放弃申请。",
        kind=CaseEvent.Kind.FEE_UNPAID,
        acting_user=acting_user,
        now=now,
    )


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

    The legal basis is the outcome's single ground in ``gongkai.letters.outcomes``.
    """
    from gongkai.letters.outcomes import ground_for

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


# -- decision, approval, delivery, archive --------------------------------------------


@transaction.atomic
def case_decide(
    *,
    case: Case,
    outcome: str,
    reasons: str,
    acting_user: User,
    ground: str = "",
    legal_basis: str = "",
    access_info: str = "",
    withheld_part: str = "",
    referral: str = "",
    decision_text: str = "",
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """Draft the reply: exactly one final outcome (a leaf row of table 三), its basis and reasons.

    Arts. 36–39 (reply types) and the report formats' rule that each application
    has one final outcome; partial disclosure counts only as （二）部分公开 (Art. 37).
    """
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.DECIDE,
        expected_version=expected_version,
    )
    _require_transition(case, Status.DECIDED, "拟定答复")
    try:
        outcome_enum = Outcome(outcome)
    except ValueError:
        raise CaseInputError("请选择一项处理结果。") from None
    if outcome_enum not in DECISION_OUTCOMES:
        raise CaseInputError(
            "逾期不补正、逾期未缴费由相应的办理步骤记录，不能直接选择。"
        )
    if (
        Status(case.status) == Status.AWAITING_REASONS
        and outcome_enum != Outcome.NOT_PROCESSED_MASSIVE
    ):
        raise CaseInputError(
            "申请人说明理由阶段只能作出“无正当理由大量反复申请”的决定，或确定延迟答复期限。"
        )
    chosen = decision_ground(outcome_enum, ground)
    if "basis_text" in chosen.needs:
        if "第" not in legal_basis or "条" not in legal_basis:
            raise CaseInputError(
                "“其他”处理须写明法律依据，引用到条、款、项，例如："
                "《中华人民共和国政府信息公开条例》第三十六条第二项。"
            )
    elif legal_basis.strip() and legal_basis.strip() != chosen.cite_zh:
        raise CaseInputError(
            "法律依据由所选条款确定（答复书引用的条文与处理决定一致），不能另行填写。"
        )
    else:
        legal_basis = chosen.cite_zh
    if outcome_enum != Outcome.GRANTED and not reasons.strip():
        raise CaseInputError("除予以公开外，答复应当说明理由。")
    _require_reply_elements(
        chosen,
        {
            "access": access_info,
            "withheld_part": withheld_part,
            "referral": referral,
            "reasons": reasons,
            "basis_text": legal_basis,
            "decision_text": decision_text,
        },
    )
    case.outcome = outcome_enum
    case.legal_ground = chosen.key
    case.legal_basis = legal_basis
    case.reasons = reasons
    case.access_info = access_info
    case.withheld_part = withheld_part
    case.referral = referral
    case.decision_text = decision_text
    case.decided_by = acting_user  # type: ignore[assignment]
    case.decided_on = timezone.localdate(now)
    # closed_on stays empty until the head approves: only then is the reply issued.
    _save(
        case,
        kind=CaseEvent.Kind.DECIDED,
        acting_user=acting_user,
        now=now,
        to=Status.DECIDED,
        changed=[
            "outcome",
            "legal_ground",
            "legal_basis",
            "reasons",
            "access_info",
            "withheld_part",
            "referral",
            "decision_text",
            "decided_by",
            "decided_on",
        ],
        reason=reasons,
        data={
            "outcome": str(outcome_enum),
            "ground": chosen.key,
            "legal_basis": legal_basis,
        },
    )
    return case


def decision_ground(outcome: Outcome, ground: str) -> Any:
    """The ground (条/款/项) a decision cites: one the outcomes table allows for it.

    Jiangsu 答复规范 section 五 (legal.md §6.1): "引用的条文要与政府信息公开处理决定
    一致". The handler chooses among the outcome's grounds in
    ``gongkai.letters.outcomes``; an outcome with a single ground needs no choice.
    The 答复书 cites exactly the ground chosen here.
    """
    from gongkai.letters.outcomes import outcome_rule

    rule = outcome_rule(outcome)
    if not ground:
        if len(rule.grounds) == 1:
            return rule.grounds[0]
        raise CaseInputError("请选择法律依据。")
    for candidate in rule.grounds:
        if candidate.key == ground:
            return candidate
    allowed = "、".join(g.label_zh for g in rule.grounds)
    raise CaseInputError(
        f"所选法律依据与处理结果“{outcome.label}”不一致，只能选择：{allowed}。"
    )


def _require_reply_elements(ground: Any, given: dict[str, str]) -> None:
    """What the 答复书 of this ground must state is present (letters' outcome table).

    Jiangsu 答复规范 section 五: e.g. a 部分公开 reply states how to obtain the
    information, what is withheld and why.
    """
    from gongkai.letters.generators import NEEDS_LABELS_ZH

    missing = [NEEDS_LABELS_ZH.get(n, n) for n in ground.needs if not given.get(n)]
    if missing:
        raise CaseInputError(f"该处理结果的答复书须写明：{'、'.join(missing)}。")


@transaction.atomic
def case_approve_decision(
    *,
    case: Case,
    acting_user: User,
    comment: str = "",
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """The head approves the drafted reply; the reply is issued today (办结)."""
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.APPROVE_DECISION,
        expected_version=expected_version,
    )
    _require_transition(case, Status.REPLIED, "审批答复")
    case.approved_by = acting_user  # type: ignore[assignment]
    case.approved_on = timezone.localdate(now)
    case.closed_on = case.approved_on
    data: dict[str, Any] = {"outcome": case.outcome}
    if case.due_on is not None and case.approved_on > case.due_on:
        data["warning"] = f"答复晚于答复期限（{format_date_zh(case.due_on)}）。"
    _save(
        case,
        kind=CaseEvent.Kind.DECISION_APPROVED,
        acting_user=acting_user,
        now=now,
        to=Status.REPLIED,
        changed=["approved_by", "approved_on", "closed_on"],
        reason=comment,
        data=data,
        recompute=False,
    )
    return case


@transaction.atomic
def case_return_decision(
    *,
    case: Case,
    reason: str,
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """The head sends the draft back to the handler with reasons."""
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.RETURN_DECISION,
        expected_version=expected_version,
    )
    _require_status(case, {Status.DECIDED}, "退回答复")
    _require_transition(case, Status.IN_PROGRESS, "退回答复")
    if not reason.strip():
        raise CaseInputError("请填写退回理由。")
    previous = case.outcome
    case.outcome = ""
    case.legal_ground = ""
    case.closed_on = None
    case.decided_on = None
    case.decided_by = None
    _save(
        case,
        kind=CaseEvent.Kind.DECISION_RETURNED,
        acting_user=acting_user,
        now=now,
        to=Status.IN_PROGRESS,
        changed=["outcome", "legal_ground", "closed_on", "decided_on", "decided_by"],
        reason=reason,
        data={"previous_outcome": previous},
    )
    return case


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


# -- documents and personal data --------------------------------------------------------


@transaction.atomic
def case_add_attachment(
    *,
    case: Case,
    upload: UploadedFile,
    kind: str,
    acting_user: User,
    now: dt.datetime | None = None,
) -> Attachment:
    """Store a document with the case (search record, review, proof of service…)."""
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.ADD_ATTACHMENT,
        expected_version=None,
    )
    attachment = _store_attachment(
        case, upload=upload, kind=kind, acting_user=acting_user, now=now
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.ATTACHMENT_ADDED,
        actor=acting_user,  # type: ignore[misc]
        actor_label=_actor_label(acting_user),
        at=now,
        status_before=case.status,
        status_after=case.status,
        data={
            "attachment": attachment.pk,
            "name": attachment.original_name,
            "kind": kind,
        },
        due_before=case.due_on,
        due_after=case.due_on,
    )
    return attachment


def case_log_personal_data_view(
    *, case: Case, acting_user: User, now: dt.datetime | None = None
) -> CaseEvent:
    """Log that ``acting_user`` saw the applicant's identity number and phone in full."""
    return CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.PERSONAL_DATA_VIEWED,
        actor=acting_user,  # type: ignore[misc]
        actor_label=_actor_label(acting_user),
        at=_now(now),
        status_before=case.status,
        status_after=case.status,
        due_before=case.due_on,
        due_after=case.due_on,
    )


def cases_recompute_open_clocks(
    *,
    years: frozenset[int] | None = None,
    regions: frozenset[str] | None = None,
    reason: str = "工作日历调整，重新计算期限",
    now: dt.datetime | None = None,
    **_: Any,
) -> int:
    """Recompute the stored due dates of open cases after a calendar change.

    Registered with ``gongkai.calendars.hooks``; idempotent. The open cases are
    grouped by the calendar their agency follows (a region's, else the national
    one: docs/workdays.md "Regions"), and each calendar is built once. With
    ``regions`` (only those regions' own days moved) the cases on other
    calendars are left alone. Returns the number of cases whose due date or
    clock problem changed; each change is one event.
    """
    from gongkai.calendars.loader import current_calendar, region_codes_by_agency

    now = _now(now)
    open_cases = Case.objects.filter(
        status__in=OPEN_STATUSES, received_on__isnull=False
    )
    agencies = Agency.objects.filter(pk__in=open_cases.values("agency_id")).values_list(
        "pk", "path"
    )
    region_of = region_codes_by_agency(agencies)
    groups: dict[str | None, list[int]] = {}
    for agency_id, code in region_of.items():
        if regions is None or code in regions:
            groups.setdefault(code, []).append(agency_id)
    changed = 0
    for code, agency_ids in groups.items():
        calendar = current_calendar(code)
        ids = open_cases.filter(agency_id__in=agency_ids).values_list("pk", flat=True)
        for pk in list(ids):
            changed += _recompute_one(
                pk, calendar=calendar, years=years, reason=reason, now=now
            )
    return changed


@transaction.atomic
def _recompute_one(
    pk: int,
    *,
    calendar: Any,
    years: frozenset[int] | None,
    reason: str,
    now: dt.datetime,
) -> int:
    fresh = (
        Case.objects.select_for_update(of=("self",))
        .select_related("agency", "extension_approved_by")
        .get(pk=pk)
    )
    if Status(fresh.status) not in OPEN_STATUSES:
        return 0
    computed = case_clocks_mod.case_clocks(fresh, calendar=calendar)
    if computed.due_on == fresh.due_on and computed.error_zh == fresh.clock_error:
        return 0
    _save(
        fresh,
        kind=CaseEvent.Kind.CLOCKS_RECOMPUTED,
        acting_user=None,
        now=now,
        changed=[],
        reason=reason,
        data={"years": sorted(years) if years else [], "calendar": calendar.label},
        clocks=computed,
    )
    return 1


# -- letters ---------------------------------------------------------------------------


def letter_kinds_available(case: Case) -> list[tuple[str, str]]:
    """The letters the case's record supports now: (kind, label)."""
    from gongkai.letters.kinds import LetterKind, reply_kind_for

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
    if case.outcome and status in {
        Status.REPLIED,
        Status.DELIVERED,
        Status.CLOSED,
        Status.ARCHIVED,
    }:
        kinds.append(reply_kind_for(case.outcome))
    return [(k, LetterKind(k).label) for k in kinds]


def _letter_issue_date(case: Case, kind: str, today: dt.date) -> dt.date:
    """The date a letter bears: the day of the act it records, not the day it is printed."""
    from gongkai.letters.kinds import LetterKind, is_reply

    dates: dict[str, dt.date | None] = {
        LetterKind.RECEIPT: case.received_on,
        LetterKind.CORRECTION: case.correction_requested_on,
        LetterKind.EXTENSION: case.extension_notice_on,
        LetterKind.FEE_NOTICE: case.fee_notice_sent_on,
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
    from gongkai.letters.generators import LetterDataError
    from gongkai.letters.kinds import LetterKind, is_reply
    from gongkai.letters.services import letter_generate

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
    if is_reply(kind):
        extra["reply"] = {
            "access": case.access_info,
            "withheld_part": case.withheld_part,
            "referral": case.referral,
            "basis_text": case.legal_basis,
            "decision_text": case.decision_text,
        }
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
    try:
        letter = letter_generate(
            case=case,
            kind=kind,
            acting_user=acting_user,
            extra=extra,
            issued_on=_letter_issue_date(case, kind, timezone.localdate(now)),
        )
    except LetterDataError as exc:
        raise CaseInputError(str(exc)) from exc
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.LETTER_ISSUED,
        actor=acting_user,  # type: ignore[misc]
        actor_label=_actor_label(acting_user),
        at=now,
        status_before=case.status,
        status_after=case.status,
        data={"letter": letter.pk, "kind": kind, "number": letter.number},
        due_before=case.due_on,
        due_after=case.due_on,
    )
    return letter
