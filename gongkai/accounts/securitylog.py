"""The security log (等保2.0): who logged in, failed, was locked out, changed an
account or a role, saw personal data, acted in the admin, or was refused.

``record()`` is the only writer. Each entry goes to two places:

* the database (``SecurityEvent``, append-only), read by the staff log page
  (``/accounts/security-log/``) and kept at least
  ``gongkai.law.periods.SECURITY_LOG_RETENTION_DAYS`` days: ``purge()`` (the
  ``gongkai prune_security_log`` command) refuses anything younger;
* the ``gongkai.security`` logger, as one JSON object per line: settings send it
  to ``SECURITY_LOG_FILE`` (reopened after logrotate moves it) and, when
  ``SECURITY_SYSLOG`` is set, to syslog.

Account and role changes are recorded by signal receivers
(``gongkai.accounts.signals``), so every path that changes them — the services,
the 机关管理员 pages, the Django admin, a shell — is logged without calling this
module itself. The acting user and client address come from the request being
served (``SecurityLogMiddleware`` keeps it in a context variable); outside a
request (a command, the worker) the actor is the system.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from gongkai.accounts.models import SecurityEvent
from gongkai.errors import DomainError
from gongkai.law.periods import SECURITY_LOG_RETENTION_DAYS

logger = logging.getLogger("gongkai.security")

Kind = SecurityEvent.Kind

_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "gongkai_security_request", default=None
)


def current_request() -> HttpRequest | None:
    """The request this thread is serving, if any (set by the middleware)."""
    return _request.get()


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # TrustedProxyMiddleware has already put the forwarded client here.
    return request.META.get("REMOTE_ADDR") or None


def _user_of(request: HttpRequest | None) -> AbstractBaseUser | None:
    user = getattr(request, "user", None) if request is not None else None
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    return user


def record(
    kind: str,
    summary: str,
    *,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    subject: AbstractBaseUser | None = None,
    subject_username: str = "",
    agency_id: int | None = None,
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    now: dt.datetime | None = None,
) -> SecurityEvent:
    """Write one entry to the database and, as a JSON line, to the security logger.

    ``actor`` defaults to the signed-in user of the current request; the client
    address and path come from ``request`` (default: the current request).
    """
    request = request if request is not None else current_request()
    if actor is None or isinstance(actor, AnonymousUser):
        actor = _user_of(request)
    event = SecurityEvent.objects.create(
        at=now or timezone.now(),
        kind=kind,
        actor_id=actor.pk if actor is not None else None,
        actor_username=actor.get_username() if actor is not None else "",
        subject_id=subject.pk if subject is not None else None,
        subject_username=(
            subject.get_username() if subject is not None else subject_username
        )[:150],
        agency_id=agency_id,
        ip=_client_ip(request),
        method=(request.method or "")[:10] if request is not None else "",
        path=request.path[:300] if request is not None else "",
        summary=summary[:300],
        detail=detail or {},
    )
    line = {
        "at": event.at.isoformat(),
        "kind": event.kind,
        "actor": event.actor_username or None,
        "actor_id": event.actor_id,
        "subject": event.subject_username or None,
        "subject_id": event.subject_id,
        "agency_id": event.agency_id,
        "ip": event.ip,
        "method": event.method or None,
        "path": event.path or None,
        "summary": event.summary,
        "detail": event.detail,
        "id": event.pk,
    }
    logger.info(json.dumps(line, ensure_ascii=False, sort_keys=True, default=str))
    return event


class RetentionError(DomainError):
    """A purge that would delete entries younger than the retention period."""


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Entries at or after this instant must be kept."""
    return (now or timezone.now()) - dt.timedelta(days=SECURITY_LOG_RETENTION_DAYS)


@transaction.atomic
def purge(*, before: dt.datetime, now: dt.datetime | None = None) -> int:
    """Delete the entries older than ``before``; refuse a ``before`` inside retention.

    The append-only guard is bypassed here and only here (a raw DELETE, which
    the PostgreSQL trigger of migration 0002 still checks row by row).
    """
    cutoff = retention_cutoff(now)
    if before > cutoff:
        raise RetentionError(
            f"安全日志至少保存{SECURITY_LOG_RETENTION_DAYS}日，"
            f"只能删除 {timezone.localtime(cutoff):%Y-%m-%d %H:%M} 以前的记录。"
        )
    from django.db import models

    # The plain QuerySet (not the append-only one) issues the DELETE.
    rows: models.QuerySet[SecurityEvent] = models.QuerySet(SecurityEvent).filter(
        at__lt=before
    )
    count = rows._raw_delete(rows.db)
    return int(count)


class SecurityLogMiddleware:
    """Keep the request for ``record()``; log every 403 and 429 answered.

    A 403 is a permission denial (a view's PermissionDenied, the "no role" page,
    a CSRF failure); a 429 a rate limit. Both are security events.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            response = self.get_response(request)
            if response.status_code in (403, 429):
                _record_refusal(request, response.status_code)
            return response
        finally:
            _request.reset(token)


def _record_refusal(request: HttpRequest, status: int) -> None:
    if status == 403:
        kind, summary = Kind.PERMISSION_DENIED, f"拒绝访问 {request.path}"
    else:
        kind, summary = Kind.RATE_LIMITED, f"频率限制 {request.path}"
    try:
        record(kind, summary, request=request, detail={"status": status})
    except Exception:  # a lost database must not turn a 403 into a 500
        logger.exception("安全日志写入失败")
