"""Login lock-out and staff management."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongkai.accounts.models import LoginThrottle, Membership, Role
from gongkai.accounts.users import AnyUser
from gongkai.agencies.models import Agency

#: After this many failures in a row, the username is locked …
MAX_FAILURES = 5
#: … for this long. A success resets the count.
LOCK_DURATION = dt.timedelta(minutes=15)


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def login_locked_until(
    *, username: str, now: dt.datetime | None = None
) -> dt.datetime | None:
    """When the lock on ``username`` ends, or None if it may try to log in."""
    now = now or timezone.now()
    row = LoginThrottle.objects.filter(username=_key(username)).first()
    if row and row.locked_until and row.locked_until > now:
        return row.locked_until
    return None


@transaction.atomic
def login_record_failure(
    *, username: str, now: dt.datetime | None = None
) -> LoginThrottle:
    """Count a failed login; the MAX_FAILURES-th failure in a row locks the username."""
    now = now or timezone.now()
    row, _ = LoginThrottle.objects.select_for_update().get_or_create(
        username=_key(username)
    )
    if row.locked_until and row.locked_until <= now:
        row.failures = 0
        row.locked_until = None
    LoginThrottle.objects.filter(pk=row.pk).update(
        failures=F("failures") + 1, last_failure_at=now
    )
    row.refresh_from_db()
    if row.failures >= MAX_FAILURES:
        row.locked_until = now + LOCK_DURATION
        row.save(update_fields=["locked_until"])
    return row


def login_record_success(*, username: str) -> None:
    LoginThrottle.objects.filter(username=_key(username)).delete()


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
    """Create a staff account with roles in ``agency`` (the password must be strong)."""
    User = get_user_model()
    user = User(username=username, first_name=full_name)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    for role in roles:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


@transaction.atomic
def membership_grant(*, user: User, agency: Agency, role: Role) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        user=user, agency=agency, role=role
    )
    return membership


@transaction.atomic
def membership_revoke(*, user: User, agency: Agency, role: Role) -> None:
    Membership.objects.filter(user=user, agency=agency, role=role).delete()
