"""责任追究 records: who was held accountable for what, the measure and who approved.

A record is drafted by a supervisor of the agency or by its own head or
administrator, and approved by a 负责人 of the agency that decided the measure
(not the person who drafted it); an approved record is final. Every change is
an append-only event. The grounds come from ``gongkai.law.accountability``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.agencies.models import Agency
from gongkai.events import AppendOnlyEvent
from gongkai.law.accountability import GROUNDS


class Measure(models.TextChoices):
    CRITICISM = "criticism", "批评教育"
    CIRCULAR = "circular", "通报批评"
    ADMONITION = "admonition", "诫勉谈话"
    ORGANISATIONAL = "organisational", "组织处理"
    SANCTION = "sanction", "政务处分"
    OTHER = "other", "其他"


class Record(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "待审批"
        APPROVED = "approved", "已审批"

    agency = models.ForeignKey(
        Agency,
        verbose_name="被追责人员所在机关",
        on_delete=models.PROTECT,
        related_name="accountability_records",
    )
    decided_by = models.ForeignKey(
        Agency,
        verbose_name="作出决定的机关",
        on_delete=models.PROTECT,
        related_name="accountability_decisions",
    )
    person_name = models.CharField("被追责人员", max_length=50)
    person_post = models.CharField("职务", max_length=100, blank=True)
    ground = models.CharField(
        "追责依据",
        max_length=20,
        choices=[(g.key, g.label) for g in GROUNDS],
    )
    facts = models.TextField("事由")
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="关联申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    dispute = models.ForeignKey(
        "disputes.Dispute",
        verbose_name="关联行政复议、行政诉讼案件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    bulletin = models.ForeignKey(
        "supervision.Bulletin",
        verbose_name="关联通报",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    bulletin_problem = models.CharField("通报指出的问题", max_length=200, blank=True)
    measure = models.CharField("处理措施", max_length=20, choices=Measure.choices)
    measure_detail = models.TextField("处理情况", blank=True)
    decided_on = models.DateField("决定日期")
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审批人",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "责任追究记录"
        verbose_name_plural = "责任追究记录"
        ordering = ("-decided_on", "-pk")
        indexes = (models.Index(fields=["agency", "decided_on"]),)

    def __str__(self) -> str:
        return f"{self.agency} {self.person_name} {self.get_measure_display()}"


class RecordEvent(AppendOnlyEvent):
    class Kind(models.TextChoices):
        CREATED = "created", "登记"
        UPDATED = "updated", "修改"
        APPROVED = "approved", "审批"

    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(db_index=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "责任追究记录变更"
        verbose_name_plural = "责任追究记录变更"
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.record_id} {self.get_kind_display()}"
