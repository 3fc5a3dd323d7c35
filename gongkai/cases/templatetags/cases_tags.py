from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from gongkai.cases import privacy
from gongkai.cases.models import Status
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


@register.filter
def status_label(value: str | None) -> str:
    """A status code as its Chinese label (``submitted`` → 待确认); ``—`` if none."""
    if not value:
        return "—"
    try:
        return str(Status(value).label)
    except ValueError:
        return value


@register.filter
def datetime_zh(value: dt.datetime | None) -> str:
    """A moment as 2026年3月2日 10:00, Beijing time."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{format_date_zh(local.date(), weekday=False)} {local:%H:%M}"
