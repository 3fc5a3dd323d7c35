"""One deadline engine for every time limit of the Regulation (国务院令第711号).

Every clock is a pure function `(calendar, *, inputs, settings) -> Deadline`.
A `Deadline` carries the due date and the full explanation as data (legal basis,
start date and why, pauses merged, working days counted, holiday and 调休 days
stepped over) plus `.text_zh` for letters and the UI.

Day counting (legal.md §4.11). The Regulation does not say how the first day is
counted. By default the starting day is not counted and day 1 is the first
working day after it, by analogy with 民法典 第二百零一条 ("开始的当日不计入，自下一日
开始计算"). `DayOneRule.SAME_DAY_IF_WORKDAY` is the one switch for the other
reading (a start date that is a working day counts as day 1).

Pauses (Art. 33 ¶3). A pause `(start, end)` excludes the working days d with
start < d ≤ end: the letter's own day is not part of the pause (the same
"starting day not counted" rule), the reply's day is. Overlapping or touching
pauses are merged and counted once.

The package, step by step: ``settings`` (periods, the day-one rule),
``receipt`` (Art. 31), ``pauses`` (and the extension), ``deadline`` (the result,
the counting and the Chinese explanation), ``due`` (the clocks). Everything is
importable from ``gongkai.workdays.clocks`` as before.
"""

from __future__ import annotations

from gongkai.workdays.clocks.deadline import (
    ClockKind,
    Deadline,
    SteppedDay,
    due_date,
    merge_pauses,
    render_text_zh,
)
from gongkai.workdays.clocks.due import (
    art35_custom_due,
    consultation_deadline,
    consultation_pause,
    consultation_reply_due,
    correction_notice_due,
    correction_period_due,
    fee_pause,
    fee_payment_due,
    proactive_publication_due,
    reply_due,
)
from gongkai.workdays.clocks.pauses import (
    AppliedPause,
    Extension,
    Pause,
    PauseKind,
)
from gongkai.workdays.clocks.receipt import (
    Channel,
    Receipt,
    receipt_date,
)
from gongkai.workdays.clocks.settings import (
    CONSULTATION_WORKDAYS,
    CORRECTION_NOTICE_WORKDAYS,
    DEFAULT_CORRECTION_PERIOD_WORKDAYS,
    DEFAULT_SETTINGS,
    FEE_PAUSE_NOTE_ZH,
    FEE_PAYMENT_WORKDAYS,
    MAX_EXTENSION_WORKDAYS,
    PUBLICATION_WORKDAYS,
    REPLY_WORKDAYS,
    ClockSettings,
    DayOneRule,
)

__all__ = [
    "CONSULTATION_WORKDAYS",
    "CORRECTION_NOTICE_WORKDAYS",
    "DEFAULT_CORRECTION_PERIOD_WORKDAYS",
    "DEFAULT_SETTINGS",
    "FEE_PAUSE_NOTE_ZH",
    "FEE_PAYMENT_WORKDAYS",
    "MAX_EXTENSION_WORKDAYS",
    "PUBLICATION_WORKDAYS",
    "REPLY_WORKDAYS",
    "AppliedPause",
    "Channel",
    "ClockKind",
    "ClockSettings",
    "DayOneRule",
    "Deadline",
    "Extension",
    "Pause",
    "PauseKind",
    "Receipt",
    "SteppedDay",
    "art35_custom_due",
    "consultation_deadline",
    "consultation_pause",
    "consultation_reply_due",
    "correction_notice_due",
    "correction_period_due",
    "due_date",
    "fee_pause",
    "fee_payment_due",
    "merge_pauses",
    "proactive_publication_due",
    "receipt_date",
    "render_text_zh",
    "reply_due",
]
