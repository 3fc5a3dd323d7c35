"""Whether the signed-in user administers an agency: the staff menu's 文书模板 entry."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def letter_templates_menu(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def is_admin() -> bool:
        from gongkai.accounts.models import Membership, Role

        return Membership.objects.filter(user=user, role=Role.ADMIN).exists()

    return {"is_letter_admin": is_admin}
