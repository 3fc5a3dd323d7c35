"""Excel exports built in the task worker, downloadable by their owner only.

The staff case list (``cases/listing.py``) and the data center's catalogue
(``datacenter/exports.py``) both queue a workbook instead of building it in
the request. What they share lives here: the job's states and fields
(``ExportJobBase``), queueing after the commit (``queue``), the run with its
failure path (``run``), and the owner-only lookup and download (``own``,
``download``). Each app keeps its own model (its filters and its labels) and
its own builder of the workbook.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone

from gongkai.web.exports import XLSX

log = logging.getLogger(__name__)

FAILED_MESSAGE = "生成失败，请稍后重新导出；如仍失败，请联系系统管理员。"


class ExportJobBase(models.Model):
    """A queued workbook: who asked, when, where it stands, and the file.

    Subclasses add their filters, a ``count`` (what the rows are, in their own
    words) and the ``content`` file field (their own folder).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "生成失败"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导出人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    message = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("申请时间")
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    count: Any
    content: Any

    class Meta:
        abstract = True
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"导出 {self.pk}"

    @property
    def pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


def queue[Job: ExportJobBase](
    model: type[Job], enqueue: Callable[[int], object], **fields: Any
) -> Job:
    """Create the job and hand its id to ``enqueue`` (a task's ``enqueue``)
    once the transaction commits, so the worker never reads it too early."""
    job = model._default_manager.create(**fields)
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def run[Job: ExportJobBase](
    model: type[Job],
    job_id: int,
    *,
    now: dt.datetime,
    build: Callable[[Job], tuple[int, bytes]],
    filename: str,
) -> Job:
    """Build a queued job's workbook in the worker (a retry builds it again).

    ``build`` returns the count of rows and the file's bytes. If it raises, the
    job is marked failed with a message for its owner, and the exception goes
    on to the worker (logged, retried as the task says).
    """
    job = model._default_manager.select_related("owner").get(pk=job_id)
    if job.status == model.Status.DONE:
        return job
    model._default_manager.filter(pk=job.pk).update(status=model.Status.RUNNING)
    try:
        count, data = build(job)
    except Exception:
        log.exception("%s %s failed", model._meta.label, job.pk)
        job.status = model.Status.FAILED
        job.message = FAILED_MESSAGE
        job.finished_at = now
        job.save(update_fields=["status", "message", "finished_at"])
        raise
    job.count = count
    job.content.save(filename, ContentFile(data), save=False)
    job.status = model.Status.DONE
    job.finished_at = now
    job.save(update_fields=["count", "content", "status", "finished_at"])
    return job


def own[Job: ExportJobBase](model: type[Job], request: HttpRequest, pk: int) -> Job:
    """One of the signed-in user's own exports, else 404 (also for others')."""
    job = model._default_manager.filter(pk=pk, owner_id=request.user.pk).first()
    if job is None:
        raise Http404("没有找到该导出。")
    return job


def download(job: ExportJobBase, name: str) -> FileResponse:
    """The finished workbook as ``name-YYYYmmdd-HHMM.xlsx``; 404 until done."""
    if job.status != job.Status.DONE or not job.content:
        raise Http404("导出文件尚未生成。")
    stamp = timezone.localtime(job.created_at).strftime("%Y%m%d-%H%M")
    return FileResponse(
        job.content.open("rb"),
        as_attachment=True,
        filename=f"{name}-{stamp}.xlsx",
        content_type=XLSX,
    )
