"""Reads for the supervision pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractQuarter

from gongkai.agencies.models import Agency
from gongkai.supervision.models import Bulletin, Evaluation, Rating


def published_bulletins() -> QuerySet[Bulletin]:
    """Bulletins open to everyone: issued (印发) and then published on the portal."""
    return Bulletin.objects.filter(
        status=Bulletin.Status.ISSUED, published_at__isnull=False
    )


@dataclass
class EvaluationCounts:
    total: int = 0
    satisfied: int = 0
    basically_satisfied: int = 0
    dissatisfied: int = 0

    @property
    def satisfaction_rate(self) -> float | None:
        """(满意 + 基本满意) / all evaluations."""
        if not self.total:
            return None
        return (self.satisfied + self.basically_satisfied) / self.total


@dataclass
class AgencyYear:
    agency: Agency
    quarters: list[EvaluationCounts]
    year: EvaluationCounts


def evaluation_summary(agencies: QuerySet[Agency], year: int) -> list[AgencyYear]:
    """社会评议 per agency and quarter of ``year``, with the year's total (one query)."""
    rows = (
        Evaluation.objects.filter(case__agency__in=agencies, submitted_on__year=year)
        .annotate(q=ExtractQuarter("submitted_on"))
        .values("case__agency_id", "q")
        .annotate(
            total=Count("pk"),
            satisfied=Count("pk", filter=Q(rating=Rating.SATISFIED)),
            basically_satisfied=Count(
                "pk", filter=Q(rating=Rating.BASICALLY_SATISFIED)
            ),
            dissatisfied=Count("pk", filter=Q(rating=Rating.DISSATISFIED)),
        )
        .order_by()
    )
    by_agency: dict[int, list[EvaluationCounts]] = {}
    for row in rows:
        quarters = by_agency.setdefault(
            row["case__agency_id"], [EvaluationCounts() for _ in range(4)]
        )
        quarters[row["q"] - 1] = EvaluationCounts(
            row["total"],
            row["satisfied"],
            row["basically_satisfied"],
            row["dissatisfied"],
        )
    out: list[AgencyYear] = []
    for agency in agencies.order_by("path"):
        quarters = by_agency.get(agency.pk, [EvaluationCounts() for _ in range(4)])
        total = EvaluationCounts(
            *(
                sum(getattr(q, f) for q in quarters)
                for f in EvaluationCounts.__dataclass_fields__
            )
        )
        out.append(AgencyYear(agency, quarters, total))
    return out
