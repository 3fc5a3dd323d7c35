from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django import template
from django.utils import timezone

from gongkai.accounts.permissions import casework_agency_ids
from gongkai.cases import privacy
from gongkai.cases.models import Case, Status
from gongkai.workdays.calendar import format_date_zh

register = template.Library()


@register.filter
def mask_id(value: str) -> str:
    return privacy.mask_id_number(value or "")


@register.filter
def mask_phone(value: str) -> str:
    return privacy.mask_phone(value or "")


def _casework(context: template.Context) -> frozenset[int]:
    """The viewer's case-work agencies, looked up once per request."""
    user = context.get("user")
    agencies = getattr(user, "_gongkai_casework_agencies", None)
    if agencies is None:
        agencies = casework_agency_ids(user) if user is not None else frozenset()
        if user is not None:
            user._gongkai_casework_agencies = agencies
    return agencies


@register.simple_tag(takes_context=True)
def applicant_name(context: template.Context, case: Case) -> str:
    """The applicant's name, masked unless the viewer is one of the agency's case workers.

    A company's or an organisation's name is not personal data: shown as is.
    """
    return privacy.applicant_name_for(case, _casework(context))


@register.simple_tag(takes_context=True)
def person_name(context: template.Context, name: str, agency_id: int) -> str:
    """A natural person's name in a record of ``agency_id`` (法定代表人, third party,
    复议申请人): in full for the agency's case workers, masked for everyone else."""
    if not name:
        return ""
    return privacy.name_for(name, agency_id, _casework(context))


@register.simple_tag(takes_context=True)
def case_text(
    context: template.Context, case: Case, text: str, others: Iterable[str] = ()
) -> str:
    """A case's free text (description, reasons…): as written for the agency's
    case workers; for everyone else with the case's personal names (and
    ``others``, third parties consulted) and any identity or mobile number masked."""
    return privacy.text_for(case, text or "", _casework(context), others)


@register.simple_tag(takes_context=True)
def email_for(context: template.Context, address: str, agency_id: int) -> str:
    """An applicant's e-mail address: in full for the agency's case workers only."""
    if not address or agency_id in _casework(context):
        return address or ""
    return privacy.mask_email(address)


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
