"""Importing an agency's already published report (parsed from its file)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.users import AnyUser
from gongkai.agencies.models import Agency
from gongkai.annual.model import Report
from gongkai.reports import permissions
from gongkai.reports.errors import ReportError
from gongkai.reports.models import AnnualReport, ReportEvent
from gongkai.reports.selectors import (
    agency_reports,
)
from gongkai.reports.services._common import (
    Status,
    _event,
    _require,
    _save_data,
)
from gongkai.reports.services.published import after_publish


@transaction.atomic
def report_import(
    *,
    agency: Agency,
    year: int,
    report: Report,
    acting_user: AnyUser,
    filename: str = "",
    now: dt.datetime | None = None,
) -> AnnualReport:
    """Store an agency's already published report (parsed from its file).

    It is kept as published (``source`` imported) under the agency's own name, so
    that next year's carry-over check can use it. A report compiled here for
    the same year is never replaced; an earlier import is.
    """
    _require(
        permissions.can_import(acting_user, agency),
        "只有负责人或机关管理员可以导入本机关已发布的年度报告。",
    )
    if report.year != year:
        report.year = year
    existing = agency_reports(agency, year).select_for_update().first()
    if existing is not None and existing.source == AnnualReport.Source.COMPILED:
        raise ReportError(
            f"{agency.name}{year}年度已有在本平台编制的报告，不能用导入的报告替换。"
        )
    obj = existing or AnnualReport(year=year)
    parsed_agency = report.agency
    report.agency = agency.name
    obj.agency = agency
    obj.agency_name = agency.name
    obj.source = AnnualReport.Source.IMPORTED
    obj.status = Status.PUBLISHED
    obj.published_at = obj.published_at or (now or timezone.now())
    _save_data(obj, report)
    obj.full_clean()
    obj.save()
    after_publish(obj)
    _event(
        obj,
        ReportEvent.Kind.IMPORTED,
        acting_user,
        data={"filename": filename, "parsed_agency": parsed_agency},
    )
    return obj
