"""The 汇总: a government's report added up from the reports of the agencies below."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.accounts.users import AnyUser
from gongkai.agencies.models import Agency
from gongkai.annual.aggregate import aggregate
from gongkai.annual.errors import ReportDataError
from gongkai.annual.formats import format_for_year
from gongkai.reports import permissions
from gongkai.reports.errors import ReportError
from gongkai.reports.models import AnnualReport, ReportEvent
from gongkai.reports.selectors import (
    aggregate_parts,
    aggregated_reports,
    report_data,
)
from gongkai.reports.services._common import (
    CONCURRENT_MESSAGE,
    Status,
    _event,
    _require,
    _save_data,
)


def report_aggregate(
    *, agency: Agency, year: int, acting_user: AnyUser
) -> AnnualReport:
    """Build or refresh ``agency``'s 汇总 for ``year`` from the reports below it.

    The approved or published reports of ``selectors.aggregate_parts`` are added
    up cell by cell (``annual.aggregate``); the lower agencies still missing or
    not yet approved are recorded in the event with their deadlines, and the
    literals counted as 0 with their notes. The 汇总 is a report of its own
    (source 汇总) and goes through the same workflow; a recompute keeps its
    narrative. 国办公开办函〔2021〕30号 二、报告方式及时间 (legal.md §2.7).
    """
    try:
        with transaction.atomic():
            return _aggregate(agency=agency, year=year, acting_user=acting_user)
    except IntegrityError:
        raise ReportError(CONCURRENT_MESSAGE) from None


def _aggregate(*, agency: Agency, year: int, acting_user: AnyUser) -> AnnualReport:
    _require(
        permissions.can_aggregate(acting_user, agency),
        "只有上级政务公开办或本机关负责人、机关管理员可以汇总年度报告。",
    )
    try:
        fmt = format_for_year(year)
    except ReportDataError as exc:
        raise ReportError(str(exc)) from None
    if year > timezone.localdate().year:
        raise ReportError(f"{year}年度尚未开始，不能汇总年度报告。")
    parts = aggregate_parts(agency, year)
    ready = [p for p in parts if p.ready]
    try:
        result = aggregate(
            [report_data(p.report) for p in ready if p.report is not None],
            agency=agency.name,
            year=year,
            format=fmt,
        )
    except ReportDataError as exc:
        raise ReportError(str(exc)) from None
    existing = aggregated_reports(agency, year).select_for_update().first()
    if existing is None:
        obj = AnnualReport(
            agency=agency,
            agency_name=agency.name,
            year=year,
            source=AnnualReport.Source.AGGREGATED,
            status=Status.DRAFT,
        )
        sections = result.report.sections
    else:
        if not existing.sections_editable:
            raise ReportError(
                f"该汇总报告{existing.get_status_display()}，只有草稿或被退回的汇总报告可以重新汇总。"
            )
        obj = existing
        sections = report_data(obj).sections
    result.report.sections = sections
    _save_data(obj, result.report)
    obj.compiled_at = timezone.now()
    obj.version += 1 if obj.pk else 0
    obj.full_clean(validate_constraints=False)  # the database decides a race
    obj.save()
    missing = [
        {
            "agency": p.agency.name,
            "status": p.report.get_status_display() if p.report else "未编制",
            "deadline": p.deadline.date.isoformat(),
        }
        for p in parts
        if not p.ready
    ]
    _event(
        obj,
        ReportEvent.Kind.AGGREGATED,
        acting_user,
        before=obj.status,
        data={
            "included": [p.agency.name for p in ready],
            "missing": missing,
            "notes": [n.message for n in result.notes],
        },
    )
    return obj
