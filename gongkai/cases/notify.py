"""Which events of an application notify whom, and what they say.

The messages of the cases app, written through ``gongkai.notifications`` (which
knows nothing of applications). ``notify_case_event(event)`` is called by the
cases services right after they
write a ``CaseEvent`` (same transaction). The applicant hears of the receipt,
补正 requests, extensions, fee notices, replies and closures; staff hear of new
online applications, assignments, approvals waiting, returned drafts, 补正
submitted online, and (from the scheduled commands) due-soon, overdue and lapsed
periods. The text is plain Chinese and says nothing internal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.notifications.models import Notification
from gongkai.notifications.services import Message, notify_applicant, notify_staff
from gongkai.workdays.calendar import format_date_zh

PREFIX = "【政府信息公开】"


def _date(value: str | dt.date | None) -> str:
    if not value:
        return "（待定）"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return format_date_zh(value, weekday=False)


def agency_people(agency_id: int, roles: set[Role]) -> list[Any]:
    """Active staff holding one of ``roles`` in the agency."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__agency_id=agency_id,
            memberships__role__in=roles,
        )
        .distinct()
        .order_by("pk")
    )


def _track() -> str:
    return reverse("track:track")


def _case_link(case: Any) -> str:
    return reverse("cases:detail", args=[case.pk])


def _name(case: Any) -> str:
    return case.number or "您的申请"


# -- the applicant -------------------------------------------------------------


def _applicant_message(event: Any) -> Message | None:
    from gongkai.cases.models import CaseEvent
    from gongkai.letters.kinds import is_reply

    case = event.case
    agency = case.agency.name
    kind = CaseEvent.Kind
    if event.kind == kind.SUBMITTED:
        return Message(
            topic="applicant.submitted",
            subject=f"{PREFIX}已收到您的在线申请",
            body=(
                f"您向{agency}提交的政府信息公开申请已收到，工作人员确认后予以登记。\n"
                f"查询码：{case.query_code}（请妥善保存，凭查询码和联系电话后四位查询办理进度）。"
            ),
            link=_track(),
            sms=f"{PREFIX}您向{agency}提交的申请已收到，查询码{case.query_code}，工作人员确认后登记。",
        )
    if event.kind in (kind.CONFIRMED, kind.REGISTERED) and case.received_on:
        due = f"答复期限为{_date(case.due_on)}。" if case.due_on else ""
        return Message(
            topic="applicant.received",
            subject=f"{PREFIX}您的申请已受理（{case.number}）",
            body=(
                f"{agency}已受理您的政府信息公开申请，登记号{case.number}，"
                f"收到申请之日为{_date(case.received_on)}。{due}"
            ),
            link=_track(),
            sms=f"{PREFIX}{agency}已受理您的申请（{case.number}），{due}",
        )
    if event.kind == kind.CORRECTION_REQUESTED:
        return Message(
            topic="applicant.correction",
            subject=f"{PREFIX}请补正您的申请（{_name(case)}）",
            body=(
                f"{agency}请您对政府信息公开申请作出补正。\n需要补正的事项：{case.correction_items}\n"
                f"补正期限：{_date(case.correction_due_on)}。逾期无正当理由不补正的，视为放弃申请。\n"
                "您可在查询页面在线提交补正。"
            ),
            link=_track(),
            sms=f"{PREFIX}{agency}请您补正申请（{_name(case)}），期限{_date(case.correction_due_on)}，详见查询页面或电子邮件。",
        )
    if event.kind == kind.EXTENSION_APPROVED:
        return Message(
            topic="applicant.extension",
            subject=f"{PREFIX}答复期限延长（{_name(case)}）",
            body=(
                f"{agency}经批准延长答复期限，您的申请（{_name(case)}）的答复期限延长至"
                f"{_date(event.due_after)}。"
            ),
            link=_track(),
            sms=f"{PREFIX}您的申请（{_name(case)}）答复期限延长至{_date(event.due_after)}。",
        )
    if event.kind == kind.FEE_NOTICE_SENT:
        return Message(
            topic="applicant.fee",
            subject=f"{PREFIX}信息处理费缴费通知（{_name(case)}）",
            body=(
                f"您的申请（{_name(case)}）需缴纳信息处理费{case.fee_amount}元，"
                f"缴费期限为{_date(case.fee_due_on)}。逾期未缴纳的，视为放弃申请。"
            ),
            link=_track(),
            sms=f"{PREFIX}您的申请（{_name(case)}）需缴纳信息处理费{case.fee_amount}元，期限{_date(case.fee_due_on)}。",
        )
    if event.kind == kind.DECISION_APPROVED:
        return Message(
            topic="applicant.replied",
            subject=f"{PREFIX}您的申请已答复（{_name(case)}）",
            body=(
                f"{agency}已于{_date(case.approved_on)}对您的申请（{_name(case)}）作出答复。"
                "答复书制发后可在查询页面下载；如对答复有意见，可在查询页面作出评价。"
            ),
            link=_track(),
            sms=f"{PREFIX}您的申请（{_name(case)}）已于{_date(case.approved_on)}答复，请在查询页面查看。",
        )
    if event.kind in (kind.CORRECTION_LAPSED, kind.FEE_UNPAID):
        return Message(
            topic="applicant.closed",
            subject=f"{PREFIX}您的申请已终止处理（{_name(case)}）",
            body=f"{agency}对您的申请（{_name(case)}）终止处理：{case.reasons}",
            link=_track(),
            sms=f"{PREFIX}您的申请（{_name(case)}）已终止处理，详见查询页面。",
        )
    if event.kind == kind.LETTER_ISSUED and is_reply(event.data.get("kind", "")):
        return Message(
            topic="applicant.letter",
            subject=f"{PREFIX}答复书已制发（{event.data.get('number', '')}）",
            body=(
                f"{agency}对您的申请（{_name(case)}）的答复书（{event.data.get('number', '')}）"
                "已制发，您可在查询页面下载。"
            ),
            link=_track(),
        )
    return None


# -- staff ----------------------------------------------------------------------------


def _staff_message(event: Any) -> tuple[list[Any], Message] | None:
    from gongkai.cases.models import CaseEvent

    case = event.case
    kind = CaseEvent.Kind
    link = _case_link(case)
    label = case.number or case.query_code
    if event.kind == kind.SUBMITTED:
        return agency_people(case.agency_id, {Role.REGISTRAR}), Message(
            topic="staff.submitted",
            subject=f"{PREFIX}新的在线申请待确认",
            body=f"收到{case.applicant_name}的在线申请，请核对后确认收到或作废。",
            link=link,
        )
    if event.kind == kind.ASSIGNED and case.assignee_id:
        return [case.assignee], Message(
            topic="staff.assigned",
            subject=f"{PREFIX}分办给您的申请：{label}",
            body=f"申请{label}已分办给您承办，答复期限为{_date(case.due_on)}。",
            link=link,
        )
    if event.kind == kind.EXTENSION_REQUESTED:
        return agency_people(case.agency_id, {Role.HEAD}), Message(
            topic="staff.approval",
            subject=f"{PREFIX}延期答复待审批：{label}",
            body=f"{event.actor_label}申请延期答复申请{label}，请审批。",
            link=link,
        )
    if event.kind == kind.DECIDED:
        return agency_people(case.agency_id, {Role.HEAD}), Message(
            topic="staff.approval",
            subject=f"{PREFIX}答复待审批：{label}",
            body=f"{event.actor_label}已拟定申请{label}的答复，请审批。",
            link=link,
        )
    if event.kind == kind.DECISION_RETURNED and case.assignee_id:
        return [case.assignee], Message(
            topic="staff.returned",
            subject=f"{PREFIX}答复被退回：{label}",
            body=f"申请{label}的答复被退回：{event.reason}",
            link=link,
        )
    if event.kind == kind.CORRECTION_SUBMITTED:
        people = agency_people(case.agency_id, {Role.REGISTRAR})
        if case.assignee_id:
            people.insert(0, case.assignee)
        return people, Message(
            topic="staff.correction_submitted",
            subject=f"{PREFIX}申请人已在线提交补正：{label}",
            body=f"申请{label}的申请人已在线提交补正，请核对后登记收到补正。",
            link=link,
        )
    return None


def notify_case_event(event: Any) -> list[Notification]:
    """The notifications an event causes (none for most); call in its transaction."""
    cause = f"caseevent:{event.pk}"
    written: list[Notification] = []
    message = _applicant_message(event)
    if message is not None:
        written += notify_applicant(
            case=event.case, message=message, cause=cause, now=event.at
        )
    staff = _staff_message(event)
    if staff is not None:
        people, message = staff
        written += notify_staff(
            people=people,
            agency_id=event.case.agency_id,
            case_id=event.case_id,
            message=message,
            cause=cause,
            now=event.at,
        )
    return written


def notify_staff_of_case(
    event: Any, *, people: list[Any], subject: str, body: str, topic: str
) -> list[Notification]:
    """Staff notices of the scheduled commands (reminders, lapsed periods)."""
    return notify_staff(
        people=people,
        agency_id=event.case.agency_id,
        case_id=event.case_id,
        message=Message(
            topic=topic, subject=subject, body=body, link=_case_link(event.case)
        ),
        cause=f"caseevent:{event.pk}",
        now=event.at,
    )
