"""The 受理回执 states the reply due date as computed on the day of receipt.

It bears the date of receipt (Art. 31), so it states the 20 working days of
Art. 33 ¶2 counted from that day, even when it is printed after later events
(a consultation pause, an extension) have moved the case's clock.
"""

from __future__ import annotations

import datetime as dt

from gongkai.cases import services
from gongkai.cases.models import Status
from gongkai.cases.tests.states import make_case
from gongkai.letters.kinds import LetterKind
from gongkai.testing import TODAY, Cast, at
from gongkai.workdays import format_date_zh, package_calendar

AT_RECEIPT = package_calendar().add_workdays(TODAY, 20)  # 2026-03-30


def _receipt_letter(cast: Cast, case, day: dt.date):
    return services.case_issue_letter(
        case=case, kind=LetterKind.RECEIPT, acting_user=cast.registrar, now=at(day)
    )


def test_a_receipt_issued_on_the_day_states_20_working_days_from_receipt(cast):
    case = make_case(cast, Status.IN_PROGRESS)
    letter = _receipt_letter(cast, case, TODAY)
    assert AT_RECEIPT == dt.date(2026, 3, 30)
    assert letter.data["deadline"]["due"] == AT_RECEIPT.isoformat()
    assert format_date_zh(AT_RECEIPT) in letter.text


def test_a_receipt_issued_after_an_extension_still_states_the_clock_at_receipt(
    cast,
):
    case = make_case(cast, Status.CONSULTING)
    services.case_record_consultation_reply(
        case=case,
        opinion="agree",
        reply_on=dt.date(2026, 3, 12),
        acting_user=cast.handler,
        now=at(dt.date(2026, 3, 12)),
    )
    case = services.case_request_extension(
        case=case, workdays=20, reason="需要检索", acting_user=cast.handler
    )
    case = services.case_approve_extension(
        case=case, notice_on=TODAY, acting_user=cast.head
    )
    assert case.due_on > AT_RECEIPT  # paused and extended since
    letter = _receipt_letter(cast, case, dt.date(2026, 3, 20))
    assert letter.issued_on == TODAY
    assert letter.data["deadline"]["due"] == AT_RECEIPT.isoformat()
    assert format_date_zh(AT_RECEIPT) in letter.text
    assert format_date_zh(case.due_on) not in letter.text
