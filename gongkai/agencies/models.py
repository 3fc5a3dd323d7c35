"""Agencies (行政机关) as a tree: governments, their departments and towns.

The parent of an agency is the body that supervises its disclosure work
(上级政务公开工作主管部门). A supervisor of an agency sees every agency below it;
``path`` (``/1/4/9/``) makes "every agency below" one indexed prefix query.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models


class Agency(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        OFFICE = "office", "政府办公室（厅）"
        DEPARTMENT = "department", "政府部门"
        TOWN = "town", "乡镇人民政府（街道办事处）"
        OTHER = "other", "其他机关"

    class DayOne(models.TextChoices):
        """How day 1 of a working-day period is counted (legal.md §4.11)."""

        NEXT_WORKDAY = "next_workday", "开始的当日不计入，自其后第一个工作日起算"
        SAME_DAY_IF_WORKDAY = "same_day_if_workday", "开始的当日为工作日的，计为第1日"

    class FeeScope(models.TextChoices):
        """Whose applications count toward the monthly 按件 tiers (legal.md §5, U)."""

        AGENCY = "agency", "同一申请人向本机关提出的申请"
        ALL = "all", "同一申请人向本系统内所有机关提出的申请"

    name = models.CharField("机关名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40, blank=True)
    code = models.SlugField(
        "机关代码",
        max_length=40,
        unique=True,
        help_text="用于网址和查询码前缀，只能包含字母、数字和连字符。",
    )
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机关",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    accepts_applications = models.BooleanField("受理政府信息公开申请", default=True)

    # Contact and letter particulars (letters use them; 指南 shows them).
    office_name = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField(
        "邮政编码",
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", "邮政编码应为6位数字。")],
    )
    phone = models.CharField("联系电话", max_length=40, blank=True)
    fax = models.CharField("传真", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    docno_prefix = models.CharField(
        "文号前缀", max_length=40, blank=True, help_text="例如：临政办依申公开"
    )
    reconsideration_body = models.CharField("行政复议机关", max_length=100, blank=True)
    court = models.CharField("管辖人民法院", max_length=100, blank=True)

    # Clock and fee settings (legal.md §4.11, §5 "make it configurable").
    day_one_rule = models.CharField(
        "第1日计算方式",
        max_length=30,
        choices=DayOne.choices,
        default=DayOne.NEXT_WORKDAY,
    )
    pause_while_fee_unpaid = models.BooleanField(
        "等待缴费期间中止答复期限", default=True
    )
    correction_period_workdays = models.PositiveSmallIntegerField(
        "默认补正期限（工作日）",
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    fee_scope = models.CharField(
        "按件计收的计数范围",
        max_length=10,
        choices=FeeScope.choices,
        default=FeeScope.AGENCY,
    )

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ("path",)

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id and self.parent else "/"
        return f"{prefix}{self.pk}/"

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2 if self.path else 0
