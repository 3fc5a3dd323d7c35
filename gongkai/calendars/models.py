"""The working-day calendar kept in the database.

One `HolidayNotice` per year (the State Council notice, or the packaged seed
until an administrator enters the notice), its `NoticeDay` rows (days off of the
holiday blocks and 调休 working days), optional `RegionalDay` overrides per
`Region`, and the `CalendarChange` log written by every service that changes
any of them. The database overrides the packaged data year by year
(gongkai.calendars.loader).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import models

from gongkai.events import AppendOnlyEvent


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "调休上班"


class NoticeSource(models.TextChoices):
    PACKAGE = "package", "内置数据（chinesecalendar）"
    OFFICIAL = "official", "国务院办公厅通知"
    CORRECTION = "correction", "更正"


class HolidayNotice(models.Model):
    """《国务院办公厅关于X年部分节假日安排的通知》 as entered for one year."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    title = models.CharField("通知标题", max_length=200)
    document_number = models.CharField("文号", max_length=100, blank=True)
    issued_on = models.DateField("发布日期", null=True, blank=True)
    source = models.CharField(
        "来源",
        max_length=20,
        choices=NoticeSource.choices,
        default=NoticeSource.OFFICIAL,
    )
    source_url = models.URLField("原文链接", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日安排通知"
        verbose_name_plural = "节假日安排通知"
        ordering = ("-year",)

    def __str__(self) -> str:
        return f"{self.year}年：{self.title}"

    @property
    def source_label(self) -> str:
        """How the calendar cites this year's data (e.g. in a deadline)."""
        parts = [self.title]
        if self.document_number:
            parts.append(self.document_number)
        elif self.issued_on:
            parts.append(f"{self.issued_on.isoformat()}发布")
        return "，".join(parts)


class ScheduledDay(models.Model):
    """A day off of a holiday block, or a worked weekend day (调休), and its holiday."""

    date = models.DateField("日期")
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("节日", max_length=100)

    class Meta:
        abstract = True
        ordering = ("date",)

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}{self.get_kind_display()}"


def days_by_kind(
    rows: Iterable[ScheduledDay],
) -> tuple[dict[dt.date, str], dict[dt.date, str]]:
    """`(holidays, workdays)`, each `{date: holiday name}`, as `YearSchedule` takes them."""
    holidays: dict[dt.date, str] = {}
    workdays: dict[dt.date, str] = {}
    for row in rows:
        target = holidays if row.kind == DayKind.HOLIDAY else workdays
        target[row.date] = row.name
    return holidays, workdays


class NoticeDay(ScheduledDay):
    notice = models.ForeignKey(
        HolidayNotice,
        on_delete=models.CASCADE,
        related_name="days",
        verbose_name="通知",
    )

    class Meta(ScheduledDay.Meta):
        verbose_name = "放假或调休日"
        verbose_name_plural = "放假或调休日"
        constraints = (
            models.UniqueConstraint(fields=["notice", "date"], name="noticeday_unique"),
        )


class Region(models.Model):
    """A region with its own days off or worked days (e.g. an autonomous region).

    `agency` links the region to the agency tree: that agency and every agency
    below it count their clocks on this region's calendar; the nearest linked
    ancestor wins (`gongkai.calendars.loader.region_for_agency`).
    """

    code = models.SlugField(
        "代码",
        max_length=40,
        unique=True,
        help_text="用于网址，只能包含字母、数字和连字符，例如 xizang。",
    )
    name = models.CharField("名称", max_length=100)
    agency = models.OneToOneField(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calendar_region",
        verbose_name="适用机关",
        help_text="该机关及其下级机关的办理期限按本地区的安排计算；可暂不关联。",
    )

    class Meta:
        verbose_name = "地区"
        verbose_name_plural = "地区"
        ordering = ("code",)

    def __str__(self) -> str:
        return self.name


class RegionalDay(ScheduledDay):
    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="days", verbose_name="地区"
    )
    source = models.CharField("依据", max_length=200)

    class Meta(ScheduledDay.Meta):
        verbose_name = "地区放假或调休日"
        verbose_name_plural = "地区放假或调休日"
        constraints = (
            models.UniqueConstraint(
                fields=["region", "date"], name="regionalday_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.region} {self.date.isoformat()} {self.name}"


class ChangeKind(models.TextChoices):
    SEEDED = "calendar.seeded", "从内置数据导入"
    NOTICE_SAVED = "calendar.notice_saved", "录入或更正年度安排"
    REGIONAL_SAVED = "calendar.regional_saved", "设置地区安排"
    REGION_LINKED = "calendar.region_linked", "更改地区的适用机关"


class CalendarChange(AppendOnlyEvent):
    """One logged change of the calendar, with the days it added and removed."""

    kind = models.CharField("类型", max_length=40, choices=ChangeKind.choices)
    year = models.PositiveSmallIntegerField("年份")
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name="地区"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name="操作人",
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    summary = models.CharField("摘要", max_length=300)
    data = models.JSONField("变更内容", default=dict, blank=True)

    class Meta:
        verbose_name = "日历变更记录"
        verbose_name_plural = "日历变更记录"
        ordering = ("-at", "-id")
        indexes = (models.Index(fields=["year", "at"], name="calendarchange_year_at"),)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.summary}"
