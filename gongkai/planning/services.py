"""Services: each one transaction, each checks permission and writes an event."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from typing import Any, TypedDict, Unpack

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.users import AnyUser, staff_user
from gongkai.agencies.models import Agency
from gongkai.events import apply_changes, event_value
from gongkai.planning.models import (
    PlanEvent,
    PlanTask,
    Proposal,
    ProposalEvent,
    ProposalStatus,
    TaskProgress,
    WorkPlan,
)
from gongkai.planning.permissions import can_edit, can_publish


class ProposalFields(TypedDict, total=False):
    """Fields staff set on a suggestion or proposal; status and publication are
    changed only by the transitions below."""

    kind: str
    number: str
    session: str
    year: int
    title: str
    proposers: str
    role: str
    received_on: dt.date
    due_on: dt.date | None
    replied_on: dt.date | None
    reply_summary: str
    satisfaction: str
    public_text: str


class TaskFields(TypedDict, total=False):
    content: str
    responsible: Agency
    due_on: dt.date
    status: str
    postpone_reason: str


PROPOSAL_FIELDS = tuple(ProposalFields.__annotations__)
TASK_FIELDS = tuple(TaskFields.__annotations__)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, the month's last day where it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_due_on(received_on: dt.date) -> dt.date:
    """The default 办理期限: three months from assignment.

    The time limit is set by local rules (e.g. 办理办法 of the local 人大常委会
    and 政协), not by the 政府信息公开条例; three months is the common rule and
    the field stays editable.
    """
    return add_months(received_on, 3)


def _check_fields(fields: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")


def _proposal_event(
    proposal: Proposal, kind: str, user: AnyUser, changes: dict[str, Any]
) -> None:
    ProposalEvent.objects.create(
        proposal=proposal,
        kind=kind,
        actor=staff_user(user),
        at=timezone.now(),
        changes=changes,
    )


@transaction.atomic
def proposal_create(
    *, agency: Agency, acting_user: AnyUser, **fields: Unpack[ProposalFields]
) -> Proposal:
    """Record a suggestion or proposal assigned to ``agency`` (status 收到)."""
    if not can_edit(acting_user, agency):
        raise PermissionDenied("您没有登记本机关建议提案的权限。")
    _check_fields(fields, PROPOSAL_FIELDS)
    if not fields.get("due_on") and fields.get("received_on"):
        fields["due_on"] = default_due_on(fields["received_on"])
    proposal = Proposal(agency=agency, **fields)
    proposal.full_clean()
    proposal.save()
    _proposal_event(
        proposal,
        ProposalEvent.EventKind.CREATED,
        acting_user,
        {k: event_value(v) for k, v in fields.items()},
    )
    return proposal


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


@transaction.atomic
def proposal_update(
    *, proposal: Proposal, acting_user: AnyUser, **fields: Unpack[ProposalFields]
) -> Proposal:
    """Change the record; a published one keeps its public text unless re-approved."""
    if not can_edit(acting_user, proposal.agency):
        raise PermissionDenied("您没有修改本机关建议提案的权限。")
    _check_fields(fields, PROPOSAL_FIELDS)
    locked = _locked(proposal)
    if not fields.get("due_on", True) and fields.get("received_on"):
        fields["due_on"] = default_due_on(fields["received_on"])
    if locked.is_published and "public_text" in fields:
        if fields["public_text"] != locked.public_text:
            raise ValidationError({"public_text": "已公开的办理结果不能直接修改。"})
    changes = apply_changes(locked, fields)
    if not changes:
        return locked
    locked.full_clean()
    locked.version += 1
    locked.save()
    _proposal_event(locked, ProposalEvent.EventKind.UPDATED, acting_user, changes)
    return locked


@transaction.atomic
def proposal_start(*, proposal: Proposal, acting_user: AnyUser) -> Proposal:
    """收到 → 办理中."""
    if not can_edit(acting_user, proposal.agency):
        raise PermissionDenied("您没有办理本机关建议提案的权限。")
    locked = _locked(proposal)
    if locked.status != ProposalStatus.RECEIVED:
        raise ValidationError("只有“收到”状态的建议提案才能开始办理。")
    locked.status = ProposalStatus.HANDLING
    locked.version += 1
    locked.save()
    _proposal_event(locked, ProposalEvent.EventKind.STARTED, acting_user, {})
    return locked


@transaction.atomic
def proposal_reply(
    *,
    proposal: Proposal,
    acting_user: AnyUser,
    replied_on: dt.date,
    reply_summary: str,
    satisfaction: str = "",
    now: dt.datetime | None = None,
) -> Proposal:
    """收到/办理中 → 已答复, with the reply date and summary."""
    if not can_edit(acting_user, proposal.agency):
        raise PermissionDenied("您没有答复本机关建议提案的权限。")
    locked = _locked(proposal)
    if locked.status not in (ProposalStatus.RECEIVED, ProposalStatus.HANDLING):
        raise ValidationError("该建议提案已经答复。")
    if not reply_summary.strip():
        raise ValidationError({"reply_summary": "请填写答复摘要。"})
    if replied_on > timezone.localdate(now):
        raise ValidationError({"replied_on": "答复日期不能晚于今天。"})
    locked.replied_on = replied_on
    locked.reply_summary = reply_summary
    locked.satisfaction = satisfaction
    locked.status = ProposalStatus.REPLIED
    locked.full_clean()
    locked.version += 1
    locked.save()
    _proposal_event(
        locked,
        ProposalEvent.EventKind.REPLIED,
        acting_user,
        {"replied_on": replied_on.isoformat(), "satisfaction": satisfaction},
    )
    return locked


@transaction.atomic
def proposal_publish(
    *,
    proposal: Proposal,
    acting_user: AnyUser,
    public_text: str,
    now: dt.datetime | None = None,
) -> Proposal:
    """已答复 → 已公开: the 负责人 approves the public text of the result."""
    if not can_publish(acting_user, proposal.agency):
        raise PermissionDenied("只有本机关负责人才能批准公开办理结果。")
    locked = _locked(proposal)
    if locked.status != ProposalStatus.REPLIED:
        raise ValidationError("只有已答复的建议提案才能公开办理结果。")
    if not public_text.strip():
        raise ValidationError({"public_text": "请填写公开文本。"})
    locked.public_text = public_text
    locked.status = ProposalStatus.PUBLISHED
    locked.published_on = timezone.localdate(now)
    locked.published_by = staff_user(acting_user)
    locked.version += 1
    locked.save()
    _proposal_event(locked, ProposalEvent.EventKind.PUBLISHED, acting_user, {})
    return locked


def _plan_event(
    plan: WorkPlan, kind: str, user: AnyUser, changes: dict[str, Any]
) -> None:
    PlanEvent.objects.create(
        plan=plan, kind=kind, actor=staff_user(user), at=timezone.now(), changes=changes
    )


@transaction.atomic
def plan_create(
    *, agency: Agency, acting_user: AnyUser, year: int, title: str, doc_number: str = ""
) -> WorkPlan:
    """Record ``agency``'s 政务公开工作要点 for ``year`` (one per year)."""
    if not can_edit(acting_user, agency):
        raise PermissionDenied("您没有登记本机关政务公开工作要点的权限。")
    plan = WorkPlan(agency=agency, year=year, title=title, doc_number=doc_number)
    plan.full_clean()
    plan.save()
    _plan_event(
        plan,
        PlanEvent.EventKind.CREATED,
        acting_user,
        {"year": year, "title": title, "doc_number": doc_number},
    )
    return plan


@transaction.atomic
def task_add(
    *, plan: WorkPlan, acting_user: AnyUser, **fields: Unpack[TaskFields]
) -> PlanTask:
    if not can_edit(acting_user, plan.agency):
        raise PermissionDenied("您没有修改本机关政务公开工作要点的权限。")
    _check_fields(fields, TASK_FIELDS)
    task = PlanTask(plan=plan, **fields)
    task.full_clean()
    task.save()
    _plan_event(
        plan,
        PlanEvent.EventKind.TASK_ADDED,
        acting_user,
        {"task": task.pk} | {k: event_value(v) for k, v in fields.items()},
    )
    return task


@transaction.atomic
def task_update(
    *, task: PlanTask, acting_user: AnyUser, **fields: Unpack[TaskFields]
) -> PlanTask:
    """Change a task; 延期 needs a reason."""
    if not can_edit(acting_user, task.plan.agency):
        raise PermissionDenied("您没有修改本机关政务公开工作要点的权限。")
    _check_fields(fields, TASK_FIELDS)
    locked = PlanTask.objects.select_for_update().get(pk=task.pk)
    changes = apply_changes(locked, fields)
    if not changes:
        return locked
    locked.full_clean()
    locked.save()
    _plan_event(
        task.plan,
        PlanEvent.EventKind.TASK_UPDATED,
        acting_user,
        {"task": locked.pk} | changes,
    )
    return locked


@transaction.atomic
def progress_add(
    *,
    task: PlanTask,
    acting_user: AnyUser,
    on: dt.date,
    text: str,
    now: dt.datetime | None = None,
) -> TaskProgress:
    """A progress note on a task, by the signed-in staff member."""
    if not can_edit(acting_user, task.plan.agency):
        raise PermissionDenied("您没有填报本机关工作任务进展的权限。")
    if not text.strip():
        raise ValidationError({"text": "请填写进展情况。"})
    if on > timezone.localdate(now):
        raise ValidationError({"on": "进展日期不能晚于今天。"})
    progress = TaskProgress(task=task, on=on, text=text, by=staff_user(acting_user))
    progress.full_clean()
    progress.save()
    _plan_event(
        task.plan,
        PlanEvent.EventKind.PROGRESS,
        acting_user,
        {"task": task.pk, "on": on.isoformat()},
    )
    return progress
