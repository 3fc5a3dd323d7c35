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
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from gongkai.workdays import law
from gongkai.workdays.calendar import DayKind, WorkCalendar, format_date_zh
from gongkai.workdays.errors import ClockInputError, ReceiptNotConfirmedError
from gongkai.workdays.law import LegalBasis

# Statutory periods, in working days. Each is cited where it is used.
CORRECTION_NOTICE_WORKDAYS = 7  # Art. 30
REPLY_WORKDAYS = 20  # Art. 33 ¶2
MAX_EXTENSION_WORKDAYS = 20  # Art. 33 ¶2
CONSULTATION_WORKDAYS = 15  # Arts. 32, 34
FEE_PAYMENT_WORKDAYS = 20  # fee measures (国办函〔2020〕109号)
PUBLICATION_WORKDAYS = 20  # Art. 26
DEFAULT_CORRECTION_PERIOD_WORKDAYS = (
    15  # agency-set; Jiangsu norms "一般不超过15个工作日"
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


# -- receipt date (Art. 31) -----------------------------------------------------


class Channel(StrEnum):
    IN_PERSON = "in_person"
    POST_SIGNED = "post_signed"
    POST_PLAIN = "post_plain"
    ONLINE = "online"
    FAX = "fax"
    EMAIL = "email"

    @property
    def label_zh(self) -> str:
        return {
            Channel.IN_PERSON: "当面提交",
            Channel.POST_SIGNED: "邮寄（需签收）",
            Channel.POST_PLAIN: "邮寄（平常信函，无需签收）",
            Channel.ONLINE: "互联网渠道",
            Channel.FAX: "传真",
            Channel.EMAIL: "电子邮件（按互联网渠道的数据电文处理）",
        }[self]


@dataclass(frozen=True)
class Receipt:
    """The date an application counts as received, and why."""

    date: dt.date
    channel: Channel
    basis: LegalBasis
    reason_zh: str
    arrived_on: dt.date
    warnings: tuple[str, ...] = ()


def receipt_date(
    *,
    channel: Channel | str,
    arrived_on: dt.date,
    signed_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
) -> Receipt:
    """The receipt date of an application by channel — Art. 31.

    (一) in person: the day of submission. (二) signed post: the day the agency
    signs for it; plain post: the day of confirmation with the applicant, which
    must be the day the letter arrives. (三) online or by fax: the day both sides
    confirm; until then the clock does not start. E-mail is a 数据电文 (Art. 29)
    received over the internet and is treated as the online channel.
    """
    channel = Channel(channel)
    if channel is Channel.IN_PERSON:
        return Receipt(
            arrived_on,
            channel,
            law.ART_31_IN_PERSON,
            f"{format_date_zh(arrived_on)}当面提交申请",
            arrived_on,
        )
    if channel is Channel.POST_SIGNED:
        if signed_on is None:
            raise ReceiptNotConfirmedError("邮寄需签收的申请须填写签收日期。")
        _not_before(signed_on, arrived_on, "签收日期")
        return Receipt(
            signed_on,
            channel,
            law.ART_31_POST_SIGNED,
            f"{format_date_zh(signed_on)}签收邮寄的申请",
            arrived_on,
        )
    if confirmed_on is None:
        raise ReceiptNotConfirmedError(
            f"{channel.label_zh}提交的申请须填写与申请人确认的日期；确认之前期限不起算。"
        )
    _not_before(confirmed_on, arrived_on, "确认日期")
    if channel is Channel.POST_PLAIN:
        warnings: tuple[str, ...] = ()
        if confirmed_on != arrived_on:
            warnings = (
                f"平常信函应于收到当日与申请人确认，本件收到于{format_date_zh(arrived_on)}，"
                f"确认于{format_date_zh(confirmed_on)}。",
            )
        return Receipt(
            confirmed_on,
            channel,
            law.ART_31_POST_PLAIN,
            f"{format_date_zh(confirmed_on)}与申请人确认收到平常信函",
            arrived_on,
            warnings,
        )
    return Receipt(
        confirmed_on,
        channel,
        law.ART_31_ONLINE_FAX,
        f"{format_date_zh(confirmed_on)}经双方确认收到申请（{channel.label_zh}）",
        arrived_on,
    )


def _not_before(later: dt.date, earlier: dt.date, what: str) -> None:
    if later < earlier:
        raise ClockInputError(
            f"{what}（{later.isoformat()}）不能早于收到日期（{earlier.isoformat()}）。"
        )


# -- pauses and extension -------------------------------------------------------


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


def consultation_reply_due(
    calendar: WorkCalendar,
    *,
    kind: PauseKind | str,
    delivered_on: dt.date,
    settings: ClockSettings = DEFAULT_SETTINGS,
) -> dt.date:
    """The consulted party's last day to reply: 15 WD from receiving the letter.

    Art. 32 (third party): "自收到征求意见书之日起15个工作日内"; Art. 34 (co-producing
    agency): 15 working days, "逾期未提出意见的视为同意公开". Day 1 follows the
    one day-one switch (``settings.day_one``), like every other clock.
    """
    return consultation_deadline(
        calendar, kind=kind, delivered_on=delivered_on, settings=settings
    ).due


def consultation_pause(
    calendar: WorkCalendar,
    *,
    kind: PauseKind | str,
    letter_on: dt.date,
    delivered_on: dt.date | None = None,
    reply_on: dt.date | None = None,
    settings: ClockSettings = DEFAULT_SETTINGS,
) -> Pause:
    """The pause of the reply clock for one consultation — Art. 33 ¶3.

    Time spent consulting third parties (Art. 32) and co-producing agencies
    (Art. 34) does not count. The pause runs from the letter's date to the reply,
    or to the 15-working-day expiry if that comes first or no reply came. The
    expiry counts from the party's receipt of the letter when recorded, else from
    the letter's date (the Regulation does not say which; legal.md §4.4, U).
    """
    kind = PauseKind(kind)
    if delivered_on is not None and delivered_on < letter_on:
        raise ClockInputError("征求意见书的送达日期不能早于发出日期。")
    if reply_on is not None and reply_on < letter_on:
        raise ClockInputError("回复日期不能早于征求意见书的发出日期。")
    expiry = consultation_reply_due(
        calendar, kind=kind, delivered_on=delivered_on or letter_on, settings=settings
    )
    if reply_on is not None and reply_on <= expiry:
        end, how = reply_on, f"{format_date_zh(reply_on)}收到回复"
    else:
        end, how = expiry, f"{format_date_zh(expiry)}15个工作日期满"
    note = f"{format_date_zh(letter_on)}发出征求意见书，{how}"
    return Pause(letter_on, end, kind, note)


def fee_payment_due(calendar: WorkCalendar, *, notice_received_on: dt.date) -> Deadline:
    """The applicant's deadline to pay the 信息处理费 — 20 WD from the next day.

    Fee measures (国办函〔2020〕109号): "申请人应当在收到收费通知次日起20个工作日内缴纳
    费用，逾期未缴纳的视为放弃申请". The text itself fixes "次日起", so this clock
    ignores the day-one switch.
    """
    return _deadline(
        calendar,
        clock=ClockKind.FEE_PAYMENT,
        start=notice_received_on,
        start_reason_zh=f"{format_date_zh(notice_received_on)}申请人收到收费通知",
        workdays=FEE_PAYMENT_WORKDAYS,
        basis=(law.FEE_PAYMENT,),
        day_one_rule=DayOneRule.NEXT_WORKDAY,
        day_one_basis=law.FEE_PAYMENT,
    )


def fee_pause(
    calendar: WorkCalendar,
    *,
    notice_sent_on: dt.date,
    notice_received_on: dt.date,
    paid_on: dt.date | None = None,
) -> Pause:
    """The pause of the reply clock while a fee notice is unpaid (setting, §5).

    From the day the notice is sent to the day of payment, or to the end of the
    20-WD payment period if nothing was paid (the application is then deemed
    abandoned). Whether the fee measures stop the clock is unverified
    (legal.md §5), so `ClockSettings.pause_while_fee_unpaid` switches it.
    """
    if notice_received_on < notice_sent_on:
        raise ClockInputError("收费通知的送达日期不能早于发出日期。")
    due = fee_payment_due(calendar, notice_received_on=notice_received_on).due
    if paid_on is not None:
        if paid_on < notice_sent_on:
            raise ClockInputError("缴费日期不能早于收费通知的发出日期。")
        end, how = min(paid_on, due), f"{format_date_zh(paid_on)}缴费"
    else:
        end, how = due, f"缴费期限{format_date_zh(due)}届满"
    note = f"{format_date_zh(notice_sent_on)}发出收费通知，{how}"
    return Pause(notice_sent_on, end, PauseKind.FEE, note)


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
            raise ClockInputError(
                f"延长答复期限最长不得超过{MAX_EXTENSION_WORKDAYS}个工作日"
                f"（条例第三十三条第二款），收到的是{self.workdays}个。"
            )
        if not self.approver.strip():
            raise ClockInputError(
                "延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人。"
            )
        if self.approved_on is not None and self.approved_on > self.notice_on:
            raise ClockInputError("告知申请人的日期不能早于负责人同意的日期。")


# -- the deadline and its explanation ---------------------------------------------


class ClockKind(StrEnum):
    CORRECTION_NOTICE = "correction_notice"
    CORRECTION_PERIOD = "correction_period"
    REPLY = "reply"
    CONSULTATION_REPLY = "consultation_reply"
    FEE_PAYMENT = "fee_payment"
    ART35_CUSTOM = "art35_custom"
    PROACTIVE_PUBLICATION = "proactive_publication"

    @property
    def label_zh(self) -> str:
        return {
            ClockKind.CORRECTION_NOTICE: "补正告知期限",
            ClockKind.CORRECTION_PERIOD: "申请人补正期限",
            ClockKind.REPLY: "答复期限",
            ClockKind.CONSULTATION_REPLY: "征求意见答复期限",
            ClockKind.FEE_PAYMENT: "缴费期限",
            ClockKind.ART35_CUSTOM: "延迟答复期限",
            ClockKind.PROACTIVE_PUBLICATION: "主动公开期限",
        }[self]


@dataclass(frozen=True)
class SteppedDay:
    date: dt.date
    kind: DayKind
    name: str


@dataclass(frozen=True)
class Deadline:
    """A due date with everything needed to show how it was reached."""

    clock: ClockKind
    due: dt.date
    basis: tuple[LegalBasis, ...]
    start: dt.date
    start_reason_zh: str
    day_one: dt.date | None = None
    day_one_rule: DayOneRule | None = None
    day_one_basis: LegalBasis | None = None
    period_workdays: int = 0
    extension: Extension | None = None
    due_before_extension: dt.date | None = None
    pauses: tuple[AppliedPause, ...] = ()
    days_off: tuple[SteppedDay, ...] = ()
    adjusted_workdays: tuple[SteppedDay, ...] = ()
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    calendar_sources: tuple[str, ...] = field(default=())

    @property
    def extension_workdays(self) -> int:
        return self.extension.workdays if self.extension else 0

    @property
    def counted_workdays(self) -> int:
        return self.period_workdays + self.extension_workdays

    @property
    def paused_workdays(self) -> int:
        return sum(p.workdays for p in self.pauses)

    @property
    def text_zh(self) -> str:
        return render_text_zh(self)

    def to_data(self) -> dict[str, Any]:
        """JSON-ready form (dates as ISO strings) for audit events and APIs."""
        return _jsonable(self)  # type: ignore[no-any-return]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        data = {k: _jsonable(getattr(value, k)) for k in value.__dataclass_fields__}
        if isinstance(value, Deadline):
            data["counted_workdays"] = value.counted_workdays
            data["paused_workdays"] = value.paused_workdays
            data["text_zh"] = value.text_zh
        if isinstance(value, LegalBasis):
            data["cite_zh"] = value.cite_zh
        return data
    return value


def merge_pauses(pauses: Iterable[Pause]) -> list[tuple[dt.date, dt.date, list[Pause]]]:
    """Merge overlapping or touching pauses so that each day is counted once."""
    merged: list[tuple[dt.date, dt.date, list[Pause]]] = []
    for p in sorted(pauses, key=lambda p: (p.start, p.end)):
        if merged and p.start <= merged[-1][1]:
            start, end, parts = merged[-1]
            merged[-1] = (start, max(end, p.end), [*parts, p])
        else:
            merged.append((p.start, p.end, [p]))
    return merged


def _count(
    calendar: WorkCalendar,
    start: dt.date,
    workdays: int,
    pauses: Sequence[Pause],
    rule: DayOneRule,
) -> tuple[dt.date, list[AppliedPause]]:
    """The date on which `workdays` working days have run, skipping pauses."""
    remaining = workdays
    if rule is DayOneRule.SAME_DAY_IF_WORKDAY and calendar.is_workday(start):
        remaining -= 1  # the start date itself is day 1
    cursor = start
    applied: list[AppliedPause] = []
    for p_start, p_end, parts in merge_pauses(pauses):
        if p_end <= cursor:
            continue
        before = calendar.workdays_between(cursor, p_start) if p_start > cursor else 0
        if before >= remaining:
            break  # the period ends on or before the day this pause starts
        remaining -= before
        excluded = calendar.workdays_between(max(cursor, p_start), p_end)
        applied.append(AppliedPause(p_start, p_end, tuple(parts), excluded))
        cursor = p_end
    due = calendar.add_workdays(cursor, remaining) if remaining > 0 else cursor
    return due, applied


def due_date(
    calendar: WorkCalendar,
    *,
    start: dt.date,
    workdays: int,
    pauses: Sequence[Pause] = (),
    rule: DayOneRule = DayOneRule.NEXT_WORKDAY,
) -> dt.date:
    """The bare due date (no explanation): the fast path for bulk recomputation."""
    return _count(calendar, start, workdays, pauses, rule)[0]


def _deadline(
    calendar: WorkCalendar,
    *,
    clock: ClockKind,
    start: dt.date,
    start_reason_zh: str,
    workdays: int,
    basis: tuple[LegalBasis, ...],
    day_one_rule: DayOneRule,
    day_one_basis: LegalBasis | None = None,
    pauses: Sequence[Pause] = (),
    extension: Extension | None = None,
    notes: Sequence[str] = (),
    warnings: Sequence[str] = (),
) -> Deadline:
    notes = list(notes)
    warnings = list(warnings)
    due_base: dt.date | None = None
    if extension is not None:
        due_base, _ = _count(calendar, start, workdays, pauses, day_one_rule)
        if extension.notice_on > due_base:
            warnings.append(
                f"延期告知日期{format_date_zh(extension.notice_on)}晚于原答复期限"
                f"{format_date_zh(due_base)}，延期应在原期限内告知申请人。"
            )
    total = workdays + (extension.workdays if extension else 0)
    due, applied = _count(calendar, start, total, pauses, day_one_rule)
    day_one, _ = _count(calendar, start, 1, pauses, day_one_rule)
    if not calendar.is_workday(start):
        notes.insert(
            0,
            f"起算日{calendar.explain_day(start).text_zh.removeprefix(format_date_zh(start))}"
            f"第1日为其后第一个工作日。",
        )
    stepped = list(calendar.days_off_between(start, due))
    sources = sorted(
        {calendar.schedules[y].source for y in range(start.year, due.year + 1)} - {""}
    )
    return Deadline(
        clock=clock,
        due=due,
        basis=basis,
        start=start,
        start_reason_zh=start_reason_zh,
        day_one=day_one,
        day_one_rule=day_one_rule,
        day_one_basis=day_one_basis
        or (law.CIVIL_CODE_201 if day_one_rule is DayOneRule.NEXT_WORKDAY else None),
        period_workdays=workdays,
        extension=extension,
        due_before_extension=due_base,
        pauses=tuple(applied),
        days_off=tuple(
            SteppedDay(e.date, e.kind, e.name) for e in stepped if not e.is_workday
        ),
        adjusted_workdays=tuple(
            SteppedDay(e.date, e.kind, e.name) for e in stepped if e.is_workday
        ),
        notes=tuple(notes),
        warnings=tuple(warnings),
        calendar_sources=tuple(sources),
    )


# -- the clocks ----------------------------------------------------------------


def correction_notice_due(
    calendar: WorkCalendar,
    *,
    receipt: Receipt,
    settings: ClockSettings = DEFAULT_SETTINGS,
) -> Deadline:
    """The agency's deadline to send the single 补正 notice — Art. 30.

    "自收到申请之日起7个工作日内一次性告知申请人作出补正".
    """
    return _deadline(
        calendar,
        clock=ClockKind.CORRECTION_NOTICE,
        start=receipt.date,
        start_reason_zh=f"{receipt.reason_zh}（{receipt.basis.cite_zh}）",
        workdays=CORRECTION_NOTICE_WORKDAYS,
        basis=(law.ART_30_NOTICE,),
        day_one_rule=settings.day_one,
        warnings=receipt.warnings,
    )


def correction_period_due(
    calendar: WorkCalendar,
    *,
    notice_received_on: dt.date,
    workdays: int | None = None,
    settings: ClockSettings = DEFAULT_SETTINGS,
) -> Deadline:
    """The applicant's deadline to supplement — Art. 30 "合理的补正期限".

    The Regulation fixes no number; the agency sets it. Default 15 working days
    from the applicant's receipt of the notice, following Jiangsu's norms
    ("一般不超过15个工作日", forwarded nationally for reference; legal.md §4.3).
    Missing it without good reason: "视为放弃申请".
    """
    n = settings.correction_period_workdays if workdays is None else workdays
    if n < 1:
        raise ClockInputError("补正期限至少为1个工作日。")
    warnings = []
    if n > DEFAULT_CORRECTION_PERIOD_WORKDAYS:
        warnings.append(
            f"补正期限{n}个工作日超过江苏规范建议的“一般不超过15个工作日”（供参考）。"
        )
    return _deadline(
        calendar,
        clock=ClockKind.CORRECTION_PERIOD,
        start=notice_received_on,
        start_reason_zh=f"{format_date_zh(notice_received_on)}申请人收到补正告知",
        workdays=n,
        basis=(law.ART_30_PERIOD, law.JIANGSU_CORRECTION),
        day_one_rule=settings.day_one,
        warnings=warnings,
    )


def reply_due(
    calendar: WorkCalendar,
    *,
    receipt: Receipt,
    corrected_received_on: dt.date | None = None,
    pauses: Sequence[Pause] = (),
    extension: Extension | None = None,
    settings: ClockSettings = DEFAULT_SETTINGS,
) -> Deadline:
    """The reply deadline — Art. 33 ¶2, with Art. 30 restart and Art. 33 ¶3 pauses.

    20 working days from receipt (Art. 33 ¶2); after a 补正, from receipt of the
    supplemented application (Art. 30: "答复期限自行政机关收到补正的申请之日起计算");
    consultation time excluded (Art. 33 ¶3); the fee pause if the setting is on
    (fee measures, legal.md §5); plus an approved and notified extension of at
    most 20 working days (Art. 33 ¶2).
    """
    notes: list[str] = []
    basis: list[LegalBasis] = [law.ART_33_2]
    if corrected_received_on is not None:
        _not_before(corrected_received_on, receipt.date, "收到补正申请的日期")
        start = corrected_received_on
        reason = (
            f"{format_date_zh(start)}收到补正后的申请（{law.ART_30_RESTART.cite_zh}："
            f"{law.ART_30_RESTART.quote}）"
        )
        notes.append(f"原申请{receipt.reason_zh}，因补正重新起算。")
        basis.append(law.ART_30_RESTART)
    else:
        start = receipt.date
        reason = f"{receipt.reason_zh}（{receipt.basis.cite_zh}）"
    used = list(pauses)
    if not settings.pause_while_fee_unpaid and any(
        p.kind is PauseKind.FEE for p in used
    ):
        used = [p for p in used if p.kind is not PauseKind.FEE]
        notes.append("按本机关设置，等待缴费期间不中止答复期限。")
    if any(p.kind is not PauseKind.FEE for p in used):
        basis.append(law.ART_33_3)
    if any(p.kind is PauseKind.FEE for p in used):
        basis.append(law.FEE_PAUSE)
    if extension is not None:
        basis.append(law.ART_33_2_EXTENSION)
    return _deadline(
        calendar,
        clock=ClockKind.REPLY,
        start=start,
        start_reason_zh=reason,
        workdays=REPLY_WORKDAYS,
        basis=tuple(dict.fromkeys(basis)),
        day_one_rule=settings.day_one,
        pauses=used,
        extension=extension,
        notes=notes,
        warnings=receipt.warnings,
    )


def art35_custom_due(
    *,
    notice_on: dt.date,
    custom_due: dt.date,
    statutory: Deadline | None = None,
) -> Deadline:
    """A delayed-reply date fixed by the agency — Art. 35.

    For requests clearly beyond a reasonable number or frequency with reasonable
    reasons, the agency "可以确定延迟答复的合理期限并告知申请人". No ceiling is set:
    the date is entered by hand, with the date of the notice.
    """
    if custom_due <= notice_on:
        raise ClockInputError("延迟答复的期限应晚于告知申请人的日期。")
    warnings: list[str] = []
    if statutory is not None and custom_due < statutory.due:
        warnings.append(
            f"延迟答复期限{format_date_zh(custom_due)}早于法定答复期限"
            f"{format_date_zh(statutory.due)}。"
        )
    return Deadline(
        clock=ClockKind.ART35_CUSTOM,
        due=custom_due,
        basis=(law.ART_35,),
        start=notice_on,
        start_reason_zh=f"{format_date_zh(notice_on)}告知申请人延迟答复的合理期限",
        notes=("期限由行政机关确定，不按工作日推算。",),
        warnings=tuple(warnings),
    )


def proactive_publication_due(
    calendar: WorkCalendar,
    *,
    made_or_changed_on: dt.date,
    settings: ClockSettings = DEFAULT_SETTINGS,
) -> Deadline:
    """Publication deadline of a proactive-disclosure item — Art. 26.

    "自该政府信息形成或者变更之日起20个工作日内及时公开", unless another law or
    regulation sets a different period.
    """
    return _deadline(
        calendar,
        clock=ClockKind.PROACTIVE_PUBLICATION,
        start=made_or_changed_on,
        start_reason_zh=f"{format_date_zh(made_or_changed_on)}政府信息形成或者变更",
        workdays=PUBLICATION_WORKDAYS,
        basis=(law.ART_26,),
        day_one_rule=settings.day_one,
    )


def consultation_deadline(
    calendar: WorkCalendar,
    *,
    kind: PauseKind | str,
    delivered_on: dt.date,
    settings: ClockSettings = DEFAULT_SETTINGS,
) -> Deadline:
    """The consulted party's reply deadline as a full `Deadline` — Arts. 32, 34."""
    kind = PauseKind(kind)
    basis = law.ART_34 if kind is PauseKind.CO_PRODUCER else law.ART_32
    return _deadline(
        calendar,
        clock=ClockKind.CONSULTATION_REPLY,
        start=delivered_on,
        start_reason_zh=f"{format_date_zh(delivered_on)}对方收到征求意见书",
        workdays=CONSULTATION_WORKDAYS,
        basis=(basis,),
        day_one_rule=settings.day_one,
    )


# -- text ----------------------------------------------------------------------


def _ranges(days: Sequence[SteppedDay]) -> list[str]:
    """Group consecutive days of the same holiday: `国庆节 10月1日至10月7日`."""
    groups: list[list[SteppedDay]] = []
    for d in days:
        if (
            groups
            and groups[-1][-1].name == d.name
            and (d.date - groups[-1][-1].date).days == 1
        ):
            groups[-1].append(d)
        else:
            groups.append([d])
    out = []
    for g in groups:
        first, last = g[0].date, g[-1].date
        span = format_date_zh(first, weekday=False)
        if last != first:
            tail = format_date_zh(last, weekday=False)
            span += "至" + (tail.split("年", 1)[1] if last.year == first.year else tail)
        out.append(f"{g[0].name}放假 {span}")
    return out


def cite_all_zh(bases: Sequence[LegalBasis]) -> str:
    """Citations grouped by instrument, each article once.

    E.g. `《…条例》第三十条、第三十三条第二款；《…民法典》第二百零一条`.
    """
    by_instrument: dict[str, list[str]] = {}
    for b in bases:
        articles = by_instrument.setdefault(b.instrument, [])
        if b.article not in articles:
            articles.append(b.article)
    return "；".join(f"{i}{'、'.join(a)}" for i, a in by_instrument.items())


def render_text_zh(d: Deadline) -> str:
    """The short Chinese explanation for letters and the UI."""
    lines = [f"{d.clock.label_zh}：{format_date_zh(d.due)}"]
    lines.append("依据：" + cite_all_zh(d.basis))
    lines.append(f"起算：{d.start_reason_zh}")
    if d.day_one is not None and d.day_one_rule is not None:
        why = d.day_one_rule.label_zh
        if d.day_one_basis is not None:
            why += f"，依据{d.day_one_basis.cite_zh}"
            if d.day_one_basis is law.CIVIL_CODE_201:
                why = why.replace("依据", "参照")
        lines.append(f"第1日：{format_date_zh(d.day_one)}（{why}）")
    if d.period_workdays:
        count = f"计算：{d.period_workdays}个工作日"
        if d.extension is not None:
            count += (
                f"，另延长{d.extension.workdays}个工作日，"
                f"共{d.counted_workdays}个工作日"
            )
        lines.append(count)
    for p in d.pauses:
        parts = "；".join(
            f"{q.kind.label_zh}（{q.note_zh}）" if q.note_zh else q.kind.label_zh
            for q in p.parts
        )
        lines.append(
            f"中止计算：{format_date_zh(p.start, weekday=False)}至"
            f"{format_date_zh(p.end, weekday=False)}，"
            f"不计入{p.workdays}个工作日——{parts}"
        )
    if d.extension is not None:
        ext = d.extension
        approved = (
            f"于{format_date_zh(ext.approved_on, weekday=False)}"
            if ext.approved_on
            else ""
        )
        base = (
            f"原期限{format_date_zh(d.due_before_extension)}，"
            if d.due_before_extension
            else ""
        )
        lines.append(
            f"延长：{base}经政府信息公开工作机构负责人{ext.approver}{approved}同意，"
            f"于{format_date_zh(ext.notice_on, weekday=False)}告知申请人，"
            f"延长{ext.workdays}个工作日"
        )
    if d.days_off:
        lines.append("跳过的节假日：" + "；".join(_ranges(d.days_off)))
    if d.adjusted_workdays:
        lines.append(
            "计入的调休上班日："
            + "；".join(
                f"{format_date_zh(a.date)[:-1]}，{a.name}调休）"
                for a in d.adjusted_workdays
            )
        )
    lines.extend(f"说明：{n}" for n in d.notes)
    lines.extend(f"注意：{w}" for w in d.warnings)
    return "\n".join(lines)
