"""Tasks of the cases app (run by `gongkai worker`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.tasks import task
from django.utils import timezone

from gongkai.calendars import progress


@task()
def recompute_open_clocks(years: list[int], regions: list[str] | None = None) -> int:
    """Recompute the open cases' due dates after a calendar change, in batches,
    reporting progress to the calendar page; returns the number changed."""
    from django.conf import settings

    from gongkai.cases.services import cases_recompute_open_clocks

    label = "重新计算办理中申请的答复期限"

    def report(done: int, total: int, changed: int) -> None:
        progress.report(
            label=label, done=done, total=total, changed=changed, now=timezone.now()
        )

    return cases_recompute_open_clocks(
        years=frozenset(years),
        regions=frozenset(regions) if regions is not None else None,
        workers=settings.RECOMPUTE_WORKERS,
        progress=report,
    )


def enqueue_recompute(
    *, years: Iterable[int], regions: Iterable[str] | None = None, **_: Any
) -> None:
    """The calendar hook's receiver: hand the work to the worker."""
    recompute_open_clocks.enqueue(
        sorted(years), sorted(regions) if regions is not None else None
    )


@task()
def build_case_export(export_id: int) -> int:
    """Build the workbook of case-list export ``export_id``; returns its rows."""
    from gongkai.cases.listing import case_export_run

    return case_export_run(export_id=export_id, now=timezone.now()).count
