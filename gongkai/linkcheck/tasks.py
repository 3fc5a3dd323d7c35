"""The link check's work for the worker (``gongkai worker``)."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from gongkai.linkcheck.models import CheckRun


@task()
def run_link_check(run_id: int) -> dict[str, Any]:
    """Run a queued check (``services.check_request`` enqueues it)."""
    # services enqueues this task, so it is imported here, not at the top.
    from gongkai.linkcheck.services import check_run

    run = check_run(CheckRun.objects.select_related("agency").get(pk=run_id))
    return {"run": run.pk, "status": run.status, "found": run.found, "fixed": run.fixed}
