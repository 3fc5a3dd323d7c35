"""The report data center: published annual reports collected from outside.

A supervising office (上级政务公开办) or a researcher uploads published reports
(files, or a zip of them); each file is parsed in the background worker and,
when it is one report, becomes a ``CollectedReport`` with its tables, where
each cell came from, and the findings. Corrections of a parsed cell are kept as
append-only ``CellCorrection`` rows (parsed value, corrected value, who, why).

Everything belongs to a *scope*: ``agency:<id>`` — the collection of a
supervising agency, shared by its supervisors and by those of the agencies
above it — or ``user:<id>``, a researcher's own collection. Nobody sees another
scope's files, corrections or findings (``permissions.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.events import AppendOnlyEvent
from gongkai.web.export_jobs import ExportJobBase


class ImportJob(models.Model):
    """One upload: many files, parsed one by one in the worker."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    scope = models.CharField("数据范围", max_length=40, db_index=True)
    workspace = models.ForeignKey(
        "agencies.Agency",
        verbose_name="监督机关",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="上级监督的数据属于其机关；研究人员的数据只属于本人。",
    )
    created_at = models.DateTimeField("上传时间", db_index=True)

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"导入批次 {self.pk}"


class ImportFile(models.Model):
    """One uploaded file and what became of it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        PARSING = "parsing", "解析中"
        PARSED = "parsed", "成功"
        TEMPLATE = "template", "空白模板（未填写）"
        REFUSED = "refused", "已拒绝"
        UNREADABLE = "unreadable", "无法读取"
        DUPLICATE = "duplicate", "重复"

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="files")
    name = models.CharField("文件名", max_length=255)
    #: given for a file to be fetched from an allowed intranet host (the worker
    #: fetches it; ``sha256`` and ``content`` are filled then)
    source_url = models.URLField("下载地址", max_length=500, blank=True)
    sha256 = models.CharField("内容散列", max_length=64, blank=True)
    size = models.PositiveIntegerField("大小（字节）")
    #: empty for a duplicate: its content is already stored with ``duplicate_of``
    content = models.FileField(
        "文件", upload_to="datacenter/", max_length=255, blank=True
    )
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    message = models.TextField("说明", blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="与之重复的文件",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    #: when a worker claimed it: a file 解析中 for long had its worker die
    started_at = models.DateTimeField("开始解析时间", null=True, blank=True)
    finished_at = models.DateTimeField("解析完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入文件"
        verbose_name_plural = "导入文件"
        ordering = ("pk",)
        indexes = (models.Index(fields=["sha256"]),)

    def __str__(self) -> str:
        return self.name

    @property
    def done(self) -> bool:
        return self.status not in (self.Status.QUEUED, self.Status.PARSING)


class CollectedReport(models.Model):
    """One published report read from a file: the data, its sources, its findings.

    Only a file read as one filled-in report becomes one: an unfilled template,
    a refused or an unreadable file stays an ``ImportFile`` with its reason.

    ``data`` is the report as now held (gongkai-annual-report/1), corrections
    applied; ``parsed`` is what the reader made of the file and never changes.
    ``findings`` are the parse findings and the rules' findings together, each
    ``Finding.to_dict()`` plus ``source`` (解析 / 检查); they are recomputed when
    a cell is corrected or the previous year's report arrives.
    """

    file = models.OneToOneField(
        ImportFile, on_delete=models.CASCADE, related_name="report"
    )
    scope = models.CharField("数据范围", max_length=40)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="本平台的机关",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="报告机关是本平台的机关时填写；否则为外部机关。",
    )
    agency_name = models.CharField("机关名称", max_length=200)
    #: the agency's tree path (``/1/4/``), "" for an agency outside the installation
    region_path = models.CharField(max_length=255, blank=True, default="")
    year = models.PositiveSmallIntegerField("报告年度")
    format = models.CharField("报告格式", max_length=4)
    source_kind = models.CharField("来源类型", max_length=8, blank=True)
    data = models.JSONField("报告数据")
    parsed = models.JSONField("解析所得数据")
    provenance = models.JSONField("单元格来源", default=dict)
    units = models.JSONField("金额单位", default=dict)
    absent = models.JSONField("版式中没有的单元格", default=list)
    parse_findings = models.JSONField("解析发现的问题", default=list)
    findings = models.JSONField("问题", default=list)
    errors = models.PositiveIntegerField("错误数", default=0)
    warnings = models.PositiveIntegerField("警告数", default=0)
    infos = models.PositiveIntegerField("提示数", default=0)
    #: ``annual.compare.main_figures`` of ``data``, kept so that the region
    #: pages need not rebuild hundreds of reports
    figures = models.JSONField("主要数字", default=dict)
    dated = models.DateField("落款日期", null=True, blank=True)
    deadline = models.DateField("法定公布期限", null=True, blank=True)
    created_at = models.DateTimeField("导入时间")

    class Meta:
        verbose_name = "收集的年度报告"
        verbose_name_plural = "收集的年度报告"
        ordering = ("agency_name", "year")
        constraints = (
            models.UniqueConstraint(
                fields=["scope", "agency_name", "year"],
                name="datacenter_one_report_per_agency_year",
            ),
        )
        indexes = (
            models.Index(fields=["scope", "year"]),
            models.Index(fields=["scope", "region_path"]),
        )

    def __str__(self) -> str:
        return f"{self.agency_name}{self.year}年政府信息公开工作年度报告"

    @property
    def external(self) -> bool:
        return self.agency_id is None

    @property
    def late(self) -> bool:
        """Signed after the statutory deadline (the date it bears, not when posted)."""
        return bool(self.dated and self.deadline and self.dated > self.deadline)


class CellCorrection(AppendOnlyEvent):
    """A parsed cell corrected by hand: both values, who, when and why."""

    report = models.ForeignKey(
        CollectedReport, on_delete=models.PROTECT, related_name="corrections"
    )
    ref = models.CharField("单元格", max_length=80)
    parsed_value = models.JSONField("解析值", null=True)
    previous_value = models.JSONField("更正前的值", null=True)
    corrected_value = models.JSONField("更正值", null=True)
    reason = models.TextField("理由")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="更正人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("更正时间")

    class Meta:
        verbose_name = "单元格更正"
        verbose_name_plural = "单元格更正"
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.report} {self.ref}"


class ExportJob(ExportJobBase):
    """A workbook of a catalogue selection, built in the worker (exports.py).

    The selection is re-read from the filters when the worker runs, with the
    owner's scopes at that time, and the file is downloadable by its owner only.
    """

    filters = models.JSONField("筛选条件", default=dict)
    count = models.PositiveIntegerField("报告数", default=0)
    content = models.FileField(
        "文件", upload_to="datacenter/exports/", max_length=255, blank=True
    )

    class Meta(ExportJobBase.Meta):
        verbose_name = "导出任务"
        verbose_name_plural = "导出任务"
