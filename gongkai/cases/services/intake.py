"""Intake: an application arrives online or at the counter (Arts. 29-31)."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from django.contrib.auth import models as auth_models
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.users import recorded_user, staff_user
from gongkai.agencies.models import Agency
from gongkai.cases import clocks as case_clocks_mod
from gongkai.cases.errors import CaseInputError
from gongkai.cases.models import (
    Attachment,
    Case,
    CaseEvent,
    Channel,
    Status,
)
from gongkai.cases.notify import notify_case_event
from gongkai.cases.permissions import Action, can_register_in
from gongkai.cases.selectors import find_possible_duplicate
from gongkai.cases.services._common import (
    User,
    _actor_label,
    _lock,
    _next_number,
    _now,
    _require_status,
    _require_transition,
    _save,
    _store_attachment,
)

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


def new_query_code() -> str:
    return "".join(
        secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH)
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
    source: str = "",
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
        registered_by=recorded_user(acting_user),
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
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=recorded_user(acting_user),
        actor_label=_actor_label(acting_user),
        at=now,
        status_before="",
        status_after=case.status,
        data={
            "channel": case.channel,
            "arrived_on": arrived_on.isoformat(),
            "possible_duplicate_of": duplicate.pk if duplicate else None,
        }
        | ({"source": source} if source else {}),
        due_after=case.due_on,
        clocks_after=case.clocks,
    )
    notify_case_event(event)
    return case


@transaction.atomic
def case_submit_online(
    *,
    agency: Agency,
    details: ApplicationDetails,
    token: uuid.UUID,
    attachment: UploadedFile[bytes] | None = None,
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
    source: str = "",
    now: dt.datetime | None = None,
) -> Case:
    """A registrar enters an application received in person, by post, fax or e-mail.

    The receipt date follows Art. 31 through the clocks engine; channels that
    need a confirmation (plain post, fax, e-mail) stay 待确认 until it is recorded.
    ``source`` says where the entry came from when not from the staff page (the
    API and its token), kept in the first event's data.
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
        source=source,
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
    case.registered_by = staff_user(acting_user)
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
    assignee: auth_models.User,
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
    case.assignee = assignee
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
