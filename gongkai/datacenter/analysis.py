"""What the year-over-year and region pages compute from collected reports."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.annual.compare import OUTCOME_FAMILIES, figure_name
from gongkai.annual.parse.review import rule_name
from gongkai.datacenter.models import CollectedReport

#: Shares further than this many standard deviations from the region's mean are outliers.
OUTLIER_SD = 2.0
MIN_FOR_OUTLIERS = 5


#: The columns the region page reads (not the provenance or the parsed copy).
FIELDS = (
    "pk",
    "agency_name",
    "agency_id",
    "year",
    "figures",
    "findings",
    "errors",
    "warnings",
    "dated",
    "deadline",
)


@dataclass
class Ranked:
    report: CollectedReport
    errors: int
    warnings: int
    late: bool
    rules: Counter[str] = field(default_factory=Counter)
    shares: dict[str, float | None] = field(default_factory=dict)
    outliers: set[str] = field(default_factory=set)


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float, Decimal)) else 0.0


def outcome_shares(figures: dict[str, Any]) -> dict[str, float | None]:
    """Each outcome family's share of the outcomes (``main_figures``)."""
    values = {key: _number(figures.get(key)) for key in OUTCOME_FAMILIES}
    total = sum(values.values())
    return {k: (v / total if total else None) for k, v in values.items()}


def ranking(reports: Iterable[CollectedReport]) -> list[Ranked]:
    """Agencies by problems found: errors, then late publication, then warnings."""
    out: list[Ranked] = []
    for obj in reports:
        rules: Counter[str] = Counter(
            f["rule"] for f in obj.findings if f["severity"] in ("error", "warning")
        )
        out.append(
            Ranked(
                obj,
                obj.errors,
                obj.warnings,
                obj.late,
                rules,
                outcome_shares(obj.figures),
            )
        )
    out.sort(key=lambda r: (-r.errors, not r.late, -r.warnings, r.report.agency_name))
    mark_outliers(out)
    return out


def mark_outliers(rows: Sequence[Ranked]) -> dict[str, tuple[float, float]]:
    """Mean and standard deviation of each outcome share; outliers marked in place."""
    stats: dict[str, tuple[float, float]] = {}
    for key in OUTCOME_FAMILIES:
        values = [s for r in rows if (s := r.shares.get(key)) is not None]
        if len(values) < MIN_FOR_OUTLIERS:
            continue
        mean = statistics.fmean(values)
        sd = statistics.pstdev(values)
        stats[key] = (mean, sd)
        if sd == 0:
            continue
        for row in rows:
            share = row.shares.get(key)
            if share is not None and abs(share - mean) > OUTLIER_SD * sd:
                row.outliers.add(key)
    return stats


def failing_rules(rows: Sequence[Ranked]) -> list[tuple[str, str]]:
    """(rule id, Chinese name) of every rule that failed somewhere, most often first."""
    total: Counter[str] = Counter()
    for row in rows:
        total.update(row.rules)
    return [(rule, rule_name(rule)) for rule, _n in total.most_common()]


def family_names() -> list[tuple[str, str]]:
    return [(key, figure_name(key)) for key in OUTCOME_FAMILIES]
