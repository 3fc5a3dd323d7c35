"""Table 四 of the annual report, computed from the disputes in one aggregate query."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from gongkai.agencies.models import Agency
from gongkai.annual.formats import TABLE4_GROUPS, TABLE4_KEYS
from gongkai.disputes.models import Dispute, Result

RESULT_KEYS = ("upheld", "corrected", "other")


def counted_in_table4() -> Q:
    """The disputes an agency reports in its own table 四.

    国办公开办函〔2021〕30号 一、（四）: "行政复议机关作为共同被告的行政诉讼案件，
    只计算原行为主体的案件数量，不计算行政复议机关的案件数量" — a lawsuit in which
    this agency is only the reconsideration body sued as co-defendant is left out.
    """
    return Q(co_defendant_only=False)


def year_conditions(year: int) -> dict[str, Q]:
    """When a dispute falls in ``year``'s table 四, and in which column.

    A case counts under its result in the year it was decided, and as 尚未审结
    in every year at whose 31 December it was filed but not yet decided (the
    figures are fixed as at 12-31, like table 二's).
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    decided = Q(decided_on__gte=start, decided_on__lte=end) & ~Q(result=Result.PENDING)
    pending = Q(filed_on__lte=end) & (
        Q(decided_on__isnull=True) | Q(decided_on__gt=end)
    )
    conditions = {key: decided & Q(result=key) for key in RESULT_KEYS}
    conditions["pending"] = pending
    return conditions


def table4_cells(agency: Agency, year: int) -> list[int]:
    """The 15 cells of table 四 for ``agency`` and ``year``, in the official order."""
    conditions = year_conditions(year)
    annotations = {
        f"{group.key}_{result}": Count("pk", filter=Q(kind=group.key) & q)
        for group in TABLE4_GROUPS
        for result, q in conditions.items()
    }
    figures = Dispute.objects.filter(counted_in_table4(), agency=agency).aggregate(
        **annotations
    )
    cells: list[int] = []
    for key in TABLE4_KEYS:
        if key.endswith("_total"):
            group = key.removesuffix("_total")
            cells.append(
                sum(figures[f"{group}_{r}"] for r in (*RESULT_KEYS, "pending"))
            )
        else:
            cells.append(figures[key])
    return cells
