"""What every way of publishing a report does once it is published.

``report_publish`` (the workflow), ``report_import`` and ``report_store`` (the
samples) all end here: the findings summary the public list shows is stored
(the rules run once, not on every view of the list), the public pages are
invalidated, and the worker renders the .docx and PDF once
(``gongkai/reports/files.py``).
"""

from __future__ import annotations

from django.db import transaction

from gongkai.annual import rules
from gongkai.reports.files import render_published
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import report_data
from gongkai.web import public_cache


def findings_summary(obj: AnnualReport) -> tuple[int, int]:
    """(errors, warnings) of the rules on ``obj``'s data."""
    findings = rules.check(report_data(obj))
    return (
        sum(f.severity == "error" for f in findings),
        sum(f.severity == "warning" for f in findings),
    )


def after_publish(obj: AnnualReport) -> None:
    obj.findings_errors, obj.findings_warnings = findings_summary(obj)
    AnnualReport.objects.filter(pk=obj.pk).update(
        findings_errors=obj.findings_errors, findings_warnings=obj.findings_warnings
    )
    public_cache.invalidate()
    pk = obj.pk
    transaction.on_commit(lambda: render_published.enqueue(pk))
