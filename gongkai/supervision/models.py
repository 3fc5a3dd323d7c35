"""Supervision (监督保障): the public's evaluation of replies (社会评议) and the
supervising office's quarterly bulletin (季通报).

An ``Evaluation`` is the applicant's one rating of the reply to one application.
A ``Bulletin`` is a supervising agency's report on every agency below it for one
quarter: its figures are computed by ``gongkai.supervision.bulletins`` and kept
as a snapshot (``data``), so an issued bulletin never changes when records do.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.events import AppendOnlyEvent


class Rating(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class Reason(models.TextChoices):
    LATE = "late", "答复不及时"
    INCOMPLETE = "incomplete", "答复内容不完整"
    BASIS = "basis", "依据不充分"
    ATTITUDE = "attitude", "态度"
    OTHER = "other", "其他"


class Evaluation(models.Model):
    """社会评议: the applicant's rating of the reply (one per application)."""

    case = models.OneToOneField(
        "cases.Case",
        verbose_name="申请",
        on_delete=models.PROTECT,
        related_name="evaluation",
    )
    rating = models.CharField("评价", max_length=20, choices=Rating.choices)
    #: Keys of ``Reason`` (a short list; counted in Python, see selectors).
    reasons = models.JSONField("原因", default=list, blank=True)
    comment = models.TextField("意见和建议", max_length=500, blank=True)
    submitted_at = models.DateTimeField("评价时间")
    #: The day in Asia/Shanghai (what the quarter and year count by).
    submitted_on = models.DateField("评价日期", db_index=True)

    class Meta:
        verbose_name = "社会评议"
        verbose_name_plural = "社会评议"
        ordering = ("-submitted_at", "-pk")

    def __str__(self) -> str:
        return f"{self.case} · {self.get_rating_display()}"

    @property
    def reason_labels(self) -> list[str]:
        return [Reason(r).label for r in self.reasons if r in Reason.values]


class Bulletin(models.Model):
    """季通报: one supervising agency, one quarter."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        ISSUED = "issued", "已印发"

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="通报机关",
        on_delete=models.PROTECT,
        related_name="bulletins",
    )
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField(
        "季度",
        choices=[(1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")],
    )
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    #: The agencies the bulletin reports on (those below ``agency`` when computed).
    agencies = models.ManyToManyField(
        "agencies.Agency", verbose_name="被通报机关", related_name="+", blank=True
    )
    data = models.JSONField("统计数据", default=dict)
    computed_on = models.DateField("统计截止日")
    opinion = models.TextField("通报意见", max_length=5000, blank=True)
    number = models.CharField("文号", max_length=60, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="起草人",
    )
    created_at = models.DateTimeField("起草时间")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="签发人",
    )
    issued_at = models.DateTimeField("印发时间", null=True, blank=True)
    published_at = models.DateTimeField("在门户公开时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "季度通报"
        verbose_name_plural = "季度通报"
        ordering = ("-year", "-quarter", "agency__path")
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "year", "quarter"], name="bulletin_one_per_quarter"
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="bulletin_quarter_1_4",
            ),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return (
            f"{self.agency.name}关于{self.year}年{self.get_quarter_display()}"
            "政府信息公开工作情况的通报"
        )

    @property
    def locked(self) -> bool:
        return self.status == self.Status.ISSUED


class BulletinEvent(AppendOnlyEvent):
    """Append-only record of a bulletin's changes (who, when, what)."""

    class Kind(models.TextChoices):
        CREATED = "created", "起草通报"
        RECOMPUTED = "recomputed", "重新统计"
        OPINION_EDITED = "opinion_edited", "修改通报意见"
        ISSUED = "issued", "签发印发"
        PUBLISHED = "published", "在门户网站公开"

    bulletin = models.ForeignKey(
        Bulletin, on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(db_index=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "通报记录"
        verbose_name_plural = "通报记录"
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.bulletin_id} {self.get_kind_display()}"
