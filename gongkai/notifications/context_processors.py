"""The unread count of the signed-in user's inbox, for the staff header."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def inbox(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread() -> int:
        from gongkai.notifications.permissions import inbox_of

        return inbox_of(user).filter(read_at__isnull=True).count()

    return {"inbox_unread": unread}
