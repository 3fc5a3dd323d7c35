"""Annual reports kept by Gongkai: compiled from the records, imported, or samples."""

from __future__ import annotations

from django.db import models


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

    class Format(models.TextChoices):
        F2019 = "2019", "2019（国办公开办函〔2019〕60号）"
        F2021 = "2021", "2021（国办公开办函〔2021〕30号）"

    agency_name = models.CharField("机关名称", max_length=200)
    year = models.PositiveSmallIntegerField("报告年度")
    format = models.CharField("报告格式", max_length=4, choices=Format.choices)
    data = models.JSONField("报告数据")
    status = models.CharField(
        "状态", max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    source = models.CharField("来源", max_length=16, choices=Source.choices)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["-year", "agency_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency_name", "year"], name="reports_one_per_agency_year"
            )
        ]
        indexes = [models.Index(fields=["status", "-year"])]

    def __str__(self) -> str:
        return f"{self.agency_name}{self.year}年政府信息公开工作年度报告"
