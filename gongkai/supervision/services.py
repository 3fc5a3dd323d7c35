"""Every change in supervision: one service each, atomic, with its record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.accounts.permissions import AnyUser
from gongkai.accounts.users import staff_user
from gongkai.agencies.models import Agency
from gongkai.cases.models import Case
from gongkai.supervision import bulletins as figures
from gongkai.supervision import documents
from gongkai.supervision.models import Bulletin, BulletinEvent, Evaluation, Reason
from gongkai.web import public_cache


def case_can_be_evaluated(case: Case) -> bool:
    """社会评议 is of a reply: the application must have its final outcome
    (``closed_on`` set: the reply issued, or the application deemed withdrawn)."""
    return case.closed_on is not None


@transaction.atomic
def evaluation_submit(
    *,
    case: Case,
    rating: str,
    reasons: list[str],
    comment: str = "",
    now: dt.datetime | None = None,
) -> Evaluation:
    """Record the applicant's one evaluation of the reply (条例第四十六条 社会评议)."""
    now = now or timezone.now()
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case_can_be_evaluated(case):
        raise ValidationError("该申请尚未答复，答复后才能评价。")
    if Evaluation.objects.filter(case=case).exists():
        raise ValidationError("该申请的答复已经评价过，每件申请只能评价一次。")
    evaluation = Evaluation(
        case=case,
        rating=rating,
        reasons=[r for r in Reason.values if r in set(reasons)],
        comment=comment.strip(),
        submitted_at=now,
        submitted_on=timezone.localdate(now),
    )
    evaluation.full_clean()
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError:
        raise ValidationError(
            "该申请的答复已经评价过，每件申请只能评价一次。"
        ) from None
    return evaluation


def _event(
    bulletin: Bulletin,
    kind: BulletinEvent.Kind,
    actor: AnyUser,
    now: dt.datetime,
    **data: Any,
) -> None:
    BulletinEvent.objects.create(
        bulletin=bulletin, kind=kind, actor=staff_user(actor), at=now, data=data
    )


def _locked(bulletin: Bulletin) -> Bulletin:
    fresh = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if fresh.locked:
        raise ValidationError("通报已印发，不能再修改。")
    return fresh


def _fill(bulletin: Bulletin, today: dt.date) -> None:
    quarter = figures.Quarter(bulletin.year, bulletin.quarter)
    bulletin.data = figures.snapshot(bulletin.agency, quarter, today=today)
    bulletin.computed_on = today
    bulletin.agencies.set([row["agency_id"] for row in bulletin.data["rows"]])


@transaction.atomic
def bulletin_create(
    *,
    agency: Agency,
    year: int,
    quarter: int,
    acting_user: AnyUser,
    now: dt.datetime | None = None,
) -> Bulletin:
    """Draft the bulletin of ``agency`` for a quarter that has begun, with its figures."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError("季度应为1至4。")
    if figures.Quarter(year, quarter).start > today:
        raise ValidationError("该季度尚未开始，不能起草通报。")
    if not agency.children.exists():
        raise ValidationError("该机关没有下级机关，无需通报。")
    if Bulletin.objects.filter(agency=agency, year=year, quarter=quarter).exists():
        raise ValidationError("该机关本季度的通报已经存在。")
    bulletin = Bulletin(
        agency=agency,
        year=year,
        quarter=quarter,
        computed_on=today,
        created_by=staff_user(acting_user),
        created_at=now,
    )
    bulletin.full_clean(exclude=["data"])
    bulletin.save()
    _fill(bulletin, today)
    bulletin.save(update_fields=["data", "computed_on"])
    _event(bulletin, BulletinEvent.Kind.CREATED, acting_user, now)
    return bulletin


@transaction.atomic
def bulletin_recompute(
    *, bulletin: Bulletin, acting_user: AnyUser, now: dt.datetime | None = None
) -> Bulletin:
    """Recount a draft from the records as they are today."""
    now = now or timezone.now()
    bulletin = _locked(bulletin)
    _fill(bulletin, timezone.localdate(now))
    bulletin.version += 1
    bulletin.save(update_fields=["data", "computed_on", "version"])
    _event(bulletin, BulletinEvent.Kind.RECOMPUTED, acting_user, now)
    return bulletin


@transaction.atomic
def bulletin_set_opinion(
    *,
    bulletin: Bulletin,
    opinion: str,
    number: str,
    acting_user: AnyUser,
    now: dt.datetime | None = None,
) -> Bulletin:
    """Edit the 通报意见 (and 文号) of a draft."""
    now = now or timezone.now()
    bulletin = _locked(bulletin)
    bulletin.opinion = opinion.strip()
    bulletin.number = number.strip()
    bulletin.version += 1
    bulletin.full_clean()
    bulletin.save(update_fields=["opinion", "number", "version"])
    _event(bulletin, BulletinEvent.Kind.OPINION_EDITED, acting_user, now)
    return bulletin


@transaction.atomic
def bulletin_issue(
    *, bulletin: Bulletin, acting_user: AnyUser, now: dt.datetime | None = None
) -> Bulletin:
    """签发 and issue: the bulletin is locked from now on."""
    now = now or timezone.now()
    bulletin = _locked(bulletin)
    if not bulletin.opinion.strip():
        raise ValidationError("请先填写通报意见，再签发。")
    bulletin.status = Bulletin.Status.ISSUED
    bulletin.issued_by = acting_user  # type: ignore[assignment]
    bulletin.issued_at = now
    bulletin.version += 1
    bulletin.save(update_fields=["status", "issued_by", "issued_at", "version"])
    _event(bulletin, BulletinEvent.Kind.ISSUED, acting_user, now)
    # The Word file and PDF, rendered once in the worker (documents.ensure_stored).
    transaction.on_commit(lambda: documents.render_issued.enqueue(bulletin.pk))
    return bulletin


@transaction.atomic
def bulletin_publish(
    *, bulletin: Bulletin, acting_user: AnyUser, now: dt.datetime | None = None
) -> Bulletin:
    """Show an issued bulletin on the public portal."""
    now = now or timezone.now()
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if not bulletin.locked:
        raise ValidationError("通报印发后才能在门户网站公开。")
    if bulletin.published_at is not None:
        raise ValidationError("该通报已经在门户网站公开。")
    bulletin.published_at = now
    bulletin.save(update_fields=["published_at"])
    public_cache.invalidate()
    _event(bulletin, BulletinEvent.Kind.PUBLISHED, acting_user, now)
    return bulletin
