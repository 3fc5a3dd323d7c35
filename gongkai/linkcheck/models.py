"""The link check's settings per agency, its runs, and the problems it found.

A problem is one row from the run that first saw it until the run that no
longer sees it (``fixed_at``); if it comes back, a new row starts. So the page
can say when each was first seen and when it was fixed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.agencies.models import Agency
from gongkai.linkcheck.rules import KIND_LABELS


class CheckSettings(models.Model):
    """How and how often an agency's published information is checked."""

    agency = models.OneToOneField(
        Agency, on_delete=models.CASCADE, related_name="linkcheck_settings"
    )
    enabled = models.BooleanField("定期检查", default=True)
    interval_days = models.PositiveSmallIntegerField(
        "检查间隔（天）",
        default=7,
        help_text="每隔多少天自动检查一次（1–90）。",
    )
    own_site = models.URLField(
        "本机关门户网站",
        blank=True,
        help_text="例如 https://www.example.gov.cn/ ；该网站上的链接视为本机关链接，一并检查。",
    )
    allowed_hosts = models.TextField(
        "允许检查的外部网站",
        blank=True,
        help_text="每行一个域名。未列出的外部网站只计数，不访问。默认不检查任何外部网站。",
    )
    slow_ms = models.PositiveIntegerField(
        "访问缓慢阈值（毫秒）",
        default=3000,
        help_text="响应时间超过该值的页面列为“访问缓慢”（100–60000）。",
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "链接检查设置"
        verbose_name_plural = "链接检查设置"

    def __str__(self) -> str:
        return f"{self.agency} 链接检查设置"


class CheckRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "检查中"
        DONE = "done", "已完成"
        FAILED = "failed", "未完成"

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="linkcheck_runs"
    )
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    scheduled = models.BooleanField("定期检查", default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField("申请时间")
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    pages = models.PositiveIntegerField("访问网址数", default=0)
    attachments = models.PositiveIntegerField("检查附件数", default=0)
    items = models.PositiveIntegerField("检查信息条数", default=0)
    external_skipped = models.PositiveIntegerField("未访问的外部链接数", default=0)
    found = models.PositiveIntegerField("发现问题数", default=0)
    fixed = models.PositiveIntegerField("已修复问题数", default=0)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "链接检查"
        verbose_name_plural = "链接检查"
        ordering = ("-requested_at", "-pk")
        indexes = (models.Index(fields=["agency", "-requested_at"]),)

    def __str__(self) -> str:
        return f"{self.agency} {self.requested_at:%Y-%m-%d %H:%M} {self.get_status_display()}"


class Problem(models.Model):
    """One problem, from the run that first saw it to the run that saw it fixed."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="link_problems"
    )
    key = models.CharField(max_length=64)  # what is checked and how: stable per problem
    kind = models.CharField(
        "类型",
        max_length=20,
        choices=[(kind.value, label) for kind, label in KIND_LABELS.items()],
    )
    url = models.TextField("网址", blank=True)
    item = models.ForeignKey(
        "disclosure.Item",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="所在信息",
    )
    attachment = models.ForeignKey(
        "disclosure.Attachment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="附件",
    )
    detail = models.TextField("说明")
    first_seen_at = models.DateTimeField("首次发现")
    last_seen_at = models.DateTimeField("最近发现")
    fixed_at = models.DateTimeField("修复时间", null=True, blank=True)

    class Meta:
        verbose_name = "链接问题"
        verbose_name_plural = "链接问题"
        ordering = ("-first_seen_at", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "key"],
                condition=models.Q(fixed_at__isnull=True),
                name="linkcheck_one_open_problem_per_key",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.url or self.detail}"
