"""The data center's background jobs (`gongkai worker`): parse one uploaded file;
build an Excel export."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone


@task()
def parse_import_file(file_id: int) -> str:
    """Parse the file ``file_id`` of an upload; returns its status."""
    from gongkai.datacenter.services import import_file_parse

    return import_file_parse(file_id=file_id, now=timezone.now()).status


@task()
def build_export(job_id: int) -> int:
    """Build the workbook of export ``job_id``; returns the number of reports."""
    from gongkai.datacenter.exports import export_job_run

    return export_job_run(job_id=job_id, now=timezone.now()).count
