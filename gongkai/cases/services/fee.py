"""Fees (国办函〔2020〕109号): the notice, payment and non-payment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.cases.errors import CaseInputError, TransitionNotAllowed
from gongkai.cases.models import (
    Case,
    CaseEvent,
    FeeMethod,
    Outcome,
    Status,
)
from gongkai.cases.permissions import Action
from gongkai.cases.selectors import fee_count_earlier_in_month
from gongkai.cases.services._common import (
    User,
    _close_as_abandoned,
    _lock,
    _now,
    _require_status,
    _require_transition,
    _save,
)
from gongkai.law import fees
from gongkai.law import provisions as law
from gongkai.workdays.calendar import format_date_zh


@transaction.atomic
def case_send_fee_notice(
    *,
    case: Case,
    method: str,
    sent_on: dt.date,
    received_on: dt.date | None = None,
    items: int = 1,
    pages: int = 0,
    confirm_late: bool = False,
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """Send a 收费通知 with the fee computed by the one schedule chosen.

    Fee measures (国办函〔2020〕109号) Art. 3: 按件 or 按量, never both; the
    applicant pays within 20 working days from the day after receiving the notice.
    """
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.SEND_FEE_NOTICE,
        expected_version=expected_version,
    )
    _require_transition(case, Status.AWAITING_FEE, "发出收费通知")
    if case.fee_notice_sent_on is not None:
        raise TransitionNotAllowed("本申请已发出过收费通知。")
    received_on = received_on or sent_on
    if received_on < sent_on:
        raise CaseInputError("收费通知的送达日期不能早于发出日期。")
    if sent_on > timezone.localdate(now):
        raise CaseInputError("收费通知的发出日期不能晚于今天。")
    late = ""
    if case.due_on is not None and sent_on > case.due_on:
        # The measures: the notice goes out within the period for handling the
        # application (law.FEE_NOTICE).
        late = (
            f"收费通知晚于答复期限（{format_date_zh(case.due_on)}）发出："
            f"{law.FEE_NOTICE.instrument.short or law.FEE_NOTICE.instrument.title}"
            f"要求“{law.FEE_NOTICE.quote.split('，')[0]}”发出收费通知。"
        )
        if not confirm_late:
            raise CaseInputError(late + "如确需发出，请勾选确认后再提交。")
    if case.agency.fee_payment_method.strip() == "":
        raise CaseInputError(
            "机关设置缺少信息处理费缴纳方式：收费通知书须写明缴纳方式，"
            "请机关管理员先在机关设置中填写。"
        )
    method_enum = FeeMethod(method)
    if method_enum == FeeMethod.PER_ITEM:
        quote = fees.per_item_fee(
            earlier_in_month=fee_count_earlier_in_month(case), items=items
        )
    else:
        quote = fees.per_page_fee(pages=pages)
    if quote.amount <= Decimal(0):
        raise CaseInputError(f"按标准本申请不收费：{quote.explanation_zh}")
    case.fee_method = method_enum
    case.fee_items = items if method_enum == FeeMethod.PER_ITEM else None
    case.fee_pages = pages if method_enum == FeeMethod.PER_PAGE else None
    case.fee_amount = quote.amount
    case.fee_notice_sent_on = sent_on
    case.fee_notice_received_on = received_on
    _save(
        case,
        kind=CaseEvent.Kind.FEE_NOTICE_SENT,
        acting_user=acting_user,
        now=now,
        to=Status.AWAITING_FEE,
        changed=[
            "fee_method",
            "fee_items",
            "fee_pages",
            "fee_amount",
            "fee_notice_sent_on",
            "fee_notice_received_on",
        ],
        reason=quote.explanation_zh,
        data={"amount": str(quote.amount), "method": str(method_enum)}
        | ({"warning": late} if late else {}),
    )
    return case


@transaction.atomic
def case_record_fee_payment(
    *,
    case: Case,
    paid_on: dt.date,
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """The applicant paid; handling resumes (the fee pause ends on ``paid_on``)."""
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.RECORD_FEE_PAYMENT,
        expected_version=expected_version,
    )
    _require_status(case, {Status.AWAITING_FEE}, "登记缴费")
    _require_transition(case, Status.IN_PROGRESS, "登记缴费")
    if case.fee_notice_sent_on is None or paid_on < case.fee_notice_sent_on:
        raise CaseInputError("缴费日期不能早于收费通知的发出日期。")
    if paid_on > timezone.localdate(now):
        raise CaseInputError("缴费日期不能晚于今天。")
    case.fee_paid_on = paid_on
    data: dict[str, Any] = {"paid_on": paid_on.isoformat()}
    if case.fee_due_on and paid_on > case.fee_due_on:
        data["warning"] = "缴费晚于缴费期限。"
    _save(
        case,
        kind=CaseEvent.Kind.FEE_PAID,
        acting_user=acting_user,
        now=now,
        to=Status.IN_PROGRESS,
        changed=["fee_paid_on"],
        data=data,
    )
    return case


@transaction.atomic
def case_record_fee_nonpayment(
    *,
    case: Case,
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """The fee was not paid in time: deemed abandoned → table 三 （六）2.

    Fee measures (国办函〔2020〕109号): "逾期未缴纳的视为放弃申请，行政机关不再处理该政府
    信息公开申请".
    """
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.RECORD_FEE_NONPAYMENT,
        expected_version=expected_version,
    )
    _require_transition(case, Status.CLOSED, "按逾期未缴费终止")
    today = timezone.localdate(now)
    if case.fee_due_on is None or today <= case.fee_due_on:
        raise TransitionNotAllowed("缴费期限尚未届满，不能按逾期未缴费处理。")
    return _close_as_abandoned(
        case,
        outcome=Outcome.OTHER_UNPAID_FEE,
        reasons="申请人逾期未按收费通知要求缴纳费用，视为放弃申请。",
        kind=CaseEvent.Kind.FEE_UNPAID,
        acting_user=acting_user,
        now=now,
    )
