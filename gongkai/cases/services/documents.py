"""Documents kept with the case, and the log of who saw personal data."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gongkai.accounts import securitylog
from gongkai.accounts.users import staff_user
from gongkai.cases.models import (
    Attachment,
    Case,
    CaseEvent,
)
from gongkai.cases.permissions import Action
from gongkai.cases.services._common import (
    User,
    _actor_label,
    _lock,
    _now,
    _store_attachment,
)


@transaction.atomic
def case_add_attachment(
    *,
    case: Case,
    upload: UploadedFile[bytes],
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
        actor=staff_user(acting_user),
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
    *,
    case: Case,
    acting_user: User,
    attachment: Attachment | None = None,
    now: dt.datetime | None = None,
) -> CaseEvent:
    """Log that ``acting_user`` saw the applicant's personal data in full.

    That is the identity number and phone on the case page, or, with
    ``attachment``, the download of an identity document. Both go on the case's
    timeline and into the security log.
    """
    at = _now(now)
    data = (
        {"attachment": attachment.pk, "file": attachment.original_name}
        if attachment is not None
        else {}
    )
    event = CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.PERSONAL_DATA_VIEWED,
        actor=staff_user(acting_user),
        actor_label=_actor_label(acting_user),
        at=at,
        status_before=case.status,
        status_after=case.status,
        due_before=case.due_on,
        due_after=case.due_on,
        data=data,
    )
    what = (
        f"下载身份证明材料「{attachment.original_name}」"
        if attachment is not None
        else "查看完整身份证件号码和电话"
    )
    securitylog.record(
        securitylog.Kind.PERSONAL_DATA_VIEWED,
        f"{what}（申请 {case.number or case.pk}）",
        actor=acting_user,
        agency_id=case.agency_id,
        detail={"case": case.pk, **data},
        now=at,
    )
    return event
