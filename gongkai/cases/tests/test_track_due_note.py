"""/track/ explains the reply due date in one line, from the clocks, with nothing internal.

The applicant sees when the 20 working days began (Art. 33 ¶2), that they
restarted after 补正 (Art. 30), that consultation time was not counted
(Art. 33 ¶3) and that an extension was approved (Art. 33 ¶2) — not the reasons,
the consulted party, or staff notes.
"""

from __future__ import annotations

import datetime as dt

from django.test import Client

from gongkai.cases import services
from gongkai.cases.clocks import public_due_note
from gongkai.cases.models import Case, Status
from gongkai.cases.tests.states import make_case
from gongkai.testing import TODAY, Cast, at
from gongkai.workdays import format_date_zh

CORRECTED = dt.date(2026, 3, 6)
CONSULT_REPLY = dt.date(2026, 3, 13)


def _page(case: Case) -> str:
    response = Client().post(
        "/track/", {"query_code": case.query_code, "phone_last4": case.phone[-4:]}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_plain_case_counts_from_receipt(cast: Cast) -> None:
    case = make_case(cast, Status.IN_PROGRESS)
    note = "自收到申请之日起20个工作日（条例第三十三条）。"
    assert public_due_note(case) == note
    page = _page(case)
    assert note in page and format_date_zh(case.due_on) in page


def test_awaiting_correction_says_the_period_will_restart(cast: Cast) -> None:
    case = make_case(cast, Status.AWAITING_CORRECTION)
    assert "重新计算" in _page(case)


def test_restart_pause_and_extension_each_get_their_words(cast: Cast) -> None:
    case = make_case(cast, Status.AWAITING_CORRECTION)
    case = services.case_receive_correction(
        case=case, received_on=CORRECTED, acting_user=cast.handler, now=at(CORRECTED)
    )
    services.case_start_consultation(
        case=case,
        kind="third_party",
        party="某某置业有限公司",
        letter_on=dt.date(2026, 3, 9),
        acting_user=cast.handler,
        now=at(dt.date(2026, 3, 9)),
    )
    case = Case.objects.get(pk=case.pk)
    assert "目前暂停计算" in public_due_note(case)
    services.case_record_consultation_reply(
        case=case,
        opinion="object",
        reply_on=CONSULT_REPLY,
        opinion_text="涉及商业秘密，内部意见：不宜公开",
        acting_user=cast.handler,
        now=at(CONSULT_REPLY),
    )
    case = services.case_request_extension(
        case=case,
        workdays=15,
        reason="内部：档案在外单位",
        acting_user=cast.handler,
        now=at(CONSULT_REPLY),
    )
    case = services.case_approve_extension(
        case=case,
        notice_on=CONSULT_REPLY,
        acting_user=cast.head,
        now=at(CONSULT_REPLY),
    )
    note = public_due_note(case)
    assert note == (
        f"自收到补正后的申请之日（{format_date_zh(CORRECTED)}）起重新计算20个工作日；"
        "征求第三方意见的4个工作日不计入；经批准延长15个工作日"
        "（条例第三十条、第三十三条）。"
    )
    page = _page(case)
    assert note in page and format_date_zh(case.due_on) in page
    for internal in ("某某置业", "内部", "档案在外单位", "商业秘密"):
        assert internal not in page
    assert TODAY < CORRECTED
