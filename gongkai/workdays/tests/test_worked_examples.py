"""Worked examples around every 2025 and 2026 holiday block and 调休 weekend.

Each docstring is the hand count, checked against the schedules in legal.md §7.2.
Convention (default, legal.md §4.11): the start date is not counted; day 1 is the
first working day after it. "(n)" marks the n-th working day counted; "off"
marks a day skipped.
"""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.workdays import DayKind, UnknownYearError, package_calendar
from gongkai.workdays.clocks import (
    Channel,
    ClockSettings,
    DayOneRule,
    Extension,
    PauseKind,
    consultation_pause,
    correction_notice_due,
    correction_period_due,
    fee_pause,
    fee_payment_due,
    proactive_publication_due,
    receipt_date,
    reply_due,
)

D = dt.date
CAL = package_calendar()


def in_person(day: dt.date):  # type: ignore[no-untyped-def]
    return receipt_date(channel=Channel.IN_PERSON, arrived_on=day)


def online(day: dt.date):  # type: ignore[no-untyped-def]
    return receipt_date(channel=Channel.ONLINE, arrived_on=day, confirmed_on=day)


# -- the example -------------------------------------------------------------


def test_received_online_2026_09_21_reply_is_due_2026_10_26() -> None:
    """Online, confirmed by both sides Mon 2026-09-21 (Art. 31(三)).

    9-22 (1), 9-23 (2), 9-24 (3); 9-25…9-27 中秋 off; 9-28 (4), 9-29 (5), 9-30 (6);
    10-1…10-7 国庆 off; 10-8 (7), 10-9 (8), Sat 10-10 调休 (9); 10-11 Sun off;
    10-12…10-16 (10–14), 10-19…10-23 (15–19), Mon 10-26 (20).
    """
    deadline = reply_due(CAL, receipt=online(D(2026, 9, 21)))
    assert deadline.due == D(2026, 10, 26)
    assert deadline.day_one == D(2026, 9, 22)
    assert deadline.counted_workdays == 20
    assert [a.date for a in deadline.adjusted_workdays] == [D(2026, 10, 10)]
    assert {d.name for d in deadline.days_off} == {"中秋节", "国庆节"}
    assert CAL.workdays_between(deadline.start, deadline.due) == 20
    text = deadline.text_zh
    assert text.startswith("答复期限：2026年10月26日（星期一）")
    assert "第三十三条第二款" in text
    assert "第三十一条第三项" in text
    assert "第二百零一条" in text
    assert "中秋节放假 2026年9月25日至9月27日" in text
    assert "国庆节放假 2026年10月1日至10月7日" in text
    assert "2026年10月10日（星期六，国庆节调休）" in text


def test_the_same_day_switch_counts_the_receipt_day_as_day_one() -> None:
    """SAME_DAY_IF_WORKDAY: Mon 9-21 is day 1, so day 20 is one working day
    earlier than by default: Fri 2026-10-23."""
    settings = ClockSettings(day_one=DayOneRule.SAME_DAY_IF_WORKDAY)
    deadline = reply_due(CAL, receipt=online(D(2026, 9, 21)), settings=settings)
    assert deadline.day_one == D(2026, 9, 21)
    assert deadline.due == D(2026, 10, 23)


# -- 2025 ---------------------------------------------------------------------


def test_2025_new_year_correction_notice() -> None:
    """补正 notice (7 WD, Art. 30), received in person Tue 2024-12-31.

    1-1 元旦 off; 1-2 (1), 1-3 (2), 1-6 (3), 1-7 (4), 1-8 (5), 1-9 (6), Fri 1-10 (7).
    """
    deadline = correction_notice_due(CAL, receipt=in_person(D(2024, 12, 31)))
    assert deadline.due == D(2025, 1, 10)
    assert [d.date for d in deadline.days_off] == [D(2025, 1, 1)]


def test_2025_spring_festival_with_both_tiaoxiu_weekend_days() -> None:
    """补正 notice, received in person Fri 2025-01-24.

    1-25 Sat off; Sun 1-26 调休 (1); 1-27 (2); 1-28…2-4 春节 off; 2-5 (3), 2-6 (4),
    2-7 (5), Sat 2-8 调休 (6); 2-9 Sun off; Mon 2-10 (7).
    """
    deadline = correction_notice_due(CAL, receipt=in_person(D(2025, 1, 24)))
    assert deadline.due == D(2025, 2, 10)
    assert [a.date for a in deadline.adjusted_workdays] == [
        D(2025, 1, 26),
        D(2025, 2, 8),
    ]


def test_2025_qingming() -> None:
    """补正 notice, received Wed 2025-04-02.

    4-3 (1); 4-4…4-6 清明 off; 4-7 (2), 4-8 (3), 4-9 (4), 4-10 (5), 4-11 (6),
    Mon 4-14 (7).
    """
    assert correction_notice_due(CAL, receipt=in_person(D(2025, 4, 2))).due == D(
        2025, 4, 14
    )


def test_2025_labour_day_with_the_sunday_before_worked() -> None:
    """补正 notice, online confirmed Fri 2025-04-25.

    4-26 Sat off; Sun 4-27 调休 (1); 4-28 (2), 4-29 (3), 4-30 (4); 5-1…5-5 off;
    5-6 (5), 5-7 (6), Thu 5-8 (7).
    """
    assert correction_notice_due(CAL, receipt=online(D(2025, 4, 25))).due == D(
        2025, 5, 8
    )


def test_2025_dragon_boat() -> None:
    """补正 notice, received Thu 2025-05-29.

    5-30 (1); 5-31…6-2 端午 off; 6-3 (2), 6-4 (3), 6-5 (4), 6-6 (5), 6-9 (6),
    Tue 6-10 (7).
    """
    assert correction_notice_due(CAL, receipt=in_person(D(2025, 5, 29))).due == D(
        2025, 6, 10
    )


def test_2025_national_day_and_mid_autumn_eight_days() -> None:
    """Reply (20 WD), received in person Fri 2025-09-26.

    9-27 Sat off; Sun 9-28 调休 (1); 9-29 (2), 9-30 (3); 10-1…10-8 off; 10-9 (4),
    10-10 (5), Sat 10-11 调休 (6); 10-13…10-17 (7–11), 10-20…10-24 (12–16),
    10-27 (17), 10-28 (18), 10-29 (19), Thu 10-30 (20).
    """
    deadline = reply_due(CAL, receipt=in_person(D(2025, 9, 26)))
    assert deadline.due == D(2025, 10, 30)
    assert [a.date for a in deadline.adjusted_workdays] == [
        D(2025, 9, 28),
        D(2025, 10, 11),
    ]


def test_2025_two_overlapping_consultations_count_once() -> None:
    """Online, confirmed Mon 2025-09-01. Third party: letter 9-3, reply 9-19.
    Co-producing agency: letter 9-15, no reply, so its 15 WD expire on
    9-16…9-19 (1–4), 9-22…9-26 (5–9), Sun 9-28 (10), 9-29 (11), 9-30 (12),
    10-9 (13), 10-10 (14), Sat 10-11 (15) → 2025-10-11.

    Merged pause (9-3, 10-11]: the two overlap on 9-16…9-19 (4 WD), so the pause
    excludes 12 + 15 − 4 = 23 WD. Counted: 9-2 (1), 9-3 (2); then from 10-11:
    10-13…10-17 (3–7), 10-20…10-24 (8–12), 10-27…10-31 (13–17), 11-3 (18),
    11-4 (19), Wed 11-5 (20).
    """
    third = consultation_pause(
        CAL,
        kind=PauseKind.THIRD_PARTY,
        letter_on=D(2025, 9, 3),
        reply_on=D(2025, 9, 19),
    )
    co = consultation_pause(CAL, kind=PauseKind.CO_PRODUCER, letter_on=D(2025, 9, 15))
    assert co.end == D(2025, 10, 11)
    deadline = reply_due(CAL, receipt=online(D(2025, 9, 1)), pauses=[third, co])
    assert deadline.due == D(2025, 11, 5)
    (merged,) = deadline.pauses
    assert (merged.start, merged.end, merged.workdays) == (
        D(2025, 9, 3),
        D(2025, 10, 11),
        23,
    )
    assert "第三十三条第三款" in deadline.text_zh
    assert "不计入23个工作日" in deadline.text_zh


# -- 2026 ------------------------------------------------------------------------------


def test_2026_new_year_across_the_year_end() -> None:
    """补正 notice, online confirmed Wed 2025-12-31.

    1-1…1-3 元旦 off; Sun 1-4 调休 (1); 1-5 (2), 1-6 (3), 1-7 (4), 1-8 (5),
    1-9 (6), Mon 1-12 (7).
    """
    deadline = correction_notice_due(CAL, receipt=online(D(2025, 12, 31)))
    assert deadline.due == D(2026, 1, 12)
    assert deadline.day_one == D(2026, 1, 4)


def test_2026_extension_across_the_nine_day_spring_festival() -> None:
    """Received in person Mon 2026-01-26; extended 20 WD, approved by 王主任 and
    notified on 2026-02-12.

    Base: 1-27…1-30 (1–4), 2-2…2-6 (5–9), 2-9…2-13 (10–14), Sat 2-14 调休 (15);
    2-15…2-23 春节 off; 2-24 (16), 2-25 (17), 2-26 (18), 2-27 (19),
    Sat 2-28 调休 (20) → the original due date is a Saturday that is worked.
    Extension: 3-2…3-6 (1–5), 3-9…3-13 (6–10), 3-16…3-20 (11–15),
    3-23…3-27 (16–20) → Fri 2026-03-27.
    """
    extension = Extension(20, "王主任", notice_on=D(2026, 2, 12))
    deadline = reply_due(CAL, receipt=in_person(D(2026, 1, 26)), extension=extension)
    assert deadline.due_before_extension == D(2026, 2, 28)
    assert CAL.explain_day(D(2026, 2, 28)).kind is DayKind.ADJUSTED_WORKDAY
    assert deadline.due == D(2026, 3, 27)
    assert deadline.counted_workdays == 40
    assert "王主任" in deadline.text_zh
    assert not deadline.warnings


def test_2026_qingming_proactive_publication() -> None:
    """Art. 26: an item made Thu 2026-03-19 is due 20 WD later.

    3-20 (1), 3-23…3-27 (2–6), 3-30…4-3 (7–11); 4-4…4-6 清明 off; 4-7…4-10
    (12–15), 4-13…4-17 (16–20) → Fri 2026-04-17.
    """
    deadline = proactive_publication_due(CAL, made_or_changed_on=D(2026, 3, 19))
    assert deadline.due == D(2026, 4, 17)
    assert "第二十六条" in deadline.text_zh


def test_2026_labour_day_fee_payment() -> None:
    """Fee notice received Wed 2026-04-29; pay within 20 WD "次日起".

    4-30 (1); 5-1…5-5 off; 5-6 (2), 5-7 (3), 5-8 (4), Sat 5-9 调休 (5);
    5-11…5-15 (6–10), 5-18…5-22 (11–15), 5-25…5-29 (16–20) → Fri 2026-05-29.
    """
    assert fee_payment_due(CAL, notice_received_on=D(2026, 4, 29)).due == D(2026, 5, 29)


def test_2026_dragon_boat_applicant_correction_period() -> None:
    """Default 15 WD from the applicant's receipt of the notice, Wed 2026-06-10.

    6-11 (1), 6-12 (2), 6-15…6-18 (3–6); 6-19…6-21 端午 off; 6-22…6-26 (7–11),
    6-29 (12), 6-30 (13), 7-1 (14), Thu 7-2 (15).
    """
    deadline = correction_period_due(CAL, notice_received_on=D(2026, 6, 10))
    assert deadline.due == D(2026, 7, 2)
    assert deadline.period_workdays == 15


def test_2026_mid_autumn_with_the_sunday_before_worked() -> None:
    """补正 notice, received in person Fri 2026-09-18.

    9-19 Sat off; Sun 9-20 调休 (1); 9-21 (2), 9-22 (3), 9-23 (4), 9-24 (5);
    9-25…9-27 中秋 off; 9-28 (6), Tue 9-29 (7).
    """
    assert correction_notice_due(CAL, receipt=in_person(D(2026, 9, 18))).due == D(
        2026, 9, 29
    )


def test_2026_correction_restarts_the_reply_clock() -> None:
    """Online, confirmed Tue 2026-04-28; the supplemented application arrives
    Mon 2026-05-11 (Art. 30: the reply period runs from that day).

    From 5-11: 5-12…5-15 (1–4), 5-18…5-22 (5–9), 5-25…5-29 (10–14),
    6-1…6-5 (15–19), Mon 6-8 (20). Without 补正 it would have been 4-29 (1),
    4-30 (2), 5-6…5-8 (3–5), Sat 5-9 (6), 5-11…5-15 (7–11), 5-18…5-22 (12–16),
    5-25…5-28 (17–20) → 5-28.
    """
    receipt = online(D(2026, 4, 28))
    assert reply_due(CAL, receipt=receipt).due == D(2026, 5, 28)
    deadline = reply_due(CAL, receipt=receipt, corrected_received_on=D(2026, 5, 11))
    assert deadline.due == D(2026, 6, 8)
    assert deadline.start == D(2026, 5, 11)
    assert "第三十条" in deadline.text_zh


def test_2026_received_on_a_holiday_counts_from_the_next_working_day() -> None:
    """Online, confirmed on Sat 2026-10-03 (国庆节): day 1 is Thu 10-8.

    10-8 (1), 10-9 (2), Sat 10-10 (3), 10-12…10-16 (4–8), 10-19…10-23 (9–13),
    10-26…10-30 (14–18), 11-2 (19), Tue 11-3 (20). Same due date as if
    received on Wed 9-30.
    """
    deadline = reply_due(CAL, receipt=online(D(2026, 10, 3)))
    assert deadline.due == D(2026, 11, 3)
    assert deadline.day_one == D(2026, 10, 8)
    assert reply_due(CAL, receipt=online(D(2026, 9, 30))).due == deadline.due
    assert "国庆节放假" in deadline.notes[0]
    # the same-day switch changes nothing when the start is a day off
    same_day = ClockSettings(day_one=DayOneRule.SAME_DAY_IF_WORKDAY)
    assert reply_due(CAL, receipt=online(D(2026, 10, 3)), settings=same_day).due == (
        D(2026, 11, 3)
    )


def test_2026_fee_pause_is_a_setting_on_by_default() -> None:
    """Received Mon 2026-06-01. Fee notice sent Fri 6-5, received Mon 6-8, paid
    Fri 6-12. Pause (6-5, 6-12]: 6-8…6-12 = 5 WD not counted.

    Without pause: 6-2…6-5 (1–4), 6-8…6-12 (5–9), 6-15…6-18 (10–13); 6-19 端午
    off; 6-22…6-26 (14–18), 6-29 (19), Tue 6-30 (20). With it, 5 WD later:
    7-1…7-3, 7-6, Tue 7-7.
    """
    receipt = in_person(D(2026, 6, 1))
    pause = fee_pause(
        CAL,
        notice_sent_on=D(2026, 6, 5),
        notice_received_on=D(2026, 6, 8),
        paid_on=D(2026, 6, 12),
    )
    assert reply_due(CAL, receipt=receipt, pauses=[pause]).due == D(2026, 7, 7)
    off = ClockSettings(pause_while_fee_unpaid=False)
    unpaused = reply_due(CAL, receipt=receipt, pauses=[pause], settings=off)
    assert unpaused.due == D(2026, 6, 30)
    assert "不中止" in unpaused.text_zh


def test_an_unpaid_fee_pauses_until_the_payment_period_ends() -> None:
    pause = fee_pause(
        CAL, notice_sent_on=D(2026, 4, 28), notice_received_on=D(2026, 4, 29)
    )
    assert pause.end == D(2026, 5, 29)


def test_2026_december_reply_runs_into_2027_and_is_refused() -> None:
    """Received Thu 2026-12-10: 12-11 (1) … 12-31 (15), then 5 WD in 2027, whose
    schedule is not published yet (legal.md §7.3): no guessing."""
    with pytest.raises(UnknownYearError) as info:
        reply_due(CAL, receipt=online(D(2026, 12, 10)))
    assert info.value.year == 2027


def test_2026_november_reply_still_ends_in_2026() -> None:
    """Received Fri 2026-11-20: 11-23…11-27 (1–5), 11-30…12-4 (6–10),
    12-7…12-11 (11–15), 12-14…12-18 (16–20) → Fri 2026-12-18."""
    assert reply_due(CAL, receipt=online(D(2026, 11, 20))).due == D(2026, 12, 18)


def test_the_consultation_expiry_follows_the_one_day_one_switch() -> None:
    """A letter received on Friday 2026-03-20, a working day.

    Default (民法典 201): day 1 is Mon 03-23; 03-23..27 are days 1-5,
    03-30..04-03 days 6-10, 清明 04-04..06 (Sat-Mon) is off, 04-07..10 are
    days 11-14, so day 15 is Mon 04-13.
    Same-day rule: 03-20 is day 1, everything shifts by one: day 15 is 04-10.
    The pause and the full deadline always agree with each other.
    """
    from gongkai.workdays.clocks import (
        ClockSettings,
        DayOneRule,
        PauseKind,
        consultation_deadline,
        consultation_pause,
        consultation_reply_due,
    )

    received = dt.date(2026, 3, 20)
    for settings, expected in (
        (ClockSettings(), dt.date(2026, 4, 13)),
        (ClockSettings(day_one=DayOneRule.SAME_DAY_IF_WORKDAY), dt.date(2026, 4, 10)),
    ):
        due = consultation_reply_due(
            CAL, kind=PauseKind.THIRD_PARTY, delivered_on=received, settings=settings
        )
        full = consultation_deadline(
            CAL, kind=PauseKind.THIRD_PARTY, delivered_on=received, settings=settings
        )
        pause = consultation_pause(
            CAL,
            kind=PauseKind.THIRD_PARTY,
            letter_on=received,
            settings=settings,
        )
        assert due == full.due == pause.end == expected
