"""API tokens: create (the key shown once), revoke, authenticate each request.

Every step writes one ``ApiTokenEvent`` (the API security log), in the same
transaction as the change it records.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from gongkai.accounts import securitylog
from gongkai.accounts.models import Membership, Role, SecurityEvent
from gongkai.accounts.permissions import can_manage_staff
from gongkai.accounts.users import AnyUser, staff_user
from gongkai.agencies.models import Agency
from gongkai.api.errors import ApiTokenError
from gongkai.api.models import ApiToken, ApiTokenEvent, Scope

KEY_PREFIX = "gk"
#: The longest a token may live: a year, so that keys in other systems rotate.
MAX_DAYS = 366
#: Roles a token may act as: the agency's case workers (an administrator or a
#: supervisor has nothing to do through the API).
ACTING_ROLES = (Role.REGISTRAR, Role.HANDLER, Role.HEAD)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def acting_candidates(agency: Agency) -> list[User]:
    """The agency's staff a token may act as (one of the case-work roles)."""
    ids = Membership.objects.filter(agency=agency, role__in=ACTING_ROLES).values(
        "user_id"
    )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("username"))


@transaction.atomic
def api_token_create(
    *,
    agency: Agency,
    name: str,
    scope: Scope | str,
    acting_as: User,
    expires_on: dt.date,
    acting_user: AnyUser,
    now: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token of ``agency``; returns it with its key (never stored, shown once)."""
    now = now or timezone.now()
    if not can_manage_staff(acting_user, agency):
        raise ApiTokenError("只有本机关的机关管理员可以创建接口令牌。")
    name = name.strip()
    if not name:
        raise ApiTokenError("请填写令牌的用途。", field="name")
    today = timezone.localdate(now)
    if expires_on <= today:
        raise ApiTokenError("有效期必须晚于今天。", field="expires_on")
    if (expires_on - today).days > MAX_DAYS:
        raise ApiTokenError(
            f"有效期最长{MAX_DAYS}天，到期后请重新创建。", field="expires_on"
        )
    if acting_as not in acting_candidates(agency):
        raise ApiTokenError(
            "令牌只能以本机关登记员、承办人或负责人的身份使用。", field="acting_as"
        )
    prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        agency=agency,
        name=name,
        prefix=prefix,
        key_hash=_hash(key),
        scope=Scope(scope),
        acting_as=acting_as,
        created_by=staff_user(acting_user),
        created_at=now,
        expires_on=expires_on,
    )
    ApiTokenEvent.objects.create(
        token=token,
        kind=ApiTokenEvent.Kind.CREATED,
        at=now,
        actor=staff_user(acting_user),
        reason=f"{token.get_scope_display()}，有效期至{expires_on.isoformat()}",
    )
    securitylog.record(
        SecurityEvent.Kind.API_TOKEN,
        f"创建接口令牌“{name}”（{prefix}，{token.get_scope_display()}，"
        f"以 {acting_as.get_username()} 的身份，有效期至{expires_on.isoformat()}）",
        actor=acting_user,
        subject=acting_as,
        agency_id=agency.pk,
        detail={"token": prefix, "event": "created"},
        now=now,
    )
    return token, key


@transaction.atomic
def api_token_revoke(
    *, token: ApiToken, acting_user: AnyUser, now: dt.datetime | None = None
) -> ApiToken:
    """Revoke a token at once; every later use is refused and logged."""
    now = now or timezone.now()
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if not can_manage_staff(acting_user, token.agency):
        raise ApiTokenError("只有本机关的机关管理员可以吊销接口令牌。")
    if token.revoked_at is not None:
        raise ApiTokenError("该令牌已经吊销。")
    token.revoked_at = now
    token.revoked_by = staff_user(acting_user)
    token.save(update_fields=["revoked_at", "revoked_by"])
    ApiTokenEvent.objects.create(
        token=token, kind=ApiTokenEvent.Kind.REVOKED, at=now, actor=token.revoked_by
    )
    securitylog.record(
        SecurityEvent.Kind.API_TOKEN,
        f"吊销接口令牌“{token.name}”（{token.prefix}）",
        actor=acting_user,
        agency_id=token.agency_id,
        detail={"token": token.prefix, "event": "revoked"},
        now=now,
    )
    return token


def _find(key: str) -> ApiToken | None:
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    token = (
        ApiToken.objects.select_related("agency", "acting_as")
        .filter(prefix=parts[1])
        .first()
    )
    if token is None or not hmac.compare_digest(token.key_hash, _hash(key)):
        return None
    return token


def api_token_authenticate(
    *,
    key: str,
    method: str,
    path: str,
    client_ip: str | None,
    now: dt.datetime | None = None,
) -> ApiToken:
    """The live token behind ``key``, its use logged; else ``ApiTokenError``.

    A refused use of a known token (revoked, expired, its person no longer a
    case worker of the agency) is logged against it; an unknown key is logged
    without a token.
    """
    now = now or timezone.now()
    token = _find(key)
    reason = ""
    if token is None:
        reason = "令牌无效。"
    elif token.revoked_at is not None:
        reason = "令牌已被吊销。"
    elif timezone.localdate(now) > token.expires_on:
        reason = "令牌已过期。"
    elif token.acting_as not in acting_candidates(token.agency):
        reason = "令牌所代表的工作人员已不在本机关任职。"
    log = {
        "at": now,
        "method": method[:10],
        "path": path[:300],
        "client_ip": client_ip or None,
    }
    # The log line is committed before a refusal is raised (not rolled back).
    with transaction.atomic():
        securitylog.record(
            SecurityEvent.Kind.API_TOKEN,
            f"{'拒绝使用' if reason else '使用'}接口令牌"
            + (f"“{token.name}”（{token.prefix}）" if token else "")
            + (f"：{reason}" if reason else ""),
            actor=token.acting_as if token and not reason else None,
            agency_id=token.agency_id if token else None,
            detail={
                "token": token.prefix if token else None,
                "event": "refused" if reason else "used",
            },
            now=now,
        )
        if reason:
            ApiTokenEvent.objects.create(
                token=token, kind=ApiTokenEvent.Kind.REFUSED, reason=reason, **log
            )
        else:
            assert token is not None
            ApiTokenEvent.objects.create(
                token=token, kind=ApiTokenEvent.Kind.USED, **log
            )
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    if reason:
        raise ApiTokenError(reason)
    assert token is not None
    return token
