"""Helpers every report service shares: the row lock, the event, storing the data."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gongkai.accounts.users import AnyUser, staff_user
from gongkai.annual import jsonio
from gongkai.annual.errors import ReportDataError
from gongkai.annual.model import Report
from gongkai.reports.errors import ReportError
from gongkai.reports.models import AnnualReport, ReportEvent

Status = AnnualReport.Status


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _lock(obj: AnnualReport) -> AnnualReport:
    return (
        AnnualReport.objects.select_related("agency")
        .select_for_update(of=("self",))
        .get(pk=obj.pk)
    )


def _event(
    obj: AnnualReport,
    kind: ReportEvent.Kind,
    actor: AnyUser,
    *,
    before: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    ReportEvent.objects.create(
        report=obj,
        kind=kind,
        actor=staff_user(actor),
        at=timezone.now(),
        status_before=before,
        status_after=obj.status,
        reason=reason,
        data=data or {},
    )


def _save_data(obj: AnnualReport, report: Report) -> None:
    """Store ``report`` as the object's JSON, validated by a round trip."""
    data = jsonio.report_to_dict(report)
    try:
        jsonio.report_from_dict(json.loads(json.dumps(data)))
    except ReportDataError as exc:
        raise ReportError(str(exc)) from None
    obj.data = data
    obj.format = report.format.id


CONCURRENT_MESSAGE = "该机关该年度的报告正由他人同时生成，请刷新页面后再试。"


def _require_editable(obj: AnnualReport) -> None:
    if obj.locked:
        raise ReportError("该报告已发布并锁定，不能再修改。")
    if obj.aggregated:
        raise ReportError(
            "汇总报告的表格由下级机关的报告相加得出，不能直接修改；请“重新汇总”。"
        )
    if obj.source != AnnualReport.Source.COMPILED:
        raise ReportError("导入或示例的报告不能在本平台修改。")
    if not obj.editable:
        raise ReportError(
            f"该报告{obj.get_status_display()}，只有草稿或被退回的报告可以修改。"
        )
