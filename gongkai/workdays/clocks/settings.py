"""The statutory periods as numbers, the day-one rule and an agency's clock settings."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gongkai.law import periods
from gongkai.law import provisions as law

# Statutory periods, in working days: the numbers live in gongkai.law.periods.
CORRECTION_NOTICE_WORKDAYS = periods.CORRECTION_NOTICE.workdays


REPLY_WORKDAYS = periods.REPLY.workdays


MAX_EXTENSION_WORKDAYS = periods.EXTENSION_MAX.workdays


CONSULTATION_WORKDAYS = periods.CONSULTATION_WORKDAYS


FEE_PAYMENT_WORKDAYS = periods.FEE_PAYMENT.workdays


PUBLICATION_WORKDAYS = periods.PUBLICATION.workdays


DEFAULT_CORRECTION_PERIOD_WORKDAYS = periods.CORRECTION_PERIOD_DEFAULT.workdays


#: The fee pause is an agency setting, not a provision: whether the fee measures
#: stop the reply clock is unverified (legal.md §5). Explanations say so in
#: words and never list it under 依据.
FEE_PAUSE_NOTE_ZH = (
    "按本机关设置，收费通知发出至缴费（或缴费期限届满）期间不计入答复期限。"
    "该设置所依据的理解：申请人逾期未缴纳的，视为放弃申请"
    f"（{law.FEE_PAYMENT.instrument.title}），缴费期间行政机关尚不能继续处理。"
)


class DayOneRule(StrEnum):
    NEXT_WORKDAY = "next_workday"
    SAME_DAY_IF_WORKDAY = "same_day_if_workday"

    @property
    def label_zh(self) -> str:
        if self is DayOneRule.NEXT_WORKDAY:
            return "开始的当日不计入，自其后第一个工作日起算"
        return "开始的当日为工作日的，当日计为第1日"


@dataclass(frozen=True)
class ClockSettings:
    """The configurable parts of the clocks (stored per agency by the web app)."""

    day_one: DayOneRule = DayOneRule.NEXT_WORKDAY
    pause_while_fee_unpaid: bool = True
    correction_period_workdays: int = DEFAULT_CORRECTION_PERIOD_WORKDAYS


DEFAULT_SETTINGS = ClockSettings()
