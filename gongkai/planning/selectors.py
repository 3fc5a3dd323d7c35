"""Read-side queries: overdue records, plan progress, and the annual-report sentence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.planning.models import (
    PlanTask,
    Proposal,
    ProposalKind,
    ProposalStatus,
    TaskStatus,
    WorkPlan,
)

OPEN_STATUSES = (ProposalStatus.RECEIVED, ProposalStatus.HANDLING)


def with_overdue_flag(qs: QuerySet[Proposal], today: dt.date) -> list[Proposal]:
    rows = list(qs)
    for row in rows:
        row.overdue = row.status in OPEN_STATUSES and row.due_on < today  # type: ignore[attr-defined]
    return rows


def published_proposals(
    *, agency: Agency | None = None, year: int | None = None
) -> QuerySet[Proposal]:
    qs = Proposal.objects.filter(status=ProposalStatus.PUBLISHED).select_related(
        "agency"
    )
    if agency is not None:
        qs = qs.filter(agency=agency)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("agency__path", "-year", "kind", "number")


@dataclass(frozen=True)
class ProposalFigures:
    year: int
    suggestions: int
    proposals: int
    replied: int
    replied_on_time: int
    published: int

    @property
    def received(self) -> int:
        return self.suggestions + self.proposals

    @property
    def pending(self) -> int:
        return self.received - self.replied


def proposal_figures(agency: Agency, year: int) -> ProposalFigures:
    """Counts for ``agency``'s suggestions and proposals of ``year`` (the 年度 field)."""
    done = Q(status__in=(ProposalStatus.REPLIED, ProposalStatus.PUBLISHED))
    figures = Proposal.objects.filter(agency=agency, year=year).aggregate(
        suggestions=Count("pk", filter=Q(kind=ProposalKind.SUGGESTION)),
        proposals=Count("pk", filter=Q(kind=ProposalKind.PROPOSAL)),
        replied=Count("pk", filter=done),
        on_time=Count("pk", filter=done & Q(replied_on__lte=F("due_on"))),
        published=Count("pk", filter=Q(status=ProposalStatus.PUBLISHED)),
    )
    return ProposalFigures(
        year=year,
        suggestions=figures["suggestions"],
        proposals=figures["proposals"],
        replied=figures["replied"],
        replied_on_time=figures["on_time"],
        published=figures["published"],
    )


def annual_report_sentence(agency: Agency, year: int) -> str:
    """The sentence for 第六部分（三）人大代表建议和政协提案办理结果公开情况.

    Local practice, not the national format (legal.md §2.6): the reports app may
    offer it as a draft paragraph of 第六部分.
    """
    f = proposal_figures(agency, year)
    if f.received == 0:
        return f"{year}年，本机关未承办人大代表建议和政协提案。"
    parts = []
    if f.suggestions:
        parts.append(f"人大代表建议{f.suggestions}件")
    if f.proposals:
        parts.append(f"政协提案{f.proposals}件")
    head = f"{year}年，本机关共承办{'、'.join(parts)}"
    if f.replied == f.received and f.replied_on_time == f.received:
        done = "已全部按期办结"
    elif f.replied == f.received:
        done = f"已全部办结，其中按期办结{f.replied_on_time}件"
    else:
        done = f"已办结{f.replied}件（其中按期办结{f.replied_on_time}件），尚在办理{f.pending}件"
    return f"{head}，{done}，办理结果公开{f.published}件。"


@dataclass(frozen=True)
class PlanProgress:
    total: int
    done: int
    overdue: list[PlanTask]

    @property
    def percent(self) -> int:
        return round(self.done * 100 / self.total) if self.total else 0


def plan_progress(plan: WorkPlan, today: dt.date | None = None) -> PlanProgress:
    """Completion and the tasks past their 完成时限 that are not done."""
    today = today or timezone.localdate()
    tasks = plan.tasks.select_related("responsible")
    overdue = [t for t in tasks if t.status != TaskStatus.DONE and t.due_on < today]
    done = sum(1 for t in tasks if t.status == TaskStatus.DONE)
    return PlanProgress(total=len(tasks), done=done, overdue=overdue)
