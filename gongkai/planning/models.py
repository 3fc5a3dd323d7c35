"""人大代表建议、政协提案 assigned to an agency, and the yearly 政务公开工作要点.

Neither is prescribed by the Regulation: the 办理 time limit of a suggestion or
proposal is set by local rules (often three months from assignment), and the
annual report's 第六部分 sub-heading 人大代表建议和政协提案办理结果公开情况 is local
practice (legal.md §2.6). Both are therefore plain records with an audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gongkai.events import AppendOnlyEvent


class ProposalKind(models.TextChoices):
    SUGGESTION = "suggestion", "人大代表建议"
    PROPOSAL = "proposal", "政协提案"


class HandlingRole(models.TextChoices):
    LEAD = "lead", "主办"
    CO = "co", "协办"


class ProposalStatus(models.TextChoices):
    RECEIVED = "received", "收到"
    HANDLING = "handling", "办理中"
    REPLIED = "replied", "已答复"
    PUBLISHED = "published", "已公开"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class Proposal(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="承办机关",
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    kind = models.CharField("类别", max_length=20, choices=ProposalKind.choices)
    number = models.CharField("编号", max_length=40, help_text="例如：第123号")
    session = models.CharField(
        "届次", max_length=100, blank=True, help_text="例如：市十七届人大三次会议"
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    proposers = models.CharField("提出人", max_length=200)
    role = models.CharField(
        "承办方式",
        max_length=10,
        choices=HandlingRole.choices,
        default=HandlingRole.LEAD,
    )
    received_on = models.DateField("交办日期")
    due_on = models.DateField(
        "办理期限", help_text="由地方规定确定；不填的，按交办之日起三个月计算。"
    )
    status = models.CharField(
        "状态",
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.RECEIVED,
    )
    replied_on = models.DateField("答复日期", null=True, blank=True)
    reply_summary = models.TextField("答复摘要", blank=True)
    satisfaction = models.CharField(
        "代表委员意见", max_length=20, choices=Satisfaction.choices, blank=True
    )
    public_text = models.TextField("公开文本", blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准公开的负责人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "人大代表建议、政协提案"
        verbose_name_plural = "人大代表建议、政协提案"
        ordering = ("-year", "kind", "number", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "kind", "year", "session", "number"],
                name="planning_proposal_unique_number",
                violation_error_message="本机关已登记同一届次、年度、编号的建议提案。",
            ),
        )
        indexes = (models.Index(fields=["agency", "year"]),)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == ProposalStatus.PUBLISHED

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.received_on and self.due_on and self.due_on < self.received_on:
            errors["due_on"] = "办理期限不能早于交办日期。"
        if self.replied_on and self.received_on and self.replied_on < self.received_on:
            errors["replied_on"] = "答复日期不能早于交办日期。"
        if self.year is not None and not 1949 <= self.year <= 2100:
            errors["year"] = "年度应在1949年至2100年之间。"
        if errors:
            raise ValidationError(errors)


class ProposalEvent(AppendOnlyEvent):
    """Append-only audit trail of a suggestion or proposal."""

    class EventKind(models.TextChoices):
        CREATED = "created", "登记"
        UPDATED = "updated", "修改"
        STARTED = "started", "开始办理"
        REPLIED = "replied", "答复"
        PUBLISHED = "published", "批准公开"

    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(db_index=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "建议提案办理记录"
        verbose_name_plural = "建议提案办理记录"
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.proposal} {self.get_kind_display()}"


class WorkPlan(models.Model):
    """An agency's 政务公开工作要点 (or 任务分解) for one year."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="机关",
        on_delete=models.PROTECT,
        related_name="work_plans",
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=200)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政务公开工作要点"
        verbose_name_plural = "政务公开工作要点"
        ordering = ("-year", "agency__path")
        constraints = (
            models.UniqueConstraint(
                fields=["agency", "year"],
                name="planning_workplan_one_per_year",
                violation_error_message="本机关该年度的政务公开工作要点已经登记。",
            ),
        )

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.year is not None and not 1949 <= self.year <= 2100:
            raise ValidationError({"year": "年度应在1949年至2100年之间。"})


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"
    POSTPONED = "postponed", "延期"


class PlanTask(models.Model):
    plan = models.ForeignKey(
        WorkPlan,
        verbose_name="工作要点",
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    content = models.TextField("任务内容")
    responsible = models.ForeignKey(
        "agencies.Agency",
        verbose_name="责任单位",
        on_delete=models.PROTECT,
        related_name="plan_tasks",
    )
    due_on = models.DateField("完成时限")
    status = models.CharField(
        "状态",
        max_length=20,
        choices=TaskStatus.choices,
        default=TaskStatus.NOT_STARTED,
    )
    postpone_reason = models.TextField("延期原因", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "工作任务"
        verbose_name_plural = "工作任务"
        ordering = ("due_on", "pk")

    def __str__(self) -> str:
        return self.content[:40]

    def clean(self) -> None:
        if self.status == TaskStatus.POSTPONED and not self.postpone_reason.strip():
            raise ValidationError({"postpone_reason": "延期的任务应说明延期原因。"})


class TaskProgress(AppendOnlyEvent):
    """One progress note of a task (append-only)."""

    task = models.ForeignKey(
        PlanTask, on_delete=models.PROTECT, related_name="progress"
    )
    on = models.DateField("日期")
    text = models.TextField("进展情况")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "任务进展"
        verbose_name_plural = "任务进展"
        ordering = ("-on", "-pk")

    def __str__(self) -> str:
        return f"{self.on} {self.text[:20]}"


class PlanEvent(AppendOnlyEvent):
    """Append-only audit trail of a work plan and its tasks."""

    class EventKind(models.TextChoices):
        CREATED = "created", "登记工作要点"
        TASK_ADDED = "task_added", "增加任务"
        TASK_UPDATED = "task_updated", "修改任务"
        PROGRESS = "progress", "填报进展"

    plan = models.ForeignKey(WorkPlan, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(db_index=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "工作要点记录"
        verbose_name_plural = "工作要点记录"
        ordering = ("at", "pk")

    def __str__(self) -> str:
        return f"{self.plan} {self.get_kind_display()}"
