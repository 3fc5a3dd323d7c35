"""The actions on a case: URL slug, form, service, and when the page offers them.

Each row becomes one URL and one POST view (``gongkai.web.actions.action_view``).
The page only *offers* an action when it fits; the service is what enforces the
state machine and the roles.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django import forms as django_forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from gongkai.accounts.permissions import separation_refuses
from gongkai.accounts.users import AnyUser
from gongkai.cases import forms, services
from gongkai.cases.models import Case, Status
from gongkai.cases.permissions import Action, can_perform
from gongkai.cases.views.common import case_page, get_case_or_404
from gongkai.errors import DomainError
from gongkai.law import provisions as law
from gongkai.web.actions import ActionSpec, ActionTarget
from gongkai.web.forms import LABEL_SUFFIX


def render_case_page(
    request: HttpRequest,
    case: Case,
    *,
    bound: Mapping[str, django_forms.BaseForm] | None = None,
    error: DomainError | None = None,
    status: int = 200,
    reveal: bool = False,
) -> HttpResponse:
    """The case page offering every action of :data:`ACTION_SPECS` that fits."""
    return case_page(
        request, case, actions=ACTION_SPECS, bound=bound, status=status, reveal=reveal
    )


def _case_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk])


CASE = ActionTarget[Case](
    name="case",
    load=get_case_or_404,
    render=render_case_page,
    url=_case_url,
    form_kwargs=lambda spec, case: {
        "case": case,
        "auto_id": spec.auto_id,
        "label_suffix": LABEL_SUFFIX,
    },
)


def _may(action: Action) -> Callable[[AnyUser, Case], bool]:
    return lambda user, case: can_perform(user, case, action)


def _spec(
    slug: str,
    action: Action,
    title: str,
    button: str,
    form_class: type[forms.CaseActionForm],
    service: Callable[..., object],
    success: str,
    available: Callable[[Case], bool],
    *,
    danger: bool = False,
    allowed: Callable[[AnyUser, Case], bool] | None = None,
    forbidden: str = "您没有办理此项操作的权限。",
) -> ActionSpec[Case]:
    return ActionSpec(
        slug=slug,
        target=CASE,
        title=title,
        form_class=form_class,
        service=service,
        success=success,
        allowed=allowed or _may(action),
        forbidden=forbidden,
        available=available,
        button=button,
        danger=danger,
    )


def _in(*statuses: Status) -> Callable[[Case], bool]:
    return lambda case: Status(case.status) in statuses


def _extension_open(case: Case) -> bool:
    return (
        Status(case.status) in services.EXTENSION_STATUSES
        and not case.extension_workdays
    )


def _extension_pending(case: Case) -> bool:
    """A request awaits the head, whatever else is pending (a draft reply too)."""
    return (
        Status(case.status) in services.EXTENSION_DECISION_STATUSES
        and not case.extension_workdays
        and bool(case.extension_requested_workdays)
    )


def _approver(
    action: Action, maker: Callable[[Case], int | None]
) -> Callable[[AnyUser, Case], bool]:
    """The role of ``action``, and under 分权审批 not the maker of the thing."""
    return lambda user, case: (
        can_perform(user, case, action)
        and not (separation_refuses(case.agency, user, maker(case)))
    )


def _extension_maker(case: Case) -> int | None:
    return case.extension_requested_by_id


SEPARATION_EXTENSION = "您没有办理此项操作的权限（本机关实行分权审批：申请延期的人不能审批自己的延期申请）。"
SEPARATION_DECISION = "您没有办理此项操作的权限（本机关实行分权审批：拟定答复的人不能审批自己拟定的答复）。"

ACTION_SPECS: tuple[ActionSpec[Case], ...] = (
    _spec(
        "confirm",
        Action.CONFIRM,
        f"确认收到申请（{law.ART_31.short_zh}）",
        "确认收到",
        forms.ConfirmForm,
        services.case_confirm_receipt,
        "已确认收到申请，开始计算期限。",
        _in(Status.SUBMITTED),
    ),
    _spec(
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
    _spec(
        "assign",
        Action.ASSIGN,
        "分办",
        "分办",
        forms.AssignForm,
        services.case_assign,
        "已分办。",
        _in(Status.REGISTERED, Status.IN_PROGRESS),
    ),
    _spec(
        "request-correction",
        Action.REQUEST_CORRECTION,
        f"告知补正（{law.ART_30_NOTICE.short_zh}）",
        "告知补正",
        forms.RequestCorrectionForm,
        services.case_request_correction,
        "已告知补正，答复期限待收到补正后重新计算。",
        lambda c: (
            Status(c.status) in {Status.REGISTERED, Status.IN_PROGRESS}
            and c.correction_requested_on is None
        ),
    ),
    _spec(
        "receive-correction",
        Action.RECEIVE_CORRECTION,
        "登记收到补正",
        "收到补正",
        forms.ReceiveCorrectionForm,
        services.case_receive_correction,
        "已登记补正，答复期限重新计算。",
        _in(Status.AWAITING_CORRECTION),
    ),
    _spec(
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
    _spec(
        "consult",
        Action.START_CONSULTATION,
        f"征求意见（{law.ART_32.short_zh}、{law.ART_34.article_zh}）",
        "发出征求意见书",
        forms.ConsultationForm,
        services.case_start_consultation,
        "已登记征求意见，期间不计入答复期限。",
        _in(Status.IN_PROGRESS),
    ),
    _spec(
        "consultation-reply",
        Action.RECORD_CONSULTATION_REPLY,
        "登记征求意见结果",
        "登记意见",
        forms.ConsultationReplyForm,
        services.case_record_consultation_reply,
        "已登记征求意见结果，答复期限恢复计算。",
        _in(Status.CONSULTING),
    ),
    _spec(
        "request-extension",
        Action.REQUEST_EXTENSION,
        "申请延期答复",
        "提交延期申请",
        forms.ExtensionRequestForm,
        services.case_request_extension,
        "已提交延期申请，等待负责人批准。",
        lambda c: _extension_open(c) and not c.extension_requested_workdays,
    ),
    _spec(
        "approve-extension",
        Action.APPROVE_EXTENSION,
        f"批准延期答复（{law.ART_33_2_EXTENSION.short_zh}）",
        "批准延期",
        forms.ExtensionApproveForm,
        services.case_approve_extension,
        "已批准延期答复，答复期限已重新计算。",
        _extension_pending,
        allowed=_approver(Action.APPROVE_EXTENSION, _extension_maker),
        forbidden=SEPARATION_EXTENSION,
    ),
    _spec(
        "refuse-extension",
        Action.APPROVE_EXTENSION,
        "不批准延期答复",
        "不批准",
        forms.ExtensionRefuseForm,
        services.case_refuse_extension,
        "已不批准延期申请，答复期限不变。",
        _extension_pending,
        danger=True,
        allowed=_approver(Action.APPROVE_EXTENSION, _extension_maker),
        forbidden=SEPARATION_EXTENSION,
    ),
    _spec(
        "request-reasons",
        Action.REQUEST_REASONS,
        f"要求说明理由（{law.ART_35.short_zh}）",
        "要求说明理由",
        forms.ReasonForm,
        services.case_request_reasons,
        "已要求申请人说明理由。",
        lambda c: (
            Status(c.status) == Status.IN_PROGRESS
            and c.art35_reasons_requested_on is None
        ),
    ),
    _spec(
        "art35-delay",
        Action.SET_ART35_DELAY,
        f"理由合理：确定延迟答复期限（{law.ART_35_DELAY.short_zh}）",
        "确定延迟答复期限",
        forms.Art35DelayForm,
        services.case_set_art35_delay,
        "已确定延迟答复期限。",
        _in(Status.AWAITING_REASONS),
    ),
    _spec(
        "fee-notice",
        Action.SEND_FEE_NOTICE,
        f"发出收费通知（{law.FEE_PAYMENT.instrument.number}）",
        "发出收费通知",
        forms.FeeNoticeForm,
        services.case_send_fee_notice,
        "已发出收费通知。",
        lambda c: (
            Status(c.status) == Status.IN_PROGRESS and c.fee_notice_sent_on is None
        ),
    ),
    _spec(
        "fee-paid",
        Action.RECORD_FEE_PAYMENT,
        "登记缴费",
        "已缴费",
        forms.FeePaidForm,
        services.case_record_fee_payment,
        "已登记缴费，答复期限恢复计算。",
        _in(Status.AWAITING_FEE),
    ),
    _spec(
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
    _spec(
        "decide",
        Action.DECIDE,
        "拟定答复",
        "提交审批",
        forms.DecideForm,
        services.case_decide,
        "答复已提交负责人审批。",
        _in(Status.IN_PROGRESS, Status.AWAITING_REASONS),
    ),
    _spec(
        "approve-decision",
        Action.APPROVE_DECISION,
        "审批答复",
        "批准答复",
        forms.ApproveDecisionForm,
        services.case_approve_decision,
        "已批准答复。",
        _in(Status.DECIDED),
        allowed=_approver(Action.APPROVE_DECISION, lambda c: c.decided_by_id),
        forbidden=SEPARATION_DECISION,
    ),
    _spec(
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
    _spec(
        "deliver",
        Action.RECORD_DELIVERY,
        "登记送达",
        "登记送达",
        forms.DeliveryForm,
        services.case_record_delivery,
        "已登记送达。",
        _in(Status.REPLIED),
    ),
    _spec(
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

SPECS_BY_SLUG: dict[str, ActionSpec[Case]] = {spec.slug: spec for spec in ACTION_SPECS}
