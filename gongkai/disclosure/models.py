"""Proactive disclosure (主动公开): the catalogue, its items, the guide.

An ``Item`` is one entry of the 政府信息公开目录 (Art. 12: 索引、名称、内容概述、
生成日期). It goes draft → 保密审查 (Art. 17) → 审核 → published, and may be
withdrawn; 规章 and 行政规范性文件 carry their validity (现行有效 / 已废止).
Every change is written by a service in ``services.py`` together with a
``DisclosureEvent``; nothing here changes state by itself.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from gongkai.agencies.models import Agency
from gongkai.events import AppendOnlyEvent
from gongkai.law.provisions import ART_20

#: 《条例》第二十条: the article whose items a catalogue entry belongs to.
ART20_LABEL = ART_20.short_quoted_zh

CREDIT_CODE_VALIDATOR = RegexValidator(
    r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$",
    "统一社会信用代码应为18位（数字或大写字母，不含I、O、Z、S、V）。",
)


class Art20Item(models.TextChoices):
    """The items of Art. 20 (国务院令第711号 第二十条), with their official texts."""

    I1 = "1", "（一）行政法规、规章和规范性文件"
    I2 = "2", "（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"
    I3 = "3", "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策"
    I4 = "4", "（四）国民经济和社会发展统计信息"
    I5 = "5", "（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"
    I6 = (
        "6",
        "（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    )
    I7 = "7", "（七）财政预算、决算信息"
    I8 = "8", "（八）行政事业性收费项目及其依据、标准"
    I9 = "9", "（九）政府集中采购项目的目录、标准及实施情况"
    I10 = "10", "（十）重大建设项目的批准和实施情况"
    I11 = (
        "11",
        "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    )
    I12 = "12", "（十二）突发公共事件的应急预案、预警信息及应对情况"
    I13 = (
        "13",
        "（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    )
    I14 = "14", "（十四）公务员招考的职位、名额、报考条件等事项以及录用结果"
    I15 = (
        "15",
        "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息",
    )


class DisclosureSettings(models.Model):
    """An agency's catalogue settings: the codes and the 索引号 scheme (legal.md §6.2)."""

    agency = models.OneToOneField(
        Agency,
        verbose_name="机关",
        on_delete=models.CASCADE,
        related_name="disclosure_settings",
    )
    org_code = models.CharField(
        "机构代码",
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(r"^[0-9A-Za-z-]+$", "机构代码只能包含字母、数字和连字符。")
        ],
    )
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        blank=True,
        validators=[CREDIT_CODE_VALIDATOR],
    )
    index_pattern = models.CharField(
        "索引号格式",
        max_length=100,
        default="{机构代码}/{年份}-{流水号:5}",
        help_text=(
            "可用占位符：{机构代码}、{统一社会信用代码}、{年份}、{年月}、{类别代码}、"
            "{流水号:N}（N位，不足补零）。流水号在其余部分相同的索引号之间连续编排。"
        ),
    )

    class Meta:
        verbose_name = "主动公开设置"
        verbose_name_plural = "主动公开设置"

    def __str__(self) -> str:
        return f"{self.agency} 主动公开设置"

    def clean(self) -> None:
        from gongkai.disclosure.index_numbers import check_pattern

        try:
            check_pattern(self.index_pattern)
        except ValueError as exc:
            raise ValidationError({"index_pattern": str(exc)}) from None


class Category(models.Model):
    """One class of the agency's catalogue (信息分类)."""

    class Kind(models.TextChoices):
        REGULATION = "regulation", "规章"
        NORMATIVE = "normative", "行政规范性文件"
        OTHER = "other", "其他"

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="+"
    )
    code = models.CharField(
        "类别代码",
        max_length=10,
        validators=[RegexValidator(r"^[0-9A-Za-z]+$", "类别代码只能包含字母和数字。")],
    )
    name = models.CharField("类别名称", max_length=40)
    kind = models.CharField(
        "文件性质",
        max_length=20,
        choices=Kind.choices,
        default=Kind.OTHER,
        help_text="规章、行政规范性文件登记效力状态，并计入年度报告表二。",
    )
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "信息类别"
        verbose_name_plural = "信息类别"
        ordering = ("agency", "position", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "code"], name="disclosure_category_code"
            ),
            models.UniqueConstraint(
                fields=["agency", "name"], name="disclosure_category_name"
            ),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def has_validity(self) -> bool:
        return self.kind in (self.Kind.REGULATION, self.Kind.NORMATIVE)


class IndexCounter(models.Model):
    """The last serial used for one 索引号 prefix; only ever goes up."""

    scope = models.CharField(max_length=200, unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "索引号流水号"
        verbose_name_plural = "索引号流水号"

    def __str__(self) -> str:
        return f"{self.scope}: {self.last}"


class TsVectorField(models.Field[str | None, str | None]):
    """A PostgreSQL ``tsvector`` column (any type name is fine for SQLite,
    where it stays NULL). Only raw SQL in ``search.py`` reads or writes it."""

    description = "full-text search vector"

    def db_type(self, connection: Any) -> str:
        return "tsvector"


class ItemQuerySet(models.QuerySet["Item"]):
    def public(self) -> ItemQuerySet:
        """Only published items are shown to the public."""
        return self.filter(status=Item.Status.PUBLISHED)


class ItemManager(models.Manager["Item"]):
    """Items without their search index column: it is large, and only the
    database reads it (``gongkai/disclosure/search.py``)."""

    def get_queryset(self) -> ItemQuerySet:
        return ItemQuerySet(self.model, using=self._db).defer("search_vector")

    def public(self) -> ItemQuerySet:
        return self.get_queryset().public()


class Item(models.Model):
    """One catalogue entry (政府信息公开目录的一条)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEWING = "reviewing", "待保密审查"
        APPROVING = "approving", "待负责人审核"
        APPROVED = "approved", "待发布"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"
        SUPERSEDED = "superseded", "已变更（历史版本）"

    class Validity(models.TextChoices):
        NONE = "", "—"
        IN_FORCE = "in_force", "现行有效"
        ABOLISHED = "abolished", "已废止"

    class ReviewResult(models.TextChoices):
        PASS = "pass", "经审查，可以公开"
        RETURN = "return", "经审查，不宜按现稿公开，退回修改"

    agency = models.ForeignKey(
        Agency,
        verbose_name="机关",
        on_delete=models.PROTECT,
        related_name="disclosure_items",
    )
    #: Unique among the items that are not history: a changed item's new
    #: version takes over its 索引号 (docs/disclosure.md, "Changes").
    index_number = models.CharField(  # noqa: DJ001 - NULL until published (unique)
        "索引号", max_length=100, null=True, blank=True, editable=False
    )
    title = models.CharField("名称", max_length=300)
    summary = models.TextField("内容概述", max_length=2000)
    generated_on = models.DateField("生成日期", help_text="该信息形成或者变更的日期。")
    doc_number = models.CharField("文号", max_length=100, blank=True)
    publisher = models.CharField("发布机构", max_length=100)
    category = models.ForeignKey(
        Category,
        verbose_name="信息类别",
        on_delete=models.PROTECT,
        related_name="items",
    )
    art20_item = models.CharField(
        f"所属{ART20_LABEL}项目", max_length=2, choices=Art20Item.choices
    )
    body = models.TextField("正文", blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.DRAFT
    )

    validity = models.CharField(
        "效力状态", max_length=20, choices=Validity.choices, blank=True, default=""
    )
    abolished_on = models.DateField("废止日期", null=True, blank=True)
    abolishing_document = models.CharField("废止文件", max_length=200, blank=True)

    # Art. 26: stored and indexed; null with a reason when the year is unknown.
    publication_due = models.DateField("公开期限", null=True, blank=True, db_index=True)
    publication_due_problem = models.CharField(max_length=300, blank=True)

    review_result = models.CharField(
        "保密审查结果", max_length=20, choices=ReviewResult.choices, blank=True
    )
    review_basis = models.TextField("审查依据和意见", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="保密审查人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("保密审查时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField("审核时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)

    # 变更 (Art. 26 "形成或者变更之日"): a new version is an item of its own
    # linked to the first version; 生成日期 is then the date of the change.
    original = models.ForeignKey(
        "self",
        verbose_name="原始版本",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="versions",
    )
    version_number = models.PositiveSmallIntegerField("版本", default=1)
    change_note = models.TextField("变更说明", blank=True)
    superseded_at = models.DateTimeField("被替代时间", null=True, blank=True)

    #: PostgreSQL's full-text index of a published item (NULL otherwise and on
    #: SQLite, which keeps its FTS5 table); written by ``search.index_item``.
    search_vector = TsVectorField(null=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟稿人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间")
    updated_at = models.DateTimeField("修改时间")

    objects = ItemManager()

    class Meta:
        verbose_name = "目录信息"
        verbose_name_plural = "目录信息"
        ordering = ("-generated_on", "-pk")
        constraints = (
            models.UniqueConstraint(
                fields=["index_number"],
                condition=~models.Q(status="superseded"),
                name="disclosure_item_index_number",
            ),
            models.UniqueConstraint(
                fields=["original", "version_number"],
                name="disclosure_item_version",
            ),
        )
        indexes = (
            # An agency's catalogue, newest 生成日期 first, paged by keyset
            # (生成日期, id): each page is one range scan (selectors.catalogue_page).
            models.Index(
                fields=["agency", "status", "generated_on", "id"],
                name="disclosure_item_catalogue",
            ),
            # The public lists and search, newest first, paged by keyset.
            models.Index(
                fields=["-published_at", "-id"],
                name="disclosure_item_recent",
                condition=models.Q(status="published"),
            ),
            models.Index(
                fields=["publication_due"],
                name="disclosure_item_due_open",
                condition=models.Q(
                    status__in=["draft", "reviewing", "approving", "approved"]
                ),
            ),
        )

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (
            self.category_id
            and self.agency_id
            and self.category.agency_id != self.agency_id
        ):
            errors["category"] = "信息类别不属于本机关。"
        if self.validity == self.Validity.ABOLISHED:
            if self.abolished_on is None:
                errors["abolished_on"] = "已废止的文件须填写废止日期。"
            elif self.generated_on and self.abolished_on < self.generated_on:
                errors["abolished_on"] = "废止日期不能早于生成日期。"
            if not self.abolishing_document.strip():
                errors["abolishing_document"] = "已废止的文件须填写废止它的文件。"
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def chain_id(self) -> int:
        """The first version's pk: what all versions of one item share."""
        return self.original_id or self.pk


OPEN_STATUSES = frozenset(
    {
        Item.Status.DRAFT,
        Item.Status.REVIEWING,
        Item.Status.APPROVING,
        Item.Status.APPROVED,
    }
)

#: The workflow (保密审查 → 审核 → 发布); checked by ``services.check_transition``.
ALLOWED_TRANSITIONS: dict[Item.Status, frozenset[Item.Status]] = {
    Item.Status.DRAFT: frozenset({Item.Status.REVIEWING}),
    Item.Status.REVIEWING: frozenset({Item.Status.APPROVING, Item.Status.DRAFT}),
    Item.Status.APPROVING: frozenset({Item.Status.APPROVED, Item.Status.DRAFT}),
    Item.Status.APPROVED: frozenset({Item.Status.PUBLISHED, Item.Status.DRAFT}),
    Item.Status.PUBLISHED: frozenset({Item.Status.WITHDRAWN, Item.Status.SUPERSEDED}),
    Item.Status.WITHDRAWN: frozenset(),
    Item.Status.SUPERSEDED: frozenset(),
}


def _attachment_path(instance: Attachment, filename: str) -> str:
    return f"disclosure/{instance.item.agency_id}/{instance.item_id}/{filename}"


class Attachment(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=_attachment_path)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ("uploaded_at", "pk")

    def __str__(self) -> str:
        return self.original_name


class Guide(models.Model):
    """政府信息公开指南 — Art. 12 ¶1 lists its elements; one per agency."""

    agency = models.OneToOneField(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="+"
    )
    classification = models.TextField("政府信息的分类", blank=True)
    arrangement = models.TextField("编排体系", blank=True)
    access = models.TextField("获取方式", blank=True)
    office_name = models.CharField("政府信息公开工作机构名称", max_length=100)
    address = models.CharField("办公地址", max_length=200)
    office_hours = models.CharField("办公时间", max_length=200)
    phone = models.CharField("联系电话", max_length=60)
    fax = models.CharField("传真号码", max_length=60, blank=True)
    web_contact = models.CharField(
        "互联网联系方式", max_length=200, help_text="网址或电子邮箱。"
    )
    other = models.TextField("其他内容", blank=True)
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "政府信息公开指南"
        verbose_name_plural = "政府信息公开指南"

    def __str__(self) -> str:
        return f"{self.agency} 政府信息公开指南"


class DisclosureEvent(AppendOnlyEvent):
    """Append-only audit trail of the catalogue: who, when, what, why."""

    class Kind(models.TextChoices):
        CREATED = "created", "新建目录信息"
        UPDATED = "updated", "修改目录信息"
        ATTACHED = "attached", "上传附件"
        SUBMITTED = "submitted", "提交保密审查"
        REVIEWED = "reviewed", "保密审查"
        APPROVED = "approved", "负责人审核通过"
        RETURNED = "returned", "退回修改"
        PUBLISHED = "published", "发布"
        WITHDRAWN = "withdrawn", "撤回"
        ABOLISHED = "abolished", "登记废止"
        CHANGE_STARTED = "change_started", "发起变更"
        SUPERSEDED = "superseded", "被新版本替代"
        DUE_RECOMPUTED = "due_recomputed", "重新计算公开期限"
        SETTINGS_CHANGED = "settings_changed", "修改主动公开设置"
        CATEGORY_ADDED = "category_added", "新增信息类别"
        GUIDE_UPDATED = "guide_updated", "更新公开指南"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(db_index=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "主动公开记录"
        verbose_name_plural = "主动公开记录"
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"
