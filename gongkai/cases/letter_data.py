"""Build a letter's plain data from a case (the only place letters read a Case).

The letters app renders and stores a letter from plain data and never imports
the cases app; this module turns a ``cases.Case`` (and its agency,
consultations and clocks) into the dict the generators render, then merges the
caller's ``extra`` on top (section by section).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.cases.clocks import case_clocks, reply_clock_at_receipt
from gongkai.cases.selectors import fee_count_earlier_in_month
from gongkai.law import outcomes
from gongkai.law.fees import per_item_fee, per_page_fee
from gongkai.letters.data import agency_data
from gongkai.letters.kinds import LetterKind, is_reply


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
            p.article_zh in legal_basis for p in ground.provisions[:1]
        ):
            return ground.key
    return None


def _deadline_for(case: Any, kind: str, extra: dict[str, Any]) -> Any:
    """The clock a letter states, from the cases app's clock computation."""
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
    return {
        "addressee": c.party,
        "kind": c.kind,
        "letter_on": c.letter_on,
        "reply_on": c.reply_on,
    }


def _event_reason(case: Any, kind: str) -> str:
    """The reason recorded with the case's latest event of ``kind``."""
    event = case.events.filter(kind=kind).order_by("-at", "-pk").first()
    return event.reason if event is not None else ""


def clause_text(text: str) -> str:
    return str(text or "").strip().rstrip("。；，、 ")


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
    issued_on: dt.date,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The data of a ``kind`` letter for ``case``; the 文号 is left blank.

    ``letters.services.letter_generate`` fills the 文号 when it takes one.
    """
    extra = dict(extra or {})
    forms = [case.get_info_form_display(), case.get_delivery_way_display()]
    data: dict[str, Any] = {
        "letter": {"number": "", "date": issued_on},
        "agency": agency_data(case.agency),
        "applicant": {"name": case.applicant_name},
        "application": {
            "query_code": case.query_code,
            "received_on": case.received_on,
            "content": case.description,
            "form_wanted": "，".join(f for f in forms if f),
            # Served over the internet: the reply names the online route for
            # reconsideration (gongkai.law.rights).
            "online": case.delivery_way in ONLINE_DELIVERY,
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
            "payment": fee_payment_text(case.agency),
        }
    elif kind in (LetterKind.CONSULT_THIRD_PARTY, LetterKind.CONSULT_AGENCY):
        data["consultation"] = _consultation(case, extra)
    elif kind == LetterKind.THIRD_PARTY_DECISION:
        data["consultation"] = _consultation(case, extra)
        content = case.description
        if case.withheld_part:
            content = (
                f"{clause_text(content)}（不予公开的内容除外：{case.withheld_part}）"
            )
        data["decision"] = {"content": content, "reasons": case.disclosure_reason}
    elif kind in (LetterKind.ART35_REASONS, LetterKind.ART35_DELAY):
        data["art35"] = {
            "requested_on": case.art35_reasons_requested_on,
            "grounds": _event_reason(case, "art35_reasons_requested"),
            "due_on": case.art35_due_on,
            "reason": _event_reason(case, "art35_delay_set"),
        }
    elif is_reply(kind):
        data["reply"] = {
            "outcome": case.outcome,
            "ground": getattr(case, "legal_ground", "")
            or ground_from_legal_basis(case.outcome, case.legal_basis),
            "reasons": case.reasons,
            "access": case.access_info,
            "withheld_part": case.withheld_part,
            "withheld_ground": getattr(case, "withheld_ground", ""),
            "referral": case.referral,
            "other_agency": getattr(case, "other_agency", ""),
            "other_agency_contact": getattr(case, "other_agency_contact", ""),
            "other_agency_unknown": getattr(case, "other_agency_unknown", ""),
            "basis_text": case.legal_basis,
            "decision_text": case.decision_text,
            "art35_requested_on": case.art35_reasons_requested_on,
        }
    if "deadline" not in extra:
        data["deadline"] = _deadline_for(case, kind, extra)
    extra.pop("consultation_id", None)
    return _merge(data, extra)


#: Delivery ways that serve a letter over the internet (行政复议法 22②).
ONLINE_DELIVERY = frozenset({"online", "email"})


def fee_payment_text(agency: Any) -> str:
    """缴纳方式 from the agency's settings: method, then the account."""
    method = (getattr(agency, "fee_payment_method", "") or "").strip().rstrip("。")
    account = (getattr(agency, "fee_payment_account", "") or "").strip().rstrip("。")
    if not method:
        return ""
    return f"{method}（{account}）。" if account else f"{method}。"


def _fee_breakdown(case: Any) -> str:
    """The per-item (按件) or per-page (按量) computation, tier by tier."""
    if case.fee_method == "per_page" and case.fee_pages:
        quote = per_page_fee(pages=case.fee_pages)
    elif case.fee_method == "per_item" and case.fee_items:
        quote = per_item_fee(
            earlier_in_month=fee_count_earlier_in_month(case), items=case.fee_items
        )
    else:
        return ""
    return f"{quote.explanation_zh}明细：{quote.breakdown_zh}。"
