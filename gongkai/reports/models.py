"""Annual reports kept by Gongkai: compiled from the records, imported, or samples."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gongkai.agencies.models import Agency
from gongkai.annual.formats import FORMAT_2019, FORMAT_2021
from gongkai.events import AppendOnlyEvent
from gongkai.law.reports import Level, statutory_deadline


class AnnualReport(models.Model):
    """One agency's annual report for one year, stored as gongkai-annual-report/1 JSON."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交"
        RETURNED = "returned", "已退回"
        APPROVED = "approved", "已审核"
        PUBLISHED = "published", "已发布"

    class Source(models.TextChoices):
        COMPILED = "compiled", "由办理记录生成"
        IMPORTED = "imported", "导入已发布报告"
        SAMPLE = "sample", "示例"
        AGGREGATED = "aggregated", "汇总"

    class Format(models.TextChoices):
        F2019 = "2019", f"2019（{FORMAT_2019.document}）"
        F2021 = "2021", f"2021（{FORMAT_2021.document}）"

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="annual_reports",
        help_text="本平台的机关；导入的或示例报告可以没有。",
    )
    agency_name = models.CharField("机关名称", max_length=200)
    year = models.PositiveSmallIntegerField("报告年度")
    format = models.CharField("报告格式", max_length=4, choices=Format.choices)
    data = models.JSONField("报告数据")
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    source = models.CharField("来源", max_length=16, choices=Source.choices)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    compiled_at = models.DateTimeField("生成时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    #: The rules' findings, stored when the report is published (the public
    #: list shows them without running the rules on every request).
    findings_errors = models.PositiveIntegerField(null=True, blank=True, editable=False)
    findings_warnings = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )
    #: Table 二 cells pre-filled from the 政府信息公开目录 (2021 format):
    #: ``{"table2.rules.issued": {"catalogue": 3, "overridden": false}}``.
    #: A cell the staff changed keeps their figure on a recompile.
    table2_catalogue = models.JSONField(
        "表二中来自目录的数字", default=dict, blank=True
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["-year", "agency_name"]
        constraints = [
            # One own report and at most one 汇总 per agency and year.
            models.UniqueConstraint(
                fields=["agency_name", "year"],
                condition=~models.Q(source="aggregated"),
                name="reports_one_per_agency_year",
            ),
            models.UniqueConstraint(
                fields=["agency_name", "year"],
                condition=models.Q(source="aggregated"),
                name="reports_one_aggregate_per_agency_year",
            ),
        ]
        indexes = [models.Index(fields=["status", "-year"])]

    def __str__(self) -> str:
        return f"{self.agency_name}{self.year}年政府信息公开工作年度报告"

    @property
    def locked(self) -> bool:
        """Published reports are never changed again."""
        return self.status == self.Status.PUBLISHED

    @property
    def aggregated(self) -> bool:
        return self.source == self.Source.AGGREGATED

    @property
    def has_workflow(self) -> bool:
        """Compiled reports and 汇总 go through draft → … → published."""
        return self.source in (self.Source.COMPILED, self.Source.AGGREGATED)

    @property
    def sections_editable(self) -> bool:
        return self.has_workflow and self.status in (
            self.Status.DRAFT,
            self.Status.RETURNED,
        )

    @property
    def editable(self) -> bool:
        """Figures and narrative change only in a draft or a returned report."""
        return self.source == self.Source.COMPILED and self.status in (
            self.Status.DRAFT,
            self.Status.RETURNED,
        )


class ReportSettings(models.Model):
    """Report settings of one agency: its level and earlier local deadlines.

    Provinces and cities often set internal deadlines earlier than the national
    ones (legal.md §2.7 "Local deadlines"); they are stored as a month and day
    and may never be later than the national deadline.
    """

    agency = models.OneToOneField(
        "agencies.Agency",
        verbose_name="机关",
        on_delete=models.CASCADE,
        related_name="report_settings",
    )
    level = models.CharField(
        "政府层级",
        max_length=12,
        blank=True,
        choices=[(level.value, level.label_zh) for level in Level],
        help_text="只对人民政府有意义，决定汇总报告的法定期限；不填则按机关树推断。",
    )
    own_month = models.PositiveSmallIntegerField(
        "本机关报告提前期限（月）", null=True, blank=True
    )
    own_day = models.PositiveSmallIntegerField(
        "本机关报告提前期限（日）", null=True, blank=True
    )
    aggregate_month = models.PositiveSmallIntegerField(
        "汇总报告提前期限（月）", null=True, blank=True
    )
    aggregate_day = models.PositiveSmallIntegerField(
        "汇总报告提前期限（日）", null=True, blank=True
    )

    class Meta:
        verbose_name = "年度报告设置"
        verbose_name_plural = "年度报告设置"

    def __str__(self) -> str:
        return f"{self.agency}的年度报告设置"

    def _pair(self, aggregated: bool) -> tuple[int | None, int | None]:
        if aggregated:
            return self.aggregate_month, self.aggregate_day
        return self.own_month, self.own_day

    def local_deadline(self, year: int, *, aggregated: bool) -> dt.date | None:
        """The local deadline for the report of ``year``, if one is set."""
        month, day = self._pair(aggregated)
        if month is None or day is None:
            return None
        try:
            return dt.date(year + 1, month, day)
        except ValueError:
            return None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for aggregated, field in ((False, "own_day"), (True, "aggregate_day")):
            month, day = self._pair(aggregated)
            if (month is None) != (day is None):
                errors[field] = "请同时填写月和日。"
                continue
            if month is None or day is None:
                continue
            # 2024 is a leap year: 2月29日 is accepted and later clamped.
            try:
                dt.date(2024, month, day)
            except ValueError:
                errors[field] = f"{month}月{day}日不是有效的日期。"
                continue
            national = statutory_deadline(
                2024,
                government=bool(self.agency_id)
                and self.agency.kind == Agency.Kind.GOVERNMENT,
                aggregated=aggregated,
                level=self.level or Level.PROVINCE,
            )
            if (month, day) > (national.date.month, national.date.day):
                errors[field] = (
                    f"本地期限不能晚于国家规定的期限"
                    f"（{national.date.month}月{national.date.day}日）。"
                )
        if errors:
            raise ValidationError(errors)


class ReportEvent(AppendOnlyEvent):
    """Append-only audit trail of a report: every compile, edit and transition."""

    class Kind(models.TextChoices):
        COMPILED = "compiled", "由办理记录生成"
        RECOMPILED = "recompiled", "重新生成统计表"
        FIGURES_EDITED = "figures_edited", "填写表二数据"
        SECTIONS_EDITED = "sections_edited", "编辑文字部分"
        SUBMITTED = "submitted", "提交审核"
        RETURNED = "returned", "退回修改"
        APPROVED = "approved", "审核通过"
        PUBLISHED = "published", "发布"
        IMPORTED = "imported", "导入已发布报告"
        AGGREGATED = "aggregated", "汇总下级机关报告"

    report = models.ForeignKey(
        AnnualReport, on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(db_index=True)
    status_before = models.CharField(max_length=16, blank=True)
    status_after = models.CharField(max_length=16, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "年度报告记录"
        verbose_name_plural = "年度报告记录"
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.report} {self.get_kind_display()}"
