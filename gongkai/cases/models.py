"""Applications for disclosure (依申请公开), their events, consultations, attachments.

Vocabulary: ``applicant_type`` holds a column key of table 三 and ``outcome`` a
leaf-row key of the 2021 format (``gongkai.annual.formats``), so table 三 is a
GROUP BY. Every change goes through ``gongkai.cases.services``; each writes one
append-only ``CaseEvent``. Due dates are stored (and indexed) on the case and
recomputed only by those services (or by a calendar change).
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q

from gongkai.annual.formats import FORMAT_2021
from gongkai.events import AppendOnlyEvent
from gongkai.law import provisions as law
from gongkai.web.export_jobs import ExportJobBase


class Channel(models.TextChoices):
    """How the application arrived (Art. 29, Art. 31); values = workdays.Channel."""

    IN_PERSON = "in_person", "当面提交"
    POST_SIGNED = "post_signed", "邮寄（需签收）"
    POST_PLAIN = "post_plain", "邮寄（平常信函）"
    ONLINE = "online", "互联网（在线申请）"
    FAX = "fax", "传真"
    EMAIL = "email", "电子邮件"


class ApplicantType(models.TextChoices):
    """The six applicant columns of table 三 (keys from annual.formats)."""

    NATURAL_PERSON = "natural_person", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    SOCIAL_WELFARE = "social_welfare", "社会公益组织"
    LEGAL_SERVICES = "legal_services", "法律服务机构"
    OTHER_ORG = "other_org", "其他组织"


# The functional API takes (NAME, (value, label)) pairs; django-stubs only knows the
# plain-string form, hence the targeted ignore (as in disputes.models).
#: Leaf key → its label as a choice: （一）予以公开 … （六）3.其他.
OUTCOME_LABELS: dict[str, str] = {
    key: FORMAT_2021.outcome_label(key) for key in FORMAT_2021.leaf_outcomes
}
#: The final outcome: one leaf row of table 三 (2021 format keys and labels).
Outcome = models.TextChoices(  # type: ignore[call-overload]
    "Outcome",
    [(key.upper(), (key, label)) for key, label in OUTCOME_LABELS.items()],
)


#: Outcomes a handler may choose in a decision; the two （六） lapses are reached
#: only through their own services (补正 lapse, fee non-payment).
DECISION_OUTCOMES: tuple[str, ...] = tuple(
    key
    for key in OUTCOME_LABELS
    if key not in {Outcome.OTHER_OVERDUE_CORRECTION, Outcome.OTHER_UNPAID_FEE}
)


class Status(models.TextChoices):
    SUBMITTED = "submitted", "待确认"
    REGISTERED = "registered", "已登记待分办"
    IN_PROGRESS = "in_progress", "办理中"
    AWAITING_CORRECTION = "awaiting_correction", "待补正"
    CONSULTING = "consulting", "征求意见中"
    AWAITING_FEE = "awaiting_fee", "待缴费"
    AWAITING_REASONS = "awaiting_reasons", "待说明理由"
    DECIDED = "decided", "答复待审批"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已终止"
    DELIVERED = "delivered", "已送达"
    ARCHIVED = "archived", "已归档"
    DISCARDED = "discarded", "已作废"


#: The state machine. Each service moves along exactly one of these edges.
ALLOWED_TRANSITIONS: dict[Status, set[Status]] = {
    Status.SUBMITTED: {Status.REGISTERED, Status.DISCARDED},
    Status.REGISTERED: {
        Status.IN_PROGRESS,
        Status.AWAITING_CORRECTION,
    },
    Status.IN_PROGRESS: {
        Status.IN_PROGRESS,  # reassignment
        Status.AWAITING_CORRECTION,
        Status.CONSULTING,
        Status.AWAITING_FEE,
        Status.AWAITING_REASONS,
        Status.DECIDED,
    },
    Status.AWAITING_CORRECTION: {Status.IN_PROGRESS, Status.CLOSED},
    Status.CONSULTING: {Status.IN_PROGRESS},
    Status.AWAITING_FEE: {Status.IN_PROGRESS, Status.CLOSED},
    Status.AWAITING_REASONS: {Status.IN_PROGRESS, Status.DECIDED},
    Status.DECIDED: {Status.REPLIED, Status.IN_PROGRESS},
    Status.REPLIED: {Status.DELIVERED},
    Status.DELIVERED: {Status.ARCHIVED},
    Status.CLOSED: {Status.ARCHIVED},
    Status.ARCHIVED: set(),
    Status.DISCARDED: set(),
}

#: Open applications: received (or awaiting confirmation) and not yet answered.
OPEN_STATUSES: frozenset[Status] = frozenset(
    {
        Status.SUBMITTED,
        Status.REGISTERED,
        Status.IN_PROGRESS,
        Status.AWAITING_CORRECTION,
        Status.CONSULTING,
        Status.AWAITING_FEE,
        Status.AWAITING_REASONS,
        Status.DECIDED,
    }
)
#: Statuses in which the reply clock is stopped (Art. 33 ¶3; fee setting).
PAUSED_STATUSES: frozenset[Status] = frozenset({Status.CONSULTING, Status.AWAITING_FEE})

#: What the applicant sees when tracking (nothing internal).
PUBLIC_STATUS_LABELS: dict[Status, str] = {
    Status.SUBMITTED: "已提交，等待工作人员确认",
    Status.REGISTERED: "已受理",
    Status.IN_PROGRESS: "办理中",
    Status.AWAITING_CORRECTION: "待申请人补正",
    Status.CONSULTING: "办理中（征求意见，期间不计入答复期限）",
    Status.AWAITING_FEE: "待申请人缴纳信息处理费",
    Status.AWAITING_REASONS: "待申请人说明理由",
    Status.DECIDED: "办理中",
    Status.REPLIED: "已答复",
    Status.CLOSED: "已终止处理",
    Status.DELIVERED: "已答复（已送达）",
    Status.ARCHIVED: "已办结",
    Status.DISCARDED: "未受理",
}


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    PASSPORT = "passport", "护照"
    HK_MACAO_TW = "hmt_permit", "港澳台居民往来通行证件"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    OTHER = "other", "其他证件"


class InfoForm(models.TextChoices):
    """Art. 29 (三): the form in which the information is wanted."""

    PAPER = "paper", "纸质文本"
    ELECTRONIC = "electronic", "电子文件"
    INSPECT = "inspect", "查阅、抄录"


class DeliveryWay(models.TextChoices):
    """Art. 29 (三): how the information is to be obtained / how a letter is served."""

    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上获取"
    FAX = "fax", "传真"


class FeeMethod(models.TextChoices):
    PER_ITEM = "per_item", "按件计收"
    PER_PAGE = "per_page", "按量计收"


def _attachment_path(instance: Attachment, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"cases/{instance.case_id}/{uuid.uuid4().hex}{suffix}"


class Case(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="受理机关",
        on_delete=models.PROTECT,
        related_name="cases",
    )
    number = models.CharField("登记号", max_length=40, blank=True)
    query_code = models.CharField("查询码", max_length=20, unique=True)
    idempotency_token = models.UUIDField(null=True, blank=True, unique=True)
    status = models.CharField(
        "状态", max_length=30, choices=Status.choices, default=Status.SUBMITTED
    )
    version = models.PositiveIntegerField(default=1)

    # Applicant (Art. 29 (一)).
    applicant_type = models.CharField(
        "申请人类型", max_length=20, choices=ApplicantType.choices
    )
    applicant_name = models.CharField("申请人姓名或名称", max_length=100)
    id_type = models.CharField(
        "身份证明类型",
        max_length=20,
        choices=IdType.choices,
        default=IdType.RESIDENT_ID,
    )
    id_number = models.CharField("证件号码", max_length=40)
    legal_representative = models.CharField(
        "法定代表人或负责人", max_length=50, blank=True
    )
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    # What is asked for (Art. 29 (二), (三)).
    description = models.TextField("所需政府信息的名称、文号或者特征性描述")
    document_number = models.CharField("文号", max_length=100, blank=True)
    info_form = models.CharField(
        "获取信息的形式",
        max_length=20,
        choices=InfoForm.choices,
        default=InfoForm.ELECTRONIC,
    )
    delivery_way = models.CharField(
        "获取信息的方式",
        max_length=20,
        choices=DeliveryWay.choices,
        default=DeliveryWay.EMAIL,
    )
    needs_assistance = models.BooleanField(
        f"存在阅读困难或者视听障碍，需要帮助（{law.ART_43.short_zh}）", default=False
    )

    # Receipt (Art. 31): the physical arrival and the confirmation are kept apart.
    channel = models.CharField("提交渠道", max_length=20, choices=Channel.choices)
    arrived_on = models.DateField("收到日期")
    signed_on = models.DateField("签收日期", null=True, blank=True)
    confirmed_on = models.DateField("确认日期", null=True, blank=True)
    confirmation_method = models.CharField("确认方式", max_length=100, blank=True)
    received_on = models.DateField("收到申请之日", null=True, blank=True, db_index=True)

    # People.
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
    )
    #: Claims of the scheduled commands (``send_deadline_reminders``,
    #: ``mark_lapsed``): the last notice sent, as ``kind:date``. A conditional
    #: update of these fields is what stops two runs from sending twice; they are
    #: not part of the case's version (no user-visible state changes).
    reminder_key = models.CharField("最近一次期限提醒", max_length=40, blank=True)
    lapse_key = models.CharField("最近一次期限届满提示", max_length=40, blank=True)
    possible_duplicate_of = models.ForeignKey(
        "self",
        verbose_name="疑似重复的申请",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # 补正 (Art. 30).
    correction_requested_on = models.DateField("补正告知日期", null=True, blank=True)
    correction_items = models.TextField("需要补正的事项", blank=True)
    correction_due_on = models.DateField("补正期限", null=True, blank=True)
    corrected_received_on = models.DateField("收到补正申请之日", null=True, blank=True)

    # Extension (Art. 33 ¶2).
    extension_requested_workdays = models.PositiveSmallIntegerField(
        "申请延长工作日数", null=True, blank=True
    )
    extension_reason = models.TextField("延期理由", blank=True)
    extension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="延期申请人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    #: The head's reason the last time a request was refused (shown to the
    #: handler until a new request is made).
    extension_refused_reason = models.TextField("延期未获批准的理由", blank=True)
    extension_workdays = models.PositiveSmallIntegerField(
        "延长工作日数", null=True, blank=True
    )
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="延期批准人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    extension_approved_on = models.DateField("延期批准日期", null=True, blank=True)
    extension_notice_on = models.DateField("延期告知日期", null=True, blank=True)

    # Art. 35.
    art35_reasons_requested_on = models.DateField(
        "要求说明理由日期", null=True, blank=True
    )
    art35_due_on = models.DateField("延迟答复期限", null=True, blank=True)
    art35_notice_on = models.DateField("延迟答复告知日期", null=True, blank=True)

    # Fees (国办函〔2020〕109号).
    fee_method = models.CharField(
        "计费方式", max_length=20, choices=FeeMethod.choices, blank=True
    )
    fee_items = models.PositiveIntegerField("按件计收的件数", null=True, blank=True)
    fee_pages = models.PositiveIntegerField("按量计收的页数", null=True, blank=True)
    fee_amount = models.DecimalField(
        "信息处理费（元）", max_digits=12, decimal_places=2, null=True, blank=True
    )
    fee_notice_sent_on = models.DateField("收费通知发出日期", null=True, blank=True)
    fee_notice_received_on = models.DateField("收费通知送达日期", null=True, blank=True)
    fee_due_on = models.DateField("缴费期限", null=True, blank=True)
    fee_paid_on = models.DateField("缴费日期", null=True, blank=True)

    # Decision (Arts. 36–39) and its approval.
    outcome = models.CharField(
        "处理结果", max_length=50, choices=Outcome.choices, blank=True, db_index=True
    )
    legal_basis = models.CharField("法律依据（条/款/项）", max_length=300, blank=True)
    #: The ground key of gongkai.law.outcomes the reply cites (its 条/款/项).
    legal_ground = models.CharField("法律依据条款", max_length=40, blank=True)
    reasons = models.TextField("理由", blank=True)
    access_info = models.TextField("获取政府信息的方式、途径", blank=True)
    withheld_part = models.TextField("不予公开的内容", blank=True)
    #: 部分公开: the ground of the withheld part (gongkai.law.outcomes.WITHHELD_GROUNDS).
    withheld_ground = models.CharField("不予公开部分的依据", max_length=40, blank=True)
    # Art. 36 (五): the agency responsible, or why it cannot be determined.
    other_agency = models.CharField("负责公开的行政机关", max_length=100, blank=True)
    other_agency_contact = models.CharField(
        "负责公开的行政机关的联系方式", max_length=200, blank=True
    )
    other_agency_unknown = models.TextField(
        "无法确定负责公开的行政机关的原因", blank=True
    )
    #: Art. 32: why the information is disclosed despite the third party's objection.
    disclosure_reason = models.TextField(
        "决定公开的理由（第三方不同意公开）", blank=True
    )
    referral = models.TextField("依照有关法律、行政法规办理的途径", blank=True)
    decision_text = models.TextField("处理决定（其他处理）", blank=True)
    #: The inputs of the last drafted decision, as the decision form names
    #: them: a draft handed back (退回) comes back filled in.
    decision_draft = models.JSONField("答复草稿", default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟办人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField("拟办日期", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审批人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField("审批日期", null=True, blank=True)
    #: The day the final outcome took effect (reply issued, or deemed abandoned):
    #: it decides the year in which table 三 counts the outcome.
    closed_on = models.DateField("办结日期", null=True, blank=True, db_index=True)

    # Delivery (送达) and archive.
    delivery_method = models.CharField(
        "送达方式", max_length=20, choices=DeliveryWay.choices, blank=True
    )
    delivered_on = models.DateField("送达日期", null=True, blank=True)
    delivery_proof = models.CharField("送达凭证", max_length=200, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)

    # Clocks, stored and indexed; recomputed only by the services.
    due_on = models.DateField("答复期限", null=True, blank=True)
    #: The reply date runs into a year whose 节假日安排 is not entered: it was
    #: counted on the statutory holidays alone and is 暂定 until the notice is.
    due_provisional = models.BooleanField("答复期限为暂定", default=False)
    correction_notice_due_on = models.DateField("补正告知期限", null=True, blank=True)
    clocks = models.JSONField("期限说明", default=dict, blank=True)
    clock_error = models.TextField("期限计算问题", blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ("-received_on", "-pk")
        indexes = (
            models.Index(
                fields=["due_on"],
                name="case_open_due_idx",
                condition=Q(status__in=sorted(OPEN_STATUSES - {Status.SUBMITTED})),
            ),
            models.Index(fields=["agency", "status"], name="case_agency_status_idx"),
            models.Index(fields=["agency", "received_on"], name="case_agency_recv_idx"),
            models.Index(fields=["agency", "closed_on"], name="case_agency_closed_idx"),
            models.Index(fields=["id_number"], name="case_applicant_idx"),
        )
        constraints = (
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(outcome=""),
                name="case_closed_has_outcome",
            ),
        )

    def __str__(self) -> str:
        return self.number or self.query_code

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

    @property
    def is_open(self) -> bool:
        return self.status_enum in OPEN_STATUSES

    @property
    def public_status(self) -> str:
        return PUBLIC_STATUS_LABELS[self.status_enum]

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != ApplicantType.NATURAL_PERSON


class CaseEvent(AppendOnlyEvent):
    """One entry of the append-only audit trail: who, when, what, why, clocks."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "在线提交申请"
        REGISTERED = "registered", "登记申请"
        CONFIRMED = "confirmed", "确认收到申请"
        DISCARDED = "discarded", "作废"
        DUPLICATE_FLAGGED = "duplicate_flagged", "标记疑似重复"
        ASSIGNED = "assigned", "分办"
        CORRECTION_REQUESTED = "correction_requested", "告知补正"
        CORRECTION_SUBMITTED = "correction_submitted", "申请人在线提交补正"
        CORRECTION_RECEIVED = "correction_received", "收到补正申请"
        CORRECTION_LAPSED = "correction_lapsed", "逾期未补正"
        CONSULTATION_STARTED = "consultation_started", "发出征求意见书"
        CONSULTATION_REPLIED = "consultation_replied", "收到征求意见回复"
        EXTENSION_REQUESTED = "extension_requested", "申请延期答复"
        EXTENSION_APPROVED = "extension_approved", "批准延期答复"
        EXTENSION_REFUSED = "extension_refused", "不批准延期答复"
        ART35_REASONS_REQUESTED = (
            "art35_reasons_requested",
            f"要求说明理由（{law.ART_35.article_zh}）",
        )
        ART35_DELAY_SET = (
            "art35_delay_set",
            f"确定延迟答复期限（{law.ART_35_DELAY.article_zh}）",
        )
        FEE_NOTICE_SENT = "fee_notice_sent", "发出收费通知"
        FEE_PAID = "fee_paid", "缴纳信息处理费"
        FEE_UNPAID = "fee_unpaid", "逾期未缴费"
        DECIDED = "decided", "拟定答复"
        DECISION_APPROVED = "decision_approved", "审批答复"
        DECISION_RETURNED = "decision_returned", "退回答复"
        DELIVERED = "delivered", "送达"
        ARCHIVED = "archived", "归档"
        ATTACHMENT_ADDED = "attachment_added", "添加材料"
        LETTER_ISSUED = "letter_issued", "制发文书"
        PERSONAL_DATA_VIEWED = "personal_data_viewed", "查看完整个人信息"
        CLOCKS_RECOMPUTED = "clocks_recomputed", "重新计算期限"
        REMINDER_SENT = "reminder_sent", "发送期限提醒"
        LAPSE_FLAGGED = "lapse_flagged", "补正或缴费期限届满，提请处理"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=100, blank=True)
    at = models.DateTimeField(db_index=True)
    status_before = models.CharField(max_length=30, blank=True)
    status_after = models.CharField(max_length=30, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    due_before = models.DateField(null=True, blank=True)
    due_after = models.DateField(null=True, blank=True)
    clocks_before = models.JSONField(default=dict, blank=True)
    clocks_after = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"


class Consultation(models.Model):
    """A consultation of a third party (Art. 32) or co-producing agency (Art. 34)."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", f"第三方（{law.ART_32.short_zh}）"
        CO_PRODUCER = "co_producer", f"共同制作机关（{law.ART_34.short_zh}）"

    class Opinion(models.TextChoices):
        AGREE = "agree", "同意公开"
        OBJECT = "object", "不同意公开"
        NONE = "none", "逾期未答复"

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="consultations"
    )
    kind = models.CharField("征求对象类型", max_length=20, choices=Kind.choices)
    party = models.CharField("征求对象", max_length=200)
    letter_on = models.DateField("征求意见书发出日期")
    delivered_on = models.DateField("对方收到日期", null=True, blank=True)
    reply_due_on = models.DateField("答复期限", null=True, blank=True)
    reply_on = models.DateField("回复日期", null=True, blank=True)
    opinion = models.CharField(
        "意见", max_length=10, choices=Opinion.choices, blank=True
    )
    opinion_text = models.TextField("意见内容", blank=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ("letter_on", "pk")

    def __str__(self) -> str:
        return f"{self.case} · {self.party}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        APPLICATION = "application", "申请材料"
        IDENTITY = "identity", "身份证明"
        CORRECTION = "correction", "补正材料"
        SEARCH_RECORD = "search_record", "检索记录"
        REVIEW = "review", "保密审查记录"
        DELIVERY = "delivery", "送达凭证"
        #: The information disclosed to the applicant: downloadable from the
        #: tracking page once the reply is issued.
        DISCLOSED = "disclosed", "公开的政府信息（供申请人下载）"
        OTHER = "other", "其他"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField("材料类型", max_length=20, choices=Kind.choices)
    file = models.FileField("文件", upload_to=_attachment_path)
    original_name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = "材料"
        verbose_name_plural = "材料"
        ordering = ("uploaded_at", "pk")

    def __str__(self) -> str:
        return self.original_name


class CaseExport(ExportJobBase):
    """An Excel workbook of the staff case list, built in the worker
    (``cases/listing.py``); the list's filters are kept and read again with
    the owner's access when it runs. Downloadable by its owner only."""

    params = models.JSONField("筛选条件", default=dict)
    count = models.PositiveIntegerField("件数", default=0)
    content = models.FileField(
        "文件", upload_to="cases/exports/", max_length=255, blank=True
    )

    class Meta(ExportJobBase.Meta):
        verbose_name = "申请列表导出"
        verbose_name_plural = "申请列表导出"
