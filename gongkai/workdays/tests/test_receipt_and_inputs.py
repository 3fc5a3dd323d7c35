"""Receipt dates by channel (Art. 31) and the limits the clocks enforce."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gongkai.workdays import ClockInputError, ReceiptNotConfirmedError, package_calendar
from gongkai.workdays.clocks import (
    Channel,
    Extension,
    Pause,
    art35_custom_due,
    consultation_deadline,
    receipt_date,
    reply_due,
)

D = dt.date
CAL = package_calendar()


def test_in_person_the_day_of_submission() -> None:
    r = receipt_date(channel="in_person", arrived_on=D(2026, 3, 2))
    assert r.date == D(2026, 3, 2)
    assert r.basis.article_zh == "第三十一条第一项"


def test_signed_post_the_day_the_agency_signs() -> None:
    r = receipt_date(
        channel="post_signed", arrived_on=D(2026, 3, 2), signed_on=D(2026, 3, 3)
    )
    assert r.date == D(2026, 3, 3)
    assert r.basis.article_zh == "第三十一条第二项"


def test_signed_post_needs_the_signature_date() -> None:
    with pytest.raises(ReceiptNotConfirmedError, match="签收日期"):
        receipt_date(channel="post_signed", arrived_on=D(2026, 3, 2))


def test_plain_post_confirmed_late_counts_from_confirmation_and_warns() -> None:
    """Art. 31(二): confirm "于收到申请的当日"; the confirmation date is the receipt."""
    r = receipt_date(
        channel="post_plain", arrived_on=D(2026, 3, 2), confirmed_on=D(2026, 3, 4)
    )
    assert r.date == D(2026, 3, 4)
    assert "应于收到当日与申请人确认" in r.warnings[0]
    assert r.warnings[0] in reply_due(CAL, receipt=r).text_zh


@pytest.mark.parametrize("channel", ["online", "fax", "email", "post_plain"])
def test_no_confirmation_no_clock(channel: str) -> None:
    with pytest.raises(ReceiptNotConfirmedError, match="确认之前期限不起算"):
        receipt_date(channel=channel, arrived_on=D(2026, 3, 2))


@pytest.mark.parametrize("channel", ["online", "fax", "email"])
def test_online_fax_and_email_use_the_day_both_sides_confirm(channel: str) -> None:
    r = receipt_date(
        channel=channel, arrived_on=D(2026, 3, 6), confirmed_on=D(2026, 3, 9)
    )
    assert r.date == D(2026, 3, 9)
    assert r.basis.article_zh == "第三十一条第三项"


def test_email_is_treated_as_an_online_data_message() -> None:
    assert "数据电文" in Channel.EMAIL.label_zh


def test_confirmation_cannot_precede_arrival() -> None:
    with pytest.raises(ClockInputError, match="不能早于收到日期"):
        receipt_date(
            channel="online", arrived_on=D(2026, 3, 6), confirmed_on=D(2026, 3, 5)
        )


@pytest.mark.parametrize("days", [0, 21, -1])
def test_an_extension_is_one_to_twenty_working_days(days: int) -> None:
    with pytest.raises(ClockInputError, match="最长不得超过20个工作日"):
        Extension(days, "王主任", D(2026, 3, 2))


def test_an_extension_needs_an_approver() -> None:
    with pytest.raises(ClockInputError, match="负责人同意"):
        Extension(10, "  ", D(2026, 3, 2))


def test_an_extension_notified_after_the_original_due_date_is_flagged() -> None:
    """Received 2026-09-21 → due 10-26; notice on 10-27 is too late."""
    r = receipt_date(
        channel="online", arrived_on=D(2026, 9, 21), confirmed_on=D(2026, 9, 21)
    )
    late = reply_due(CAL, receipt=r, extension=Extension(5, "王主任", D(2026, 10, 27)))
    assert late.due == D(2026, 11, 2)
    assert "晚于原答复期限" in late.warnings[0]


def test_a_pause_cannot_end_before_it_starts() -> None:
    with pytest.raises(ClockInputError, match="早于开始日"):
        Pause(D(2026, 3, 9), D(2026, 3, 2))


def test_art35_custom_date_is_taken_as_entered() -> None:
    """Art. 35: the agency fixes a reasonable later date and notifies it."""
    r = receipt_date(channel="in_person", arrived_on=D(2026, 3, 2))
    statutory = reply_due(CAL, receipt=r)
    d = art35_custom_due(
        notice_on=D(2026, 3, 10), custom_due=D(2026, 6, 30), statutory=statutory
    )
    assert d.due == D(2026, 6, 30)
    assert "第三十五条" in d.text_zh
    early = art35_custom_due(
        notice_on=D(2026, 3, 10), custom_due=D(2026, 3, 20), statutory=statutory
    )
    assert "早于法定答复期限" in early.warnings[0]
    with pytest.raises(ClockInputError):
        art35_custom_due(notice_on=D(2026, 3, 10), custom_due=D(2026, 3, 10))


def test_co_producer_deadline_cites_art_34_and_third_party_art_32() -> None:
    co = consultation_deadline(CAL, kind="co_producer", delivered_on=D(2026, 3, 2))
    third = consultation_deadline(CAL, kind="third_party", delivered_on=D(2026, 3, 2))
    assert co.due == third.due == D(2026, 3, 23)
    assert co.basis[0].article_zh == "第三十四条"
    assert third.basis[0].article_zh == "第三十二条"


def test_the_explanation_is_data_too() -> None:
    r = receipt_date(
        channel="online", arrived_on=D(2026, 9, 21), confirmed_on=D(2026, 9, 21)
    )
    data = reply_due(CAL, receipt=r).to_data()
    assert json.loads(json.dumps(data)) == data
    assert data["due"] == "2026-10-26"
    assert data["counted_workdays"] == 20
    assert data["adjusted_workdays"] == [
        {"date": "2026-10-10", "kind": "adjusted_workday", "name": "国庆节"}
    ]
    assert data["calendar_sources"] == ["chinesecalendar 1.11.0"]
