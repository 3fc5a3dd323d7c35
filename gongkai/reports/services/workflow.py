"""The report's workflow: submit (every rule run), return, approve, publish."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.permissions import separation_refuses
from gongkai.accounts.users import AnyUser
from gongkai.annual import rules
from gongkai.reports import permissions
from gongkai.reports.errors import ReportError, SubmissionBlocked
from gongkai.reports.models import AnnualReport, ReportEvent
from gongkai.reports.selectors import (
    report_findings,
)
from gongkai.reports.services._common import (
    Status,
    _event,
    _lock,
    _require,
)
from gongkai.reports.services.published import after_publish


def _transition(
    obj: AnnualReport,
    *,
    allowed_from: tuple[str, ...],
    to: str,
    verb: str,
) -> str:
    if obj.locked:
        raise ReportError("该报告已发布并锁定。")
    if not obj.has_workflow:
        raise ReportError("导入或示例的报告没有审核流程。")
    if obj.status not in allowed_from:
        raise ReportError(f"该报告{obj.get_status_display()}，不能{verb}。")
    before = obj.status
    obj.status = to
    return before


@transaction.atomic
def report_submit(
    *, obj: AnnualReport, acting_user: AnyUser, acknowledge_warnings: bool = False
) -> AnnualReport:
    """Submit the report for approval (机关管理员 or 负责人).

    Every rule of ``annual.rules`` runs first (with last year's report for the
    carry-over check): an error blocks submission; warnings must be
    acknowledged (国办公开办函〔2021〕30号 三、（四）: 报告应"统得出、报得准、可核查").
    """
    obj = _lock(obj)
    _require(
        obj.agency is not None
        and permissions.can_submit_report(acting_user, obj, obj.agency),
        "只有机关管理员或负责人可以提交年度报告。",
    )
    findings = report_findings(obj)
    errors = [f for f in findings if f.severity is rules.Severity.ERROR]
    warnings = [f for f in findings if f.severity is rules.Severity.WARNING]
    before = _transition(
        obj,
        allowed_from=(Status.DRAFT, Status.RETURNED),
        to=Status.SUBMITTED,
        verb="提交",
    )
    if errors:
        raise SubmissionBlocked(
            f"报告有 {len(errors)} 项错误，改正后才能提交。", errors
        )
    if warnings and not acknowledge_warnings:
        raise SubmissionBlocked(
            f"报告有 {len(warnings)} 项警告，请逐项核实并勾选“已核实警告”后再提交。",
            warnings,
        )
    obj.return_reason = ""
    obj.save()
    _event(
        obj,
        ReportEvent.Kind.SUBMITTED,
        acting_user,
        before=before,
        data={"acknowledged_warnings": [f.to_dict() for f in warnings]},
    )
    return obj


@transaction.atomic
def report_return(
    *, obj: AnnualReport, acting_user: AnyUser, reason: str
) -> AnnualReport:
    """Return a submitted or approved report for changes (负责人), with a reason."""
    obj = _lock(obj)
    _require(
        obj.agency is not None and permissions.can_approve(acting_user, obj.agency),
        "只有负责人可以退回年度报告。",
    )
    reason = reason.strip()
    before = _transition(
        obj,
        allowed_from=(Status.SUBMITTED, Status.APPROVED),
        to=Status.RETURNED,
        verb="退回",
    )
    if not reason:
        raise ReportError("请填写退回理由。")
    obj.return_reason = reason
    obj.save()
    _event(obj, ReportEvent.Kind.RETURNED, acting_user, before=before, reason=reason)
    return obj


@transaction.atomic
def report_approve(*, obj: AnnualReport, acting_user: AnyUser) -> AnnualReport:
    """Approve a submitted report (负责人)."""
    obj = _lock(obj)
    _require(
        obj.agency is not None and permissions.can_approve(acting_user, obj.agency),
        "只有负责人可以审核年度报告。",
    )
    submitter = (
        obj.events.filter(kind=ReportEvent.Kind.SUBMITTED)
        .order_by("-at", "-pk")
        .values_list("actor_id", flat=True)
        .first()
    )
    if obj.agency is not None and separation_refuses(
        obj.agency, acting_user, submitter
    ):
        raise ReportError(
            "本机关实行分权审批：提交年度报告的人不能审核自己提交的报告，"
            "请由另一位负责人审核。"
        )
    before = _transition(
        obj, allowed_from=(Status.SUBMITTED,), to=Status.APPROVED, verb="审核通过"
    )
    obj.save()
    _event(obj, ReportEvent.Kind.APPROVED, acting_user, before=before)
    return obj


@transaction.atomic
def report_publish(
    *, obj: AnnualReport, acting_user: AnyUser, now: dt.datetime | None = None
) -> AnnualReport:
    """Publish an approved report (负责人 or 机关管理员); it is locked from now on."""
    obj = _lock(obj)
    _require(
        obj.agency is not None and permissions.can_publish(acting_user, obj.agency),
        "只有负责人或机关管理员可以发布年度报告。",
    )
    before = _transition(
        obj, allowed_from=(Status.APPROVED,), to=Status.PUBLISHED, verb="发布"
    )
    obj.published_at = now or timezone.now()
    obj.save()
    after_publish(obj)
    _event(obj, ReportEvent.Kind.PUBLISHED, acting_user, before=before)
    return obj
