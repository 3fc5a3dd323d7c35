"""The clocks: each one a pure function of a calendar and its inputs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from gongkai.law import periods
from gongkai.law import provisions as law
from gongkai.law.citations import Citation
from gongkai.workdays.calendar import WorkCalendar, format_date_zh
from gongkai.workdays.clocks.deadline import ClockKind, Deadline, _deadline
from gongkai.workdays.clocks.pauses import Extension, Pause, PauseKind
from gongkai.workdays.clocks.receipt import Receipt, _not_before
from gongkai.workdays.clocks.settings import (
    CONSULTATION_WORKDAYS,
    CORRECTION_NOTICE_WORKDAYS,
    DEFAULT_CORRECTION_PERIOD_WORKDAYS,
    DEFAULT_SETTINGS,
    FEE_PAUSE_NOTE_ZH,
    FEE_PAYMENT_WORKDAYS,
    PUBLICATION_WORKDAYS,
    REPLY_WORKDAYS,
    ClockSettings,
    DayOneRule,
)
from gongkai.workdays.errors import ClockInputError


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
        calendar, kind=kind, delivered_on=delivered_on, settings=settings, explain=False
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
        end, how = (
            expiry,
            f"{format_date_zh(expiry)}{CONSULTATION_WORKDAYS}个工作日期满",
        )
    note = f"{format_date_zh(letter_on)}发出征求意见书，{how}"
    return Pause(letter_on, end, kind, note)


def fee_payment_due(
    calendar: WorkCalendar, *, notice_received_on: dt.date, explain: bool = True
) -> Deadline:
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
        explain=explain,
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
    due = fee_payment_due(
        calendar, notice_received_on=notice_received_on, explain=False
    ).due
    if paid_on is not None:
        if paid_on < notice_sent_on:
            raise ClockInputError("缴费日期不能早于收费通知的发出日期。")
        end, how = min(paid_on, due), f"{format_date_zh(paid_on)}缴费"
    else:
        end, how = due, f"缴费期限{format_date_zh(due)}届满"
    note = f"{format_date_zh(notice_sent_on)}发出收费通知，{how}"
    return Pause(notice_sent_on, end, PauseKind.FEE, note)


def correction_notice_due(
    calendar: WorkCalendar,
    *,
    receipt: Receipt,
    settings: ClockSettings = DEFAULT_SETTINGS,
    explain: bool = True,
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
        explain=explain,
    )


def correction_period_due(
    calendar: WorkCalendar,
    *,
    notice_received_on: dt.date,
    workdays: int | None = None,
    settings: ClockSettings = DEFAULT_SETTINGS,
    explain: bool = True,
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
        ref = periods.CORRECTION_PERIOD_DEFAULT.basis
        warnings.append(
            f"补正期限{n}个工作日超过江苏规范建议的“{ref.quote}”（供参考）。"
        )
    return _deadline(
        calendar,
        clock=ClockKind.CORRECTION_PERIOD,
        start=notice_received_on,
        start_reason_zh=f"{format_date_zh(notice_received_on)}申请人收到补正告知",
        workdays=n,
        # The period is the agency's own (Art. 30 "合理的补正期限"); Jiangsu's
        # norms are one province's reference and are not cited to applicants.
        basis=(law.ART_30_PERIOD,),
        day_one_rule=settings.day_one,
        warnings=warnings,
        explain=explain,
    )


def reply_due(
    calendar: WorkCalendar,
    *,
    receipt: Receipt,
    corrected_received_on: dt.date | None = None,
    pauses: Sequence[Pause] = (),
    extension: Extension | None = None,
    settings: ClockSettings = DEFAULT_SETTINGS,
    explain: bool = True,
) -> Deadline:
    """The reply deadline — Art. 33 ¶2, with Art. 30 restart and Art. 33 ¶3 pauses.

    20 working days from receipt (Art. 33 ¶2); after a 补正, from receipt of the
    supplemented application (Art. 30: "答复期限自行政机关收到补正的申请之日起计算");
    consultation time excluded (Art. 33 ¶3); the fee pause if the setting is on
    (fee measures, legal.md §5); plus an approved and notified extension of at
    most 20 working days (Art. 33 ¶2).
    """
    notes: list[str] = []
    basis: list[Citation] = [law.ART_33_2]
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
        notes.append(FEE_PAUSE_NOTE_ZH)
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
        explain=explain,
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
        basis=(law.ART_35_DELAY,),
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
    explain: bool = True,
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
        explain=explain,
    )
