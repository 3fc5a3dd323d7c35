"""The shared run of a queued Excel export: done once, failed with a message,
and visible to its owner only (shown on the case list's export)."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import RequestFactory

from gongkai.cases.models import CaseExport
from gongkai.testing import TODAY, at
from gongkai.web import export_jobs

pytestmark = pytest.mark.django_db


def _queued(cast, enqueued: list[int]) -> CaseExport:
    return export_jobs.queue(
        CaseExport,
        enqueued.append,
        owner=cast.head,
        params={"q": "张三"},
        created_at=at(TODAY),
    )


def test_a_job_is_handed_to_the_worker_only_after_the_commit(
    cast, django_capture_on_commit_callbacks
):
    enqueued: list[int] = []
    with django_capture_on_commit_callbacks(execute=True):
        job = _queued(cast, enqueued)
        assert enqueued == []
    assert enqueued == [job.pk]
    assert job.status == CaseExport.Status.QUEUED and job.pending


def test_a_failed_build_says_so_to_the_owner_and_reaches_the_worker(cast, settings):
    job = _queued(cast, [])

    def broken(_job: CaseExport) -> tuple[int, bytes]:
        raise RuntimeError("the disk is full")

    with pytest.raises(RuntimeError, match="disk is full"):
        export_jobs.run(
            CaseExport, job.pk, now=at(TODAY), build=broken, filename="x.xlsx"
        )
    job.refresh_from_db()
    assert job.status == CaseExport.Status.FAILED and not job.pending
    assert job.message == export_jobs.FAILED_MESSAGE
    assert job.finished_at == at(TODAY) and not job.content


def test_a_done_job_is_not_built_again_and_downloads_to_its_owner_only(
    cast, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    job = _queued(cast, [])
    builds: list[int] = []

    def build(built: CaseExport) -> tuple[int, bytes]:
        builds.append(built.pk)
        return 7, b"PK\x03\x04 workbook"

    for _ in range(2):  # a retry of a finished task
        export_jobs.run(
            CaseExport, job.pk, now=at(TODAY), build=build, filename="c.xlsx"
        )
    assert builds == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.count) == (CaseExport.Status.DONE, 7)

    request = RequestFactory().get("/")
    request.user = cast.head
    response = export_jobs.download(
        export_jobs.own(CaseExport, request, job.pk), "申请列表"
    )
    assert b"".join(response.streaming_content) == b"PK\x03\x04 workbook"
    assert "attachment" in response["Content-Disposition"]
    request.user = cast.handler
    with pytest.raises(Http404):
        export_jobs.own(CaseExport, request, job.pk)


def test_an_unfinished_job_has_nothing_to_download(cast):
    with pytest.raises(Http404):
        export_jobs.download(_queued(cast, []), "申请列表")
