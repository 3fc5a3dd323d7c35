"""The application's history as the applicant reads it on the tracking page.

Plain Chinese, one line per step the applicant is entitled to know: received,
confirmed, 补正 requested (items and deadline), paused and why, resumed,
extended to, fee notices, replied, delivered, closed. Internal steps (assignment,
drafts and approvals, reminders, who looked at what) are left out, and no line
names a member of staff or quotes an internal note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from gongkai.cases.models import OUTCOME_LABELS, Case, CaseEvent, Consultation
from gongkai.letters.kinds import LetterKind
from gongkai.workdays.calendar import format_date_zh

K = CaseEvent.Kind

#: Letters addressed to the applicant (the consultation letters go to others).
APPLICANT_LETTER_KINDS = frozenset(
    {
        "receipt",
        "correction",
        "extension",
        "fee_notice",
        "reply_granted",
        "reply_partial",
        "reply_withheld",
        "reply_unable",
        "reply_not_processed",
        "reply_other",
    }
)


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    kind: str
    text: str

    @property
    def day(self) -> str:
        return format_date_zh(timezone.localdate(self.at), weekday=False)


def _d(value: str | dt.date | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return format_date_zh(value, weekday=False)


def _due(event: CaseEvent) -> str:
    return f"答复期限为{_d(event.due_after)}。" if event.due_after else ""


def _line(event: CaseEvent, case: Case) -> str | None:
    data = event.data or {}
    match event.kind:
        case K.SUBMITTED:
            return "您通过互联网提交了申请，等待工作人员确认。"
        case K.REGISTERED:
            received = _d(case.received_on) if case.received_on else ""
            return f"{case.agency.name}登记了您的申请" + (
                f"，收到申请之日为{received}。{_due(event)}" if received else "。"
            )
        case K.CONFIRMED:
            return (
                f"{case.agency.name}确认收到您的申请，收到申请之日为{_d(case.received_on)}。"
                f"{_due(event)}"
            )
        case K.CORRECTION_REQUESTED:
            return (
                f"要求您补正申请。需要补正的事项：{data.get('items', case.correction_items)}；"
                f"补正期限：{_d(data.get('correction_due_on'))}。答复期限自收到补正之日起重新计算。"
            )
        case K.CORRECTION_SUBMITTED:
            files = data.get("files") or []
            extra = f"（附材料{len(files)}份）" if files else ""
            return f"您在网上提交了补正{extra}，等待工作人员确认收到。"
        case K.CORRECTION_RECEIVED:
            return (
                f"收到您的补正，收到补正之日为{_d(data.get('received_on'))}，"
                f"答复期限自该日起重新计算。{_due(event)}"
            )
        case K.CORRECTION_LAPSED:
            return "补正期限届满未收到补正，视为放弃申请，不再处理。"
        case K.CONSULTATION_STARTED:
            who = (
                "第三方"
                if data.get("kind", Consultation.Kind.THIRD_PARTY)
                == Consultation.Kind.THIRD_PARTY
                else "共同制作机关"
            )
            return (
                f"就您申请的信息征求{who}意见，征求意见期间不计入答复期限（暂停计算）。"
            )
        case K.CONSULTATION_REPLIED:
            return f"征求意见结束，答复期限恢复计算。{_due(event)}"
        case K.EXTENSION_APPROVED:
            return f"经批准延长答复期限，答复期限延长至{_d(event.due_after)}。"
        case K.ART35_REASONS_REQUESTED:
            return "请您说明申请理由，期间答复期限暂停计算。"
        case K.ART35_DELAY_SET:
            return f"确定延迟答复，答复期限为{_d(event.due_after)}。"
        case K.FEE_NOTICE_SENT:
            return (
                f"发出收费通知：信息处理费{case.fee_amount}元，缴费期限{_d(case.fee_due_on)}；"
                "缴费期间答复期限暂停计算。"
            )
        case K.FEE_PAID:
            return f"收到您缴纳的信息处理费，答复期限恢复计算。{_due(event)}"
        case K.FEE_UNPAID:
            return "逾期未缴纳信息处理费，视为放弃申请，不再处理。"
        case K.DECISION_APPROVED:
            label = OUTCOME_LABELS.get(data.get("outcome", case.outcome), "")
            return f"作出答复，处理结果：{label}。"
        case K.DELIVERED:
            return "答复已送达。"
        case K.ARCHIVED:
            return "办理完毕，已归档。"
        case K.LETTER_ISSUED if data.get("kind") in APPLICANT_LETTER_KINDS:
            label = LetterKind(data["kind"]).label
            return f"制发{label}（{data.get('number', '')}），可在本页下载。"
    return None


def public_history(case: Case, events: Iterable[CaseEvent] | None = None) -> list[Step]:
    """The applicant's history of ``case``, oldest first."""
    rows = events if events is not None else case.events.order_by("at", "pk")
    steps = []
    for event in rows:
        text = _line(event, case)
        if text:
            steps.append(Step(at=event.at, kind=event.kind, text=text))
    return steps
