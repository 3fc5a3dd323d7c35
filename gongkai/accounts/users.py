"""The two kinds of ``request.user`` and typed ways to narrow between them.

``AUTH_USER_MODEL`` is Django's own ``auth.User``; a visitor is an ``AnonymousUser``.
Services accept either (they check permissions themselves) and narrow with these
helpers before writing a user onto a row.
"""

from __future__ import annotations

from typing import TypeGuard

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

type AnyUser = User | AnonymousUser


def is_active_user(user: AnyUser | None) -> TypeGuard[User]:
    """Signed in and not deactivated (a visitor never is)."""
    return user is not None and bool(user.is_authenticated and user.is_active)


def recorded_user(user: AnyUser | None) -> User | None:
    """The user to store on a row: ``None`` for a visitor or the system."""
    return user if isinstance(user, User) else None


def staff_user(user: AnyUser) -> User:
    """The signed-in user, where only a signed-in user can have got this far.

    Login-required views and services that have already checked a permission call
    this; a visitor here means a missing check, so it is refused, not recorded.
    """
    if not isinstance(user, User):
        raise PermissionDenied("请先登录。")
    return user
