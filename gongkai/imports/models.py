"""One uploaded workbook: validated in the worker, previewed, committed in one go."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models


def _path(instance: ImportBatch, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"imports/{instance.agency_id}/{uuid.uuid4().hex}{suffix}"


class Kind(models.TextChoices):
    APPLICATIONS = "applications", "依申请公开件"
    DISPUTES = "disputes", "行政复议、行政诉讼案件"
    CATALOGUE = "catalogue", "主动公开目录"


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "排队校验中"
        INVALID = "invalid", "有错误，未导入"
        VALID = "valid", "校验通过，待确认导入"
        COMMITTING = "committing", "导入中"
        COMMITTED = "committed", "已导入"
        FAILED = "failed", "导入失败，未写入任何记录"

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        on_delete=models.PROTECT,
        related_name="import_batches",
    )
    kind = models.CharField("导入内容", max_length=20, choices=Kind.choices)
    file = models.FileField("文件", upload_to=_path)
    original_name = models.CharField("文件名", max_length=200)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.PENDING
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间")
    rows = models.PositiveIntegerField("数据行数", default=0)
    new_rows = models.PositiveIntegerField("将新增", default=0)
    skipped_rows = models.PositiveIntegerField("已导入过（跳过）", default=0)
    #: [{"row": 5, "column": "收到申请日期", "message": "…"}, …]
    problems = models.JSONField("错误", default=list, blank=True)
    #: The effect on table 三 per year: see ``services.preview_table3``.
    preview = models.JSONField("预览", default=dict, blank=True)
    message = models.TextField("说明", blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认导入人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    committed_at = models.DateTimeField("导入时间", null=True, blank=True)
    created_rows = models.PositiveIntegerField("已新增", default=0)

    class Meta:
        verbose_name = "Excel导入"
        verbose_name_plural = "Excel导入"
        ordering = ("-uploaded_at", "-pk")

    def __str__(self) -> str:
        return f"{self.original_name}（{self.get_status_display()}）"

    @property
    def busy(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.COMMITTING)
