"""Agencies (行政机关) as a tree: governments, their departments and towns.

The parent of an agency is the body that supervises its disclosure work
(上级政务公开工作主管部门). A supervisor of an agency sees every agency below it;
``path`` (``/1/4/9/``) makes "every agency below" one indexed prefix query.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

from gongkai.law import rights

_BODY_HELP = "".join(g.text_zh for g in rights.GUIDANCE.values())


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
    # Required before any reply is issued (gongkai.law.rights): a reply that does
    # not name the body lets the applicant's period run up to a year.
    reconsideration_body = models.CharField(
        "行政复议机关",
        max_length=100,
        blank=True,
        help_text="答复书告知申请人的行政复议机关，制发答复书前必须填写。" + _BODY_HELP,
    )
    court = models.CharField(
        "管辖人民法院",
        max_length=100,
        blank=True,
        help_text="答复书告知申请人的管辖人民法院，制发答复书前必须填写。",
    )
    reconsideration_online = models.CharField(
        "提交行政复议申请的互联网渠道",
        max_length=200,
        blank=True,
        help_text="网址或平台名称。通过互联网送达答复书的，答复书同时告知此渠道。",
    )
    fee_payment_method = models.CharField(
        "信息处理费缴纳方式",
        max_length=200,
        blank=True,
        help_text="收费通知书的“缴纳方式”，例如：凭非税收入缴款通知书到代收银行缴纳。",
    )
    fee_payment_account = models.CharField(
        "信息处理费收款账户",
        max_length=200,
        blank=True,
        help_text="户名、开户行和账号。",
    )

    # Clock and fee settings (legal.md §4.11, §5 "make it configurable").
    day_one_rule = models.CharField(
        "第1日计算方式",
        max_length=30,
        choices=DayOne.choices,
        default=DayOne.NEXT_WORKDAY,
    )
    pause_while_fee_unpaid = models.BooleanField(
        "等待缴费期间中止答复期限",
        default=True,
        help_text="本机关的设置，不是法律条文：所依据的理解是申请人逾期未缴费的视为放弃"
        "申请，缴费期间机关尚不能继续处理。期限说明按“按本机关设置”写明，不作为依据引用。",
    )
    correction_period_workdays = models.PositiveSmallIntegerField(
        "默认补正期限（工作日）",
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    #: 分权审批: whoever drafts a decision, requests an extension or submits an
    #: annual report does not approve it. On by default; a one-person office
    #: may turn it off, which the security log records.
    separation_of_duties = models.BooleanField(
        "分权审批（拟定人、申请人、提交人不得自行审批）", default=True
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

    def clean(self) -> None:
        super().clean()
        problem = rights.court_problem(self.kind, self.court)
        if problem:
            raise ValidationError({"court": problem})

    @property
    def remedies_missing(self) -> list[str]:
        """The remedy settings a reply needs and this agency lacks (labels)."""
        labels = {"reconsideration_body": "行政复议机关", "court": "管辖人民法院"}
        return [
            label for name, label in labels.items() if not getattr(self, name).strip()
        ]

    @property
    def remedy_guidance(self) -> str:
        g = rights.guidance(self.kind)
        return g.text_zh if g else ""

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent_id and self.parent else "/"
        return f"{prefix}{self.pk}/"

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2 if self.path else 0
