"""Writing notifications with their cause, and delivering them.

Every function that writes a notification runs inside the caller's transaction
(the service that records the event): the rows exist only if the event does.
Delivery is asked for after commit (``transaction.on_commit``) and runs in the
``django.tasks`` worker; the periodic command ``send_notifications`` enqueues
again whatever is due for a retry or was never picked up.

A delivery attempt *claims* its row with a conditional update (pending → sending),
so two workers never send the same message twice; a claim that is never
finished (a worker killed mid-send) expires after ``CLAIM_SECONDS`` and the row
is pending again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from gongkai.notifications import sms
from gongkai.notifications.models import Audience, Channel, Notification, State

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 600
#: Minutes to wait after the n-th failed attempt (then the last value again).
BACKOFF_MINUTES = (1, 5, 30, 120, 360)


@dataclass(frozen=True)
class Message:
    """What to say: ``topic`` (a short code), subject, body and a link (a path)."""

    topic: str
    subject: str
    body: str
    link: str = ""
    #: The text message (SMS) version; empty: no SMS for this message.
    sms: str = ""


def max_attempts() -> int:
    return int(getattr(settings, "NOTIFY_MAX_ATTEMPTS", 5))


def absolute(link: str) -> str:
    """A path made absolute with ``SITE_URL`` for mail and text messages."""
    if not link or "://" in link:
        return link
    return getattr(settings, "SITE_URL", "").rstrip("/") + link


def _write(
    *,
    key: str,
    channel: Channel,
    audience: Audience,
    agency_id: int,
    case_id: int | None,
    message: Message,
    now: dt.datetime,
    recipient: Any = None,
    address: str = "",
    body: str | None = None,
) -> Notification | None:
    if Notification.objects.filter(key=key).exists():
        return None
    delivered_at_once = channel == Channel.INBOX
    try:
        with transaction.atomic():  # a savepoint: a concurrent writer may win the key
            notification = Notification.objects.create(
                key=key[:200],
                channel=channel,
                audience=audience,
                topic=message.topic,
                recipient=recipient,
                address=address,
                agency_id=agency_id,
                case_id=case_id,
                subject=message.subject[:200],
                body=message.body if body is None else body,
                link=message.link[:300],
                state=State.SENT if delivered_at_once else State.PENDING,
                sent_at=now if delivered_at_once else None,
                created_at=now,
            )
    except IntegrityError:
        return None
    if not delivered_at_once:
        pk = notification.pk
        transaction.on_commit(lambda: enqueue_delivery(pk))
    return notification


def notify_applicant(
    *, case: Any, message: Message, cause: str, now: dt.datetime
) -> list[Notification]:
    """E-mail (if the applicant gave an address) and SMS (if the message has one).

    ``cause`` names the event (``caseevent:<pk>``); with the channel it makes the
    row's key, so the same event never writes the same message twice.
    """
    written: list[Notification | None] = []
    body = message.body
    if message.link:
        body = f"{body}\n\n{absolute(message.link)}\n"
    if case.email:
        written.append(
            _write(
                key=f"{cause}:applicant:email",
                channel=Channel.EMAIL,
                audience=Audience.APPLICANT,
                agency_id=case.agency_id,
                case_id=case.pk,
                message=message,
                now=now,
                address=case.email,
                body=body,
            )
        )
    if message.sms and case.phone and getattr(settings, "NOTIFY_APPLICANT_SMS", True):
        written.append(
            _write(
                key=f"{cause}:applicant:sms",
                channel=Channel.SMS,
                audience=Audience.APPLICANT,
                agency_id=case.agency_id,
                case_id=case.pk,
                message=message,
                now=now,
                address=case.phone,
                body=message.sms,
            )
        )
    return [n for n in written if n is not None]


def notify_staff(
    *,
    people: Iterable[Any],
    agency_id: int,
    case_id: int | None,
    message: Message,
    cause: str,
    now: dt.datetime,
) -> list[Notification]:
    """An inbox entry for each person, and an e-mail to those with an address."""
    written: list[Notification | None] = []
    seen: set[int] = set()
    for person in people:
        if person.pk in seen or not person.is_active:
            continue
        seen.add(person.pk)
        written.append(
            _write(
                key=f"{cause}:user{person.pk}:inbox",
                channel=Channel.INBOX,
                audience=Audience.STAFF,
                agency_id=agency_id,
                case_id=case_id,
                message=message,
                now=now,
                recipient=person,
            )
        )
        if person.email:
            body = message.body
            if message.link:
                body = f"{body}\n\n{absolute(message.link)}\n"
            written.append(
                _write(
                    key=f"{cause}:user{person.pk}:email",
                    channel=Channel.EMAIL,
                    audience=Audience.STAFF,
                    agency_id=agency_id,
                    case_id=case_id,
                    message=message,
                    now=now,
                    recipient=person,
                    address=person.email,
                    body=body,
                )
            )
    return [n for n in written if n is not None]


# -- delivery ---------------------------------------------------------------------


def enqueue_delivery(
    notification_id: int, *, run_after: dt.datetime | None = None
) -> None:
    """Ask the worker to deliver; if the queue cannot be reached the row stays
    pending and ``send_notifications`` enqueues it later."""
    from gongkai.notifications.tasks import deliver_notification

    task = deliver_notification
    try:
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return  # the periodic command retries it
            task = task.using(run_after=run_after)
        task.enqueue(notification_id)
    except Exception:  # the database queue is down: the row is still pending
        logger.exception("通知 %s 未能加入发送队列，将由定时任务重试", notification_id)


def _send(notification: Notification) -> None:
    if notification.channel == Channel.EMAIL:
        EmailMessage(
            notification.subject,
            notification.body,
            None,
            [notification.address],
        ).send()
    elif notification.channel == Channel.SMS:
        sms.get_backend().send(notification.address, notification.body)


def notification_deliver(
    *, notification_id: int, now: dt.datetime | None = None
) -> Notification:
    """One delivery attempt of a pending e-mail or text message.

    Success → sent (with the time). Failure → pending again with the error and
    the time of the next attempt (``BACKOFF_MINUTES``), or failed once
    ``NOTIFY_MAX_ATTEMPTS`` attempts have failed. A row that is not pending and
    due is left alone (another attempt has it, or it is done).
    """
    now = now or timezone.now()
    claimed = (
        Notification.objects.filter(pk=notification_id, state=State.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .exclude(channel=Channel.INBOX)
        .update(
            state=State.SENDING,
            attempts=F("attempts") + 1,
            next_attempt_at=now + dt.timedelta(seconds=CLAIM_SECONDS),
        )
    )
    notification = Notification.objects.get(pk=notification_id)
    if claimed != 1:
        return notification
    try:
        _send(notification)
    except Exception as exc:
        notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if notification.attempts >= max_attempts():
            notification.state = State.FAILED
            notification.next_attempt_at = None
        else:
            wait = BACKOFF_MINUTES[min(notification.attempts, len(BACKOFF_MINUTES)) - 1]
            notification.state = State.PENDING
            notification.next_attempt_at = now + dt.timedelta(minutes=wait)
        logger.warning(
            "通知 %s 第%s次发送失败：%s",
            notification.pk,
            notification.attempts,
            notification.last_error,
        )
    else:
        notification.state = State.SENT
        notification.sent_at = now
        notification.next_attempt_at = None
        notification.last_error = ""
    notification.save(
        update_fields=["state", "next_attempt_at", "last_error", "sent_at"]
    )
    return notification


def notifications_due(*, now: dt.datetime) -> QuerySet[Notification]:
    """Pending rows whose time has come, and claims that expired."""
    return Notification.objects.filter(
        Q(state=State.PENDING, next_attempt_at__isnull=True)
        | Q(state__in=[State.PENDING, State.SENDING], next_attempt_at__lte=now)
    ).exclude(channel=Channel.INBOX)


def notifications_retry_due(*, now: dt.datetime | None = None) -> list[int]:
    """Enqueue every due row again (an expired claim is released first)."""
    now = now or timezone.now()
    ids = list(notifications_due(now=now).values_list("pk", flat=True))
    Notification.objects.filter(
        pk__in=ids, state=State.SENDING, next_attempt_at__lte=now
    ).update(state=State.PENDING)
    for pk in ids:
        enqueue_delivery(pk)
    return ids


def notification_retry_now(*, notification: Notification) -> Notification:
    """Staff ask for another try of a failed or waiting message (more attempts allowed)."""
    updated = (
        Notification.objects.filter(
            pk=notification.pk, state__in=[State.FAILED, State.PENDING]
        )
        .exclude(channel=Channel.INBOX)
        .update(state=State.PENDING, next_attempt_at=None, attempts=0)
    )
    if updated:
        pk = notification.pk
        transaction.on_commit(lambda: enqueue_delivery(pk))
    notification.refresh_from_db()
    return notification


# -- inbox ------------------------------------------------------------------------


def inbox_mark_read(
    *,
    user: Any,
    notification_ids: Iterable[int] | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Mark the user's inbox entries read (all unread ones if no ids are given)."""
    now = now or timezone.now()
    rows = Notification.objects.filter(
        recipient=user, channel=Channel.INBOX, read_at__isnull=True
    )
    if notification_ids is not None:
        rows = rows.filter(pk__in=list(notification_ids))
    return rows.update(read_at=now)
