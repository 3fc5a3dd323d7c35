"""Bring an application into any state, and valid inputs for every action."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from gongkai.cases import services
from gongkai.cases.models import Case, Status
from gongkai.cases.tests.conftest import assigned, details, registered
from gongkai.testing import TODAY, Cast, at

LATER = dt.date(2026, 5, 6)  # after every 补正 and payment period started on TODAY
GRANT_GROUND = "art36_2"  # 条例第三十六条第二项: 可以公开，予以提供


def _head(cast: Cast) -> dict[str, Any]:
    return {"acting_user": cast.head, "now": at(TODAY)}


def make_case(cast: Cast, status: Status) -> Case:
    """A fresh application of our agency in ``status``, assigned to ``cast.handler``."""
    if status == Status.SUBMITTED:
        return services.case_submit_online(
            agency=cast.office, details=details(), token=uuid.uuid4(), now=at(TODAY)
        )
    if status == Status.DISCARDED:
        case = make_case(cast, Status.SUBMITTED)
        return services.case_discard(case=case, reason="测试数据", **_head(cast))
    if status == Status.REGISTERED:
        return registered(cast)
    case = assigned(cast)
    if status == Status.IN_PROGRESS:
        return case
    if status == Status.AWAITING_CORRECTION or status == Status.CLOSED:
        case = services.case_request_correction(
            case=case,
            items="请写明文件名称",
            notice_on=TODAY,
            period_workdays=5,
            **_head(cast),
        )
        if status == Status.CLOSED:
            case = services.case_lapse_correction(
                case=case, acting_user=cast.head, now=at(LATER)
            )
        return case
    if status == Status.CONSULTING:
        services.case_start_consultation(
            case=case,
            kind="third_party",
            party="某公司",
            letter_on=TODAY,
            **_head(cast),
        )
        return Case.objects.get(pk=case.pk)
    if status == Status.AWAITING_FEE:
        return services.case_send_fee_notice(
            case=case, method="per_page", pages=100, sent_on=TODAY, **_head(cast)
        )
    if status == Status.AWAITING_REASONS:
        return services.case_request_reasons(
            case=case, reason="一个月内申请120件", **_head(cast)
        )
    case = services.case_decide(
        case=case,
        outcome="granted",
        ground=GRANT_GROUND,
        reasons="",
        access_info="电子邮件发送",
        acting_user=cast.handler,  # 分权审批: the head approves, not drafts
        now=at(TODAY),
    )
    if status == Status.DECIDED:
        return case
    case = services.case_approve_decision(case=case, **_head(cast))
    if status == Status.REPLIED:
        return case
    case = services.case_record_delivery(
        case=case, method="email", delivered_on=TODAY, **_head(cast)
    )
    if status == Status.DELIVERED:
        return case
    return services.case_archive(case=case, **_head(cast))


#: action slug → (inputs that succeed from an allowed state, the day to act on).
ACTION_INPUTS: dict[str, tuple[dict[str, Any], dt.date]] = {
    "confirm": ({"confirmed_on": TODAY, "confirmation_method": "电话确认"}, TODAY),
    "discard": ({"reason": "重复录入"}, TODAY),
    "assign": ({"assignee": None}, TODAY),  # filled with cast.handler
    "request-correction": (
        {"items": "请写明文件名称", "notice_on": TODAY, "period_workdays": 5},
        TODAY,
    ),
    "receive-correction": ({"received_on": TODAY}, TODAY),
    "lapse-correction": ({"reason": ""}, LATER),
    "consult": (
        {
            "kind": "co_producer",
            "party": "市财政局",
            "letter_on": TODAY,
            "delivered_on": None,
        },
        TODAY,
    ),
    "consultation-reply": (
        {"opinion": "agree", "reply_on": TODAY, "opinion_text": "同意公开"},
        TODAY,
    ),
    "request-extension": ({"workdays": 15, "reason": "需要检索多个年度档案"}, TODAY),
    "request-reasons": ({"reason": "一个月内申请120件"}, TODAY),
    "art35-delay": (
        {
            "due_on": dt.date(2026, 6, 30),
            "notice_on": TODAY,
            "reason": "数量大但理由合理",
        },
        TODAY,
    ),
    "fee-notice": (
        {
            "method": "per_page",
            "pages": 250,
            "items": 1,
            "sent_on": TODAY,
            "received_on": None,
        },
        TODAY,
    ),
    "fee-paid": ({"paid_on": TODAY}, TODAY),
    "fee-unpaid": ({}, LATER),
    "decide": (
        {
            "outcome": "not_processed_massive",
            "ground": "art35",
            "reasons": "申请数量明显超过合理范围且理由不合理",
        },
        TODAY,
    ),
    "approve-decision": ({"comment": ""}, TODAY),
    "return-decision": ({"reason": "理由不充分"}, TODAY),
    "deliver": ({"method": "email", "delivered_on": TODAY, "proof": ""}, TODAY),
    "archive": ({}, TODAY),
}

#: The specification: from which states each action is allowed.
ALLOWED_FROM: dict[str, set[Status]] = {
    "confirm": {Status.SUBMITTED},
    "discard": {Status.SUBMITTED},
    "assign": {Status.REGISTERED, Status.IN_PROGRESS},
    "request-correction": {Status.REGISTERED, Status.IN_PROGRESS},
    "receive-correction": {Status.AWAITING_CORRECTION},
    "lapse-correction": {Status.AWAITING_CORRECTION},
    "consult": {Status.IN_PROGRESS},
    "consultation-reply": {Status.CONSULTING},
    "request-extension": {Status.IN_PROGRESS, Status.CONSULTING, Status.AWAITING_FEE},
    "request-reasons": {Status.IN_PROGRESS},
    "art35-delay": {Status.AWAITING_REASONS},
    "fee-notice": {Status.IN_PROGRESS},
    "fee-paid": {Status.AWAITING_FEE},
    "fee-unpaid": {Status.AWAITING_FEE},
    "decide": {Status.IN_PROGRESS, Status.AWAITING_REASONS},
    "approve-decision": {Status.DECIDED},
    "return-decision": {Status.DECIDED},
    "deliver": {Status.REPLIED},
    "archive": {Status.DELIVERED, Status.CLOSED},
}


def inputs_for(cast: Cast, slug: str) -> tuple[dict[str, Any], dt.date]:
    kwargs, day = ACTION_INPUTS[slug]
    kwargs = dict(kwargs)
    if slug == "assign":
        kwargs["assignee"] = cast.handler
    return kwargs, day


def post_data(cast: Cast, case: Case, slug: str) -> dict[str, Any]:
    kwargs, _day = inputs_for(cast, slug)
    data: dict[str, Any] = {"version": case.version}
    for key, value in kwargs.items():
        if value is None:
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif hasattr(value, "pk"):
            value = value.pk
        data[key] = value
    return data
