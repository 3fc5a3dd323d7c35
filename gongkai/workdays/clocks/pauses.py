"""What stops the reply clock (consultation, fee: Art. 33 ¶3) and the extension, as data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from gongkai.law import periods
from gongkai.workdays.clocks.settings import MAX_EXTENSION_WORKDAYS
from gongkai.workdays.errors import ClockInputError


class PauseKind(StrEnum):
    THIRD_PARTY = "third_party"
    CO_PRODUCER = "co_producer"
    FEE = "fee"
    OTHER = "other"

    @property
    def label_zh(self) -> str:
        return {
            PauseKind.THIRD_PARTY: "征求第三方意见",
            PauseKind.CO_PRODUCER: "征求共同制作机关意见",
            PauseKind.FEE: "等待缴纳信息处理费",
            PauseKind.OTHER: "征求意见",
        }[self]


@dataclass(frozen=True)
class Pause:
    """Working days d with start < d ≤ end do not count."""

    start: dt.date
    end: dt.date
    kind: PauseKind = PauseKind.OTHER
    note_zh: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ClockInputError(
                f"中止期间的结束日（{self.end.isoformat()}）早于开始日"
                f"（{self.start.isoformat()}）。"
            )


@dataclass(frozen=True)
class AppliedPause:
    """A merged pause as applied to one clock, with the working days it excluded."""

    start: dt.date
    end: dt.date
    parts: tuple[Pause, ...]
    workdays: int


@dataclass(frozen=True)
class Extension:
    """An extension of the reply period — Art. 33 ¶2.

    At most 20 working days, only with the approval of the head of the
    政府信息公开工作机构 and a notice to the applicant.
    """

    workdays: int
    approver: str
    notice_on: dt.date
    approved_on: dt.date | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.workdays <= MAX_EXTENSION_WORKDAYS:
            raise ClockInputError(periods.extension_cap_message(self.workdays))
        if not self.approver.strip():
            raise ClockInputError(
                "延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人。"
            )
        if self.approved_on is not None and self.approved_on > self.notice_on:
            raise ClockInputError("告知申请人的日期不能早于负责人同意的日期。")
