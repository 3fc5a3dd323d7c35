"""Build a generator's plain data from a case (the only place that reads Case).

The generators never see model instances; this module turns a ``cases.Case``
(and its agency, consultations and clocks) into the dict they render, then
merges the caller's ``extra`` on top (section by section).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.letters import outcomes
from gongkai.letters.kinds import LetterKind, is_reply


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
    }


def ground_from_legal_basis(outcome: str, legal_basis: str) -> str | None:
    """The ground key a case's recorded legal basis points to, if any.

    Used only for records without ``Case.legal_ground`` (the ground the handler
    chose, which the letter cites as it stands).
    ``Case.legal_basis`` may hold a ground key of :mod:`outcomes` (preferred) or
    free text such as ``第三十六条第五项``; text is matched against the outcome's
    own grounds only, so the letter can never cite another outcome's article.
    """
    if not outcome or not legal_basis:
        return None
    rule = outcomes.outcome_rule(outcome)
    for ground in rule.grounds:
        if legal_basis == ground.key:
            return ground.key
    for ground in rule.grounds:
        if ground.provisions and all(
            p.article in legal_basis for p in ground.provisions[:1]
        ):
            return ground.key
    return None


def _deadline_for(case: Any, kind: str, extra: dict[str, Any]) -> Any:
    """The clock a letter states, from the cases app's clock computation."""
    try:
        from gongkai.cases.clocks import case_clocks, reply_clock_at_receipt
    except ImportError:  # pragma: no cover - cases app not installed
        return None
    if kind == LetterKind.RECEIPT:
        # The receipt states the clock as computed on the day of receipt.
        return reply_clock_at_receipt(case)
    clocks = case_clocks(case)
    if kind == LetterKind.EXTENSION:
        return clocks.art35 or clocks.reply
    if kind == LetterKind.CORRECTION:
        return clocks.correction_period
    if kind == LetterKind.FEE_NOTICE:
        return clocks.fee_payment
    if kind in (LetterKind.CONSULT_THIRD_PARTY, LetterKind.CONSULT_AGENCY):
        wanted = extra.get("consultation_id")
        for pk, deadline in clocks.consultations:
            if wanted is None or pk == wanted:
                return deadline
    return None


def _consultation(case: Any, extra: dict[str, Any]) -> dict[str, Any]:
    pk = extra.get("consultation_id")
    if pk is None:
        return {}
    c = case.consultations.get(pk=pk)
    return {"addressee": c.party, "kind": c.kind, "letter_on": c.letter_on}


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def letter_data(
    case: Any,
    kind: str,
    *,
    number: str,
    issued_on: dt.date,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    extra = dict(extra or {})
    forms = [case.get_info_form_display(), case.get_delivery_way_display()]
    data: dict[str, Any] = {
        "letter": {"number": number, "date": issued_on},
        "agency": agency_data(case.agency),
        "applicant": {"name": case.applicant_name},
        "application": {
            "query_code": case.query_code,
            "received_on": case.received_on,
            "content": case.description,
            "form_wanted": "，".join(f for f in forms if f),
        },
    }
    if kind == LetterKind.CORRECTION:
        data["correction"] = {
            "items": case.correction_items,
            "due": case.correction_due_on,
        }
    elif kind == LetterKind.EXTENSION:
        data["extension"] = {
            "reason": case.extension_reason,
            "workdays": case.extension_workdays,
        }
    elif kind == LetterKind.FEE_NOTICE:
        data["fee"] = {
            "amount": case.fee_amount,
            "method": case.fee_method,
            "breakdown": _fee_breakdown(case),
        }
    elif kind in (LetterKind.CONSULT_THIRD_PARTY, LetterKind.CONSULT_AGENCY):
        data["consultation"] = _consultation(case, extra)
    elif is_reply(kind):
        data["reply"] = {
            "outcome": case.outcome,
            "ground": getattr(case, "legal_ground", "")
            or ground_from_legal_basis(case.outcome, case.legal_basis),
            "reasons": case.reasons,
        }
    if "deadline" not in extra:
        data["deadline"] = _deadline_for(case, kind, extra)
    extra.pop("consultation_id", None)
    return _merge(data, extra)


def _fee_breakdown(case: Any) -> str:
    if case.fee_method == "per_page" and case.fee_pages:
        try:
            from gongkai.cases.fees import per_page_fee
        except ImportError:  # pragma: no cover
            return ""
        return per_page_fee(pages=case.fee_pages).explanation_zh
    return ""


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
        return {"due": value.due.isoformat(), "text_zh": value.text_zh}
    return str(value)
