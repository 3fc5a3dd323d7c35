"""Plain data shared by every letter: the agency block, and the stored form."""

from __future__ import annotations

import datetime as dt
from typing import Any


def agency_data(agency: Any) -> dict[str, Any]:
    return {
        "name": agency.name,
        "short_name": getattr(agency, "short_name", ""),
        "office_name": getattr(agency, "office_name", ""),
        "address": getattr(agency, "address", ""),
        "postcode": getattr(agency, "postcode", ""),
        "phone": getattr(agency, "phone", ""),
        "email": getattr(agency, "email", ""),
        "reconsideration_body": getattr(agency, "reconsideration_body", ""),
        "court": getattr(agency, "court", ""),
        "reconsideration_online": getattr(agency, "reconsideration_online", ""),
        "fee_payment_method": getattr(agency, "fee_payment_method", ""),
        "fee_payment_account": getattr(agency, "fee_payment_account", ""),
    }


def jsonable(value: Any) -> Any:
    """The data as stored with the letter (dates as ISO text, clocks as text)."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "due") and hasattr(value, "text_zh"):
        # A clock: everything a letter prints of it, so that the worker renders
        # the PDF from the stored data exactly as the Word file was rendered.
        clock: dict[str, Any] = {
            "due": value.due.isoformat(),
            "text_zh": value.text_zh,
            "provisional": bool(getattr(value, "provisional", False)),
        }
        if getattr(value, "extension_workdays", 0):
            clock["extension_workdays"] = value.extension_workdays
        if getattr(value, "due_before_extension", None):
            clock["due_before_extension"] = value.due_before_extension.isoformat()
        return clock
    return str(value)
