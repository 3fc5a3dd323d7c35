"""Login lock-out and staff management."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from gongkai.accounts import securitylog
from gongkai.accounts.errors import AccountError
from gongkai.accounts.models import (
    Membership,
    Role,
    SecurityEvent,
    StaffProfile,
)
from gongkai.accounts.permissions import (
    can_manage_account,
    can_manage_staff,
    roles_out_of_reach,
)
from gongkai.accounts.users import AnyUser
from gongkai.agencies.models import Agency
from gongkai.ops import ratelimit

#: After this many failures in a row for one account from one address, that
#: account is locked for that address …
MAX_FAILURES = 5
#: … for this long. A success resets the count.
LOCK_DURATION = dt.timedelta(minutes=15)
_WINDOW = int(LOCK_DURATION.total_seconds())

#: Keyed by account + address: someone else's wrong passwords cannot lock a
#: member of staff out from their own address.
LOGIN_ACCOUNT_ADDRESS = ratelimit.Rule(
    "login-account-ip", MAX_FAILURES, _WINDOW, _WINDOW
)
#: Password spraying: many accounts tried from one address.
LOGIN_ADDRESS = ratelimit.Rule("login-ip", 20, _WINDOW, 2 * _WINDOW)
#: A distributed guess at one account from many addresses.
LOGIN_ACCOUNT = ratelimit.Rule("login-account", 50, 4 * _WINDOW, _WINDOW)

LOCKED_ZH = {
    LOGIN_ACCOUNT_ADDRESS.name: "账号连续{failures}次登录失败",
    LOGIN_ADDRESS.name: "来源地址 {ip} 登录失败次数过多",
    LOGIN_ACCOUNT.name: "账号在多个地址登录失败次数过多",
}


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def login_begin(*, username: str, ip: str) -> ratelimit.Attempt:
    """Count a login attempt; ``.refused`` (with ``.refused_for``) while locked.

    Then ``login_failed(attempt, …)`` or ``login_succeeded(attempt)``.
    """
    account = _key(username)
    return ratelimit.begin(
        [
            (LOGIN_ACCOUNT_ADDRESS, f"{account}|{ip}"),
            (LOGIN_ADDRESS, ip),
            (LOGIN_ACCOUNT, account),
        ]
    )


def login_failed(attempt: ratelimit.Attempt, *, username: str, ip: str) -> None:
    """A wrong password (or unknown account): counted; a lock begun is logged."""
    for rule in attempt.failed():
        why = LOCKED_ZH[rule.name].format(failures=rule.limit, ip=ip)
        until = timezone.localtime() + dt.timedelta(seconds=rule.lockout)
        securitylog.record(
            securitylog.Kind.LOCKED_OUT,
            f"{_key(username)}：{why}，锁定至 {until:%H:%M}",
            subject_username=_key(username),
            detail={"rule": rule.name, "seconds": rule.lockout},
        )


def login_succeeded(attempt: ratelimit.Attempt) -> None:
    """The right password: the account's failures from this address start again."""
    attempt.succeeded(reset=[LOGIN_ACCOUNT_ADDRESS])


def _check_manages(acting_user: AnyUser | None, agency: Agency) -> None:
    if acting_user is not None and not can_manage_staff(acting_user, agency):
        raise AccountError("只有本机关或上级机关的机关管理员可以管理该机关的账号。")


def _check_account(acting_user: AnyUser, account: User) -> None:
    """``acting_user`` manages ``account`` entirely: no role of it out of their reach."""
    if not can_manage_account(acting_user, account):
        raise AccountError("该账号不归您管理。")
    outside = roles_out_of_reach(acting_user, account).select_related("agency")
    if outside.exists():
        names = "、".join(sorted({m.agency.name for m in outside}))
        raise AccountError(
            f"该账号在{names}也有角色，须由管理这些机关的机关管理员办理。"
        )


def _not_self(acting_user: AnyUser | None, account: User, what: str) -> None:
    if isinstance(acting_user, User) and acting_user.pk == account.pk:
        raise AccountError(f"不能{what}自己的账号，请由另一位机关管理员办理。")


def _profile(account: User) -> StaffProfile:
    profile, _ = StaffProfile.objects.get_or_create(user=account)
    return profile


@transaction.atomic
def staff_create(
    *,
    username: str,
    password: str,
    full_name: str,
    agency: Agency,
    roles: list[Role],
    acting_user: AnyUser | None = None,
) -> User:
    """Create a staff account in ``agency`` with ``roles`` (the password must be strong).

    Made by an administrator (``acting_user``), the account must change the
    password at its first login: only its holder should know it afterwards.
    """
    _check_manages(acting_user, agency)
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError("该用户名已被使用。", field="username")
    user = User(username=username, first_name=full_name)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    StaffProfile.objects.create(
        user=user, agency=agency, must_change_password=acting_user is not None
    )
    for role in roles:
        role_grant(account=user, agency=agency, role=role, acting_user=acting_user)
    return user


@transaction.atomic
def role_grant(
    *, account: User, agency: Agency, role: Role, acting_user: AnyUser | None
) -> Membership:
    """Give ``account`` the ``role`` in ``agency`` (refused if it already holds it).

    日历管理员 exists only in a top-level agency: the national calendar is the
    top level's to keep (gongkai.calendars.permissions).
    """
    _check_manages(acting_user, agency)
    if role == Role.CALENDAR and agency.parent_id is not None:
        raise AccountError(
            "“日历管理员”只能在最高一级机关授予，由该机关的机关管理员办理。",
            field="role",
        )
    if Membership.objects.filter(user=account, agency=agency, role=role).exists():
        raise AccountError(
            f"该账号在{agency.name}已有“{role.label}”角色。", field="role"
        )
    membership = Membership(user=account, agency=agency, role=role)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def role_revoke(
    *, account: User, membership: Membership, acting_user: AnyUser | None
) -> None:
    """Take one role away from ``account``.

    A 机关管理员 cannot take away their own 机关管理员 role (an agency could
    lose its last administrator by a slip); another administrator can.
    """
    if membership.user_id != account.pk:
        raise AccountError("该角色不属于这个账号。")
    _check_manages(acting_user, membership.agency)
    if membership.role == Role.ADMIN:
        _not_self(acting_user, account, "撤销机关管理员角色于")
    membership.delete()


@transaction.atomic
def staff_deactivate(*, account: User, acting_user: AnyUser) -> User:
    """Stop ``account`` from signing in (its sessions end; roles and history stay)."""
    _check_account(acting_user, account)
    _not_self(acting_user, account, "停用")
    if not account.is_active:
        raise AccountError("该账号已经停用。")
    account.is_active = False
    account.save(update_fields=["is_active"])
    return account


@transaction.atomic
def staff_reactivate(*, account: User, acting_user: AnyUser) -> User:
    """Let a deactivated ``account`` sign in again."""
    _check_account(acting_user, account)
    if account.is_active:
        raise AccountError("该账号未停用。")
    account.is_active = True
    account.save(update_fields=["is_active"])
    return account


@transaction.atomic
def staff_reset_password(*, account: User, password: str, acting_user: AnyUser) -> User:
    """Set a temporary password that ``account`` must change at its next login.

    Changing the password ends the account's open sessions (Django checks the
    password hash in each session).
    """
    _check_account(acting_user, account)
    _not_self(acting_user, account, "重置")
    validate_password(password, account)
    account.set_password(password)
    account.save(update_fields=["password"])
    profile = _profile(account)
    profile.must_change_password = True
    profile.save(update_fields=["must_change_password"])
    return account


def password_changed(*, user: User) -> None:
    """The holder chose a new password: the forced change is done."""
    StaffProfile.objects.filter(user=user, must_change_password=True).update(
        must_change_password=False
    )


def must_change_password(user: AnyUser) -> bool:
    return bool(
        user.is_authenticated
        and StaffProfile.objects.filter(user=user, must_change_password=True).exists()
    )


@transaction.atomic
def agency_set_separation_of_duties(
    *,
    agency: Agency,
    enabled: bool,
    reason: str,
    acting_user: AnyUser | None,
    now: dt.datetime | None = None,
) -> Agency:
    """Turn 分权审批 on or off for ``agency`` (its 机关管理员, or one above).

    Turning it off needs a reason (typically a one-person office, where nobody
    else could approve); either change is written to the security log with the
    agency, the administrator (none when the system sets it up, e.g. the demo)
    and the reason.
    """
    _check_manages(acting_user, agency)
    reason = reason.strip()
    if not enabled and not reason:
        raise AccountError(
            "关闭分权审批须说明理由（例如本机关只有一名工作人员）。", field="reason"
        )
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    if agency.separation_of_duties == enabled:
        state = "已开启" if enabled else "已关闭"
        raise AccountError(f"{agency.name}的分权审批{state}，无需修改。")
    agency.separation_of_duties = enabled
    agency.save(update_fields=["separation_of_duties"])
    action = "开启" if enabled else "关闭"
    securitylog.record(
        SecurityEvent.Kind.ADMIN_ACTION,
        f"{action}分权审批：{agency.name}" + (f"（{reason}）" if reason else ""),
        actor=acting_user if isinstance(acting_user, User) else None,
        agency_id=agency.pk,
        detail={
            "setting": "separation_of_duties",
            "before": not enabled,
            "after": enabled,
            "reason": reason,
        },
        now=now,
    )
    return agency
