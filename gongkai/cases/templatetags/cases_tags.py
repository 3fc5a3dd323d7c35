from __future__ import annotations

import datetime as dt

from django import template

from gongkai.cases import privacy
from gongkai.workdays.calendar import format_date_zh

register = template.Library()


@register.filter
def mask_id(value: str) -> str:
    return privacy.mask_id_number(value or "")


@register.filter
def mask_phone(value: str) -> str:
    return privacy.mask_phone(value or "")


@register.filter
def date_zh(value: dt.date | None) -> str:
    return format_date_zh(value) if value else ""


@register.filter
def person(user: object, empty: str = "—") -> str:
    """A staff member's name (full name, else username); ``empty`` if none."""
    if user is None:
        return empty
    full = getattr(user, "get_full_name", lambda: "")()
    return full or getattr(user, "username", "") or empty
