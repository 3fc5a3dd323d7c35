"""Reads of annual reports."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.annual import jsonio
from gongkai.annual.model import Report
from gongkai.reports.models import AnnualReport


def published_reports() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED)


def report_data(obj: AnnualReport) -> Report:
    """The stored JSON as an ``annual.Report`` (validated on the way in)."""
    return jsonio.report_from_dict(obj.data)
