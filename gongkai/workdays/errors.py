"""Errors of the working-day core, each carrying a Chinese message for users.

`GongkaiError` is the base the CLI and the web layer catch: its `message_zh` is
shown as is, without a traceback.
"""

from __future__ import annotations

from gongkai.errors import DomainError


class GongkaiError(DomainError):
    """An error whose Chinese message can be shown to an operator unchanged."""


class UnknownYearError(GongkaiError):
    """The calendar has no State Council holiday schedule for this year.

    No weekday fallback is ever applied: a deadline in a year whose
    《国务院办公厅关于X年部分节假日安排的通知》 is not loaded cannot be final
    (legal.md §7.3, §9 item 6).
    """

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"缺少{year}年的节假日安排：尚未录入《国务院办公厅关于{year}年部分节假日"
            f"安排的通知》，无法计算{year}年的工作日。请先在“工作日历”中录入{year}年的安排。"
        )


class CalendarDataError(GongkaiError):
    """A year's holiday data is inconsistent (e.g. a date both off and 调休)."""


class ClockInputError(GongkaiError):
    """A clock was given inputs the law does not allow (e.g. an extension > 20 WD)."""


class ReceiptNotConfirmedError(ClockInputError):
    """The channel needs a confirmation date and none was recorded (Art. 31)."""
