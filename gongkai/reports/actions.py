"""The annual report's workflow actions: submit, return, approve, publish.

Each row becomes one URL and one POST view (``gongkai.web.actions``): the report is
loaded through the access helper (404 when the user may not see it), the role is
checked (403), the form validated (400 with the Chinese errors), then exactly one
service of ``gongkai.reports.services`` runs — which checks the rules again
(分权审批, the findings that block a submission) and writes the event.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from gongkai.accounts.users import AnyUser
from gongkai.errors import DomainError
from gongkai.reports import permissions as perms
from gongkai.reports.forms import ReturnForm, SubmitForm
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import (
    SubmissionBlocked,
    report_approve,
    report_publish,
    report_return,
    report_submit,
)
from gongkai.reports.views import get_report, render_detail
from gongkai.web.actions import ActionSpec, ActionTarget
from gongkai.web.forms import EmptyForm


def _render(
    request: HttpRequest,
    obj: AnnualReport,
    /,
    *,
    bound: Mapping[str, forms.BaseForm],
    error: DomainError | None,
    status: int,
) -> HttpResponse:
    blocked = error.findings if isinstance(error, SubmissionBlocked) else None
    return render_detail(
        request, obj, forms=dict(bound), blocked=blocked, status=status
    )


REPORT = ActionTarget[AnnualReport](
    name="obj",
    load=get_report,
    render=_render,
    url=lambda obj: reverse("reports:detail", args=[obj.pk]),
)


def _may_submit(user: AnyUser, obj: AnnualReport) -> bool:
    return obj.agency is not None and perms.can_submit_report(user, obj, obj.agency)


def _may_approve(user: AnyUser, obj: AnnualReport) -> bool:
    return obj.agency is not None and perms.can_approve(user, obj.agency)


def _may_publish(user: AnyUser, obj: AnnualReport) -> bool:
    return obj.agency is not None and perms.can_publish(user, obj.agency)


REPORT_SPECS: list[ActionSpec[Any]] = [
    ActionSpec(
        "submit",
        REPORT,
        title="提交审核",
        form_class=SubmitForm,
        service=report_submit,
        success="已提交审核。",
        allowed=_may_submit,
        forbidden="您没有提交本机关年度报告的权限。",
    ),
    ActionSpec(
        "return",
        REPORT,
        title="退回修改",
        form_class=ReturnForm,
        service=report_return,
        success="已退回修改。",
        allowed=_may_approve,
        forbidden="只有负责人可以退回年度报告。",
    ),
    ActionSpec(
        "approve",
        REPORT,
        title="审核通过",
        form_class=EmptyForm,
        service=report_approve,
        success="已审核通过。",
        allowed=_may_approve,
        forbidden="只有负责人可以审核年度报告。",
    ),
    ActionSpec(
        "publish",
        REPORT,
        title="发布",
        form_class=EmptyForm,
        service=report_publish,
        success="已发布，报告已锁定并在门户网站公开。",
        allowed=_may_publish,
        forbidden="只有负责人或机关管理员可以发布年度报告。",
    ),
]
