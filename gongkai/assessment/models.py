"""绩效考核: a supervising office's assessment of the agencies below it for a year.

An ``Assessment`` is one office, one year: its indicator set (``Indicator``
rows, copied from ``indicators.DEFAULT_SET`` and changed by the office), one
``ScoreSheet`` per agency it covers, and the workflow draft → submitted →
returned / approved → published. A sheet stores the agency's figures for the
year (``figures``, computed by ``gongkai.supervision.bulletins`` for the year,
so they are the bulletin's figures) and the scores computed from them
(``scores``); both change only while the assessment is a draft (or returned),
so an approved or published sheet never changes when the records do.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from gongkai.assessment.indicators import KIND_LABELS, Kind
from gongkai.events import AppendOnlyEvent

#: The largest id a row can have (64-bit keys): a larger one in a URL is no row.
MAX_ID = 2**63 - 1


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审核"
        RETURNED = "returned", "已退回"
        APPROVED = "approved", "已审核"
        PUBLISHED = "published", "已公布"

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="考核机关",
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    year = models.PositiveSmallIntegerField("考核年度")
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    #: The day the figures were last computed, and the day "still overdue" is
    #: counted at (the year's end, or that day while the year runs).
    computed_on = models.DateField("统计日期", null=True, blank=True)
    as_of = models.DateField("统计截止日", null=True, blank=True)
    return_reason = models.TextField("退回理由", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="创建人",
    )
    created_at = models.DateTimeField("创建时间")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="提交人",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审核人",
    )
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "绩效考核"
        verbose_name_plural = "绩效考核"
        ordering = ("-year", "agency__path")
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "year"], name="assessment_one_per_year"
            ),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return f"{self.agency.name}{self.year}年度政府信息公开工作绩效考核"

    @property
    def editable(self) -> bool:
        """Indicators, figures and manual scores change only before approval."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def frozen(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.PUBLISHED)


class Indicator(models.Model):
    """One indicator of an assessment's set (see ``indicators.Indicator``)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="indicators"
    )
    position = models.PositiveSmallIntegerField("序号")
    key = models.SlugField("指标代码", max_length=40)
    name = models.CharField("指标名称", max_length=60)
    kind = models.CharField(
        "计分方法",
        max_length=12,
        choices=[(k.value, label) for k, label in KIND_LABELS.items()],
    )
    figure = models.CharField("自动计算的数据", max_length=40, blank=True)
    max_score = models.DecimalField(
        "分值",
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )
    weight = models.DecimalField(
        "权重",
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    params = models.JSONField("参数", default=dict, blank=True)

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering = ("assessment", "position", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=["assessment", "key"], name="assessment_indicator_key"
            ),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def manual(self) -> bool:
        return self.kind == Kind.MANUAL


class ScoreSheet(models.Model):
    """One agency's score sheet in an assessment."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="sheets"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="被考核机关",
        on_delete=models.PROTECT,
        related_name="+",
    )
    #: The agency's raw figures for the year (the bulletin's ``AgencyRow`` fields
    #: and the assessment's own counts); see ``indicators.measure``.
    figures = models.JSONField("统计数据", default=dict)
    #: One entry per indicator: figure text, score, weighted score, explanation.
    scores = models.JSONField("得分", default=list)
    total = models.DecimalField("总分", max_digits=7, decimal_places=2, default=0)
    rank = models.PositiveSmallIntegerField("排名", default=0)

    class Meta:
        verbose_name = "考核评分表"
        verbose_name_plural = "考核评分表"
        ordering = ("assessment", "rank", "agency__path")
        constraints = (
            models.UniqueConstraint(
                fields=["assessment", "agency"], name="assessment_one_sheet_per_agency"
            ),
        )

    def __str__(self) -> str:
        return f"{self.agency} {self.assessment.year}"


class ManualScore(models.Model):
    """The score of a manual indicator for one sheet, with its reason."""

    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="manual_scores"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="manual_scores"
    )
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    reason = models.TextField("评分理由", max_length=2000)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="评分人",
    )
    entered_at = models.DateTimeField("评分时间")

    class Meta:
        verbose_name = "人工评分"
        verbose_name_plural = "人工评分"
        constraints = (
            models.UniqueConstraint(
                fields=["sheet", "indicator"], name="assessment_one_manual_score"
            ),
        )

    def __str__(self) -> str:
        return f"{self.sheet} {self.indicator} {self.score}"


def evidence_path(instance: Evidence, filename: str) -> str:
    sheet = instance.manual_score.sheet
    return (
        f"assessment/{sheet.assessment_id}/{sheet.pk}/"
        f"{instance.manual_score.indicator_id}/{instance.sha256[:16]}.{instance.ext}"
    )


class Evidence(models.Model):
    """A file attached as evidence to a manual score (stored in ``STORAGES``)."""

    manual_score = models.ForeignKey(
        ManualScore, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("文件", upload_to=evidence_path, max_length=300)
    name = models.CharField("文件名", max_length=200)
    ext = models.CharField(max_length=10)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ("uploaded_at", "pk")

    def __str__(self) -> str:
        return self.name


class AssessmentEvent(AppendOnlyEvent):
    """Append-only record of an assessment's changes (who, when, what)."""

    class Kind(models.TextChoices):
        CREATED = "created", "创建指标体系"
        INDICATORS_EDITED = "indicators_edited", "修改指标"
        COMPUTED = "computed", "生成评分表"
        SCORED = "scored", "人工评分"
        SUBMITTED = "submitted", "提交审核"
        RETURNED = "returned", "退回修改"
        APPROVED = "approved", "审核通过"
        PUBLISHED = "published", "公布"

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(db_index=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "考核记录"
        verbose_name_plural = "考核记录"
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.get_kind_display()}"
