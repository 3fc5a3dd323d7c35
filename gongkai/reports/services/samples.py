"""The packaged sample reports and the demo office's report (portal demo)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai.annual import jsonio
from gongkai.annual.model import Report
from gongkai.reports.models import AnnualReport
from gongkai.reports.services.published import after_publish

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"


@transaction.atomic
def report_store(
    *,
    report: Report,
    source: AnnualReport.Source,
    status: AnnualReport.Status = AnnualReport.Status.DRAFT,
    now: dt.datetime | None = None,
) -> AnnualReport:
    """Create or replace the stored report of ``report.agency`` for ``report.year``.

    Used for sample reports (no agency link). A published report is locked:
    storing over it is refused, unless it is a sample itself.
    """
    existing = (
        AnnualReport.objects.select_for_update()
        .filter(agency_name=report.agency, year=report.year)
        .first()
    )
    if existing is not None and existing.status == AnnualReport.Status.PUBLISHED:
        if existing.source != AnnualReport.Source.SAMPLE:
            raise ValueError(f"{existing} 已发布并锁定，不能覆盖")
    obj = existing or AnnualReport(agency_name=report.agency, year=report.year)
    obj.format = report.format.id
    obj.data = json.loads(jsonio.dumps(report))
    obj.source = source
    obj.status = status
    if status == AnnualReport.Status.PUBLISHED and obj.published_at is None:
        obj.published_at = now or timezone.now()
    obj.full_clean()
    obj.save()
    if status == AnnualReport.Status.PUBLISHED:
        after_publish(obj)
    return obj


def report_load_samples() -> list[AnnualReport]:
    """Load the packaged sample reports as published reports (idempotent)."""
    stored = []
    for path in sorted(SAMPLES_DIR.glob("*.json")):
        stored.append(
            report_store(
                report=jsonio.load_path(path),
                source=AnnualReport.Source.SAMPLE,
                status=AnnualReport.Status.PUBLISHED,
            )
        )
    return stored
