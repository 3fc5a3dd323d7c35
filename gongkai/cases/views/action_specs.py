"""The actions on a case: URL slug, form, service, and when the page offers them.

The page only *offers* an action when it fits; the service is what enforces the
state machine and the roles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gongkai.cases import forms, services
from gongkai.cases.models import Case, Status
from gongkai.cases.permissions import Action


@dataclass(frozen=True)
class ActionSpec:
    slug: str
    action: Action
    title: str
    button: str
    form_class: type[forms.CaseActionForm]
    service: Callable[..., Any]
    success: str
    available: Callable[[Case], bool]
    danger: bool = False

    @property
    def auto_id(self) -> str:
        """Unique element ids per action form, so every label points at one input."""
        return f"id_{self.slug}_%s"


def _in(*statuses: Status) -> Callable[[Case], bool]:
    return lambda case: Status(case.status) in statuses


def _extension_open(case: Case) -> bool:
    return (
        Status(case.status) in services.EXTENSION_STATUSES
        and not case.extension_workdays
    )


ACTION_SPECS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "confirm",
        Action.CONFIRM,
        "确认收到申请（条例第三十一条）",
        "确认收到",
        forms.ConfirmForm,
        services.case_confirm_receipt,
        "已确认收到申请，开始计算期限。",
        _in(Status.SUBMITTED),
    ),
    ActionSpec(
        "discard",
        Action.DISCARD,
        "作废（非有效申请）",
        "作废",
        forms.ReasonForm,
        services.case_discard,
        "已作废。",
        _in(Status.SUBMITTED),
        danger=True,
    ),
    ActionSpec(
        "assign",
        Action.ASSIGN,
        "分办",
        "分办",
        forms.AssignForm,
        services.case_assign,
        "已分办。",
        _in(Status.REGISTERED, Status.IN_PROGRESS),
    ),
    ActionSpec(
        "request-correction",
        Action.REQUEST_CORRECTION,
        "告知补正（条例第三十条）",
        "告知补正",
        forms.RequestCorrectionForm,
        services.case_request_correction,
        "已告知补正，答复期限待收到补正后重新计算。",
        lambda c: (
            Status(c.status) in {Status.REGISTERED, Status.IN_PROGRESS}
            and c.correction_requested_on is None
        ),
    ),
    ActionSpec(
        "receive-correction",
        Action.RECEIVE_CORRECTION,
        "登记收到补正",
        "收到补正",
        forms.ReceiveCorrectionForm,
        services.case_receive_correction,
        "已登记补正，答复期限重新计算。",
        _in(Status.AWAITING_CORRECTION),
    ),
    ActionSpec(
        "lapse-correction",
        Action.LAPSE_CORRECTION,
        "逾期未补正，视为放弃申请",
        "按逾期未补正终止",
        forms.LapseCorrectionForm,
        services.case_lapse_correction,
        "已按逾期未补正终止处理。",
        _in(Status.AWAITING_CORRECTION),
        danger=True,
    ),
    ActionSpec(
        "consult",
        Action.START_CONSULTATION,
        "征求意见（条例第三十二条、第三十四条）",
        "发出征求意见书",
        forms.ConsultationForm,
        services.case_start_consultation,
        "已登记征求意见，期间不计入答复期限。",
        _in(Status.IN_PROGRESS),
    ),
    ActionSpec(
        "consultation-reply",
        Action.RECORD_CONSULTATION_REPLY,
        "登记征求意见结果",
        "登记意见",
        forms.ConsultationReplyForm,
        services.case_record_consultation_reply,
        "已登记征求意见结果，答复期限恢复计算。",
        _in(Status.CONSULTING),
    ),
    ActionSpec(
        "request-extension",
        Action.REQUEST_EXTENSION,
        "申请延期答复",
        "提交延期申请",
        forms.ExtensionRequestForm,
        services.case_request_extension,
        "已提交延期申请，等待负责人批准。",
        lambda c: _extension_open(c) and not c.extension_requested_workdays,
    ),
    ActionSpec(
        "approve-extension",
        Action.APPROVE_EXTENSION,
        "批准延期答复（条例第三十三条第二款）",
        "批准延期",
        forms.ExtensionApproveForm,
        services.case_approve_extension,
        "已批准延期答复，答复期限已重新计算。",
        lambda c: _extension_open(c) and bool(c.extension_requested_workdays),
    ),
    ActionSpec(
        "request-reasons",
        Action.REQUEST_REASONS,
        "要求说明理由（条例第三十五条）",
        "要求说明理由",
        forms.ReasonForm,
        services.case_request_reasons,
        "已要求申请人说明理由。",
        lambda c: (
            Status(c.status) == Status.IN_PROGRESS
            and c.art35_reasons_requested_on is None
        ),
    ),
    ActionSpec(
        "art35-delay",
        Action.SET_ART35_DELAY,
        "理由合理：确定延迟答复期限（条例第三十五条）",
        "确定延迟答复期限",
        forms.Art35DelayForm,
        services.case_set_art35_delay,
        "已确定延迟答复期限。",
        _in(Status.AWAITING_REASONS),
    ),
    ActionSpec(
        "fee-notice",
        Action.SEND_FEE_NOTICE,
        "发出收费通知（国办函〔2020〕109号）",
        "发出收费通知",
        forms.FeeNoticeForm,
        services.case_send_fee_notice,
        "已发出收费通知。",
        lambda c: (
            Status(c.status) == Status.IN_PROGRESS and c.fee_notice_sent_on is None
        ),
    ),
    ActionSpec(
        "fee-paid",
        Action.RECORD_FEE_PAYMENT,
        "登记缴费",
        "已缴费",
        forms.FeePaidForm,
        services.case_record_fee_payment,
        "已登记缴费，答复期限恢复计算。",
        _in(Status.AWAITING_FEE),
    ),
    ActionSpec(
        "fee-unpaid",
        Action.RECORD_FEE_NONPAYMENT,
        "逾期未缴费，视为放弃申请",
        "按逾期未缴费终止",
        forms.EmptyActionForm,
        services.case_record_fee_nonpayment,
        "已按逾期未缴费终止处理。",
        _in(Status.AWAITING_FEE),
        danger=True,
    ),
    ActionSpec(
        "decide",
        Action.DECIDE,
        "拟定答复",
        "提交审批",
        forms.DecideForm,
        services.case_decide,
        "答复已提交负责人审批。",
        _in(Status.IN_PROGRESS, Status.AWAITING_REASONS),
    ),
    ActionSpec(
        "approve-decision",
        Action.APPROVE_DECISION,
        "审批答复",
        "批准答复",
        forms.ApproveDecisionForm,
        services.case_approve_decision,
        "已批准答复。",
        _in(Status.DECIDED),
    ),
    ActionSpec(
        "return-decision",
        Action.RETURN_DECISION,
        "退回答复",
        "退回承办人",
        forms.ReasonForm,
        services.case_return_decision,
        "已退回承办人。",
        _in(Status.DECIDED),
        danger=True,
    ),
    ActionSpec(
        "deliver",
        Action.RECORD_DELIVERY,
        "登记送达",
        "登记送达",
        forms.DeliveryForm,
        services.case_record_delivery,
        "已登记送达。",
        _in(Status.REPLIED),
    ),
    ActionSpec(
        "archive",
        Action.ARCHIVE,
        "归档",
        "归档",
        forms.EmptyActionForm,
        services.case_archive,
        "已归档。",
        _in(Status.DELIVERED, Status.CLOSED),
    ),
)

SPECS_BY_SLUG: dict[str, ActionSpec] = {spec.slug: spec for spec in ACTION_SPECS}
