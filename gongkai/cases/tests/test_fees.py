"""信息处理费 (国办函〔2020〕109号): the two schedules, and the fee notice service."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.cases import services
from gongkai.cases.errors import CaseInputError, TransitionNotAllowed
from gongkai.cases.models import Outcome, Status
from gongkai.cases.tests.conftest import assigned
from gongkai.cases.tests.states import LATER, make_case
from gongkai.law import fees
from gongkai.testing import TODAY, at


@pytest.mark.parametrize(
    ("nth", "price"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)],
)
def test_per_item_price_rises_by_100_yuan_every_10_applications_after_30(nth, price):
    assert fees.per_item_price(nth) == Decimal(price)


def test_35_applications_in_a_month_cost_3000_yuan():
    assert fees.per_item_fee(earlier_in_month=0, items=35).amount == Decimal(3000)
    assert fees.per_item_fee(earlier_in_month=34, items=1).amount == Decimal(200)


@pytest.mark.parametrize(
    ("pages", "amount"),
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (2219, 83460)],
)
def test_per_page_fee_is_excess_progressive(pages, amount):
    assert fees.per_page_fee(pages=pages).amount == Decimal(amount)


def test_the_fee_notice_charges_by_one_method_and_pauses_the_clock(cast):
    case = make_case(cast, Status.AWAITING_FEE)
    assert case.fee_amount == Decimal(700) and case.fee_method == "per_page"
    assert case.fee_pages == 100 and case.fee_items is None
    assert case.fee_due_on is not None
    assert "按量计收" in case.events.last().reason


def test_a_free_request_gets_no_fee_notice(cast):
    case = make_case(cast, Status.IN_PROGRESS)
    with pytest.raises(CaseInputError, match="不收费"):
        services.case_send_fee_notice(
            case=case,
            method="per_page",
            pages=30,
            sent_on=TODAY,
            acting_user=cast.handler,
        )


def test_per_item_counts_the_applicants_earlier_applications_this_month(cast):
    for _ in range(11):
        case = assigned(cast)
    case = services.case_send_fee_notice(
        case=case, method="per_item", items=1, sent_on=TODAY, acting_user=cast.handler
    )
    assert case.fee_amount == Decimal(100)  # the 12th application of March


def test_non_payment_closes_as_other_unpaid_fee_only_after_the_deadline(cast):
    case = make_case(cast, Status.AWAITING_FEE)
    with pytest.raises(TransitionNotAllowed, match="尚未届满"):
        services.case_record_fee_nonpayment(
            case=case, acting_user=cast.handler, now=at(TODAY)
        )
    case = services.case_record_fee_nonpayment(
        case=case, acting_user=cast.handler, now=at(LATER)
    )
    assert case.status == Status.CLOSED and case.outcome == Outcome.OTHER_UNPAID_FEE
    assert case.closed_on == LATER
