"""Reads over applications: lists, duplicates, fee counts, and table 三.

Table 三 is computed with one aggregate query (GROUP BY agency, applicant type,
outcome, with conditional counts); ``table3_cell_q`` gives the same conditions
per cell so that each figure links to exactly the applications behind it.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections import defaultdict
from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import Any

from django.db.models import Count, Q, QuerySet

from gongkai.accounts.users import AnyUser
from gongkai.agencies.models import Agency
from gongkai.annual.formats import TABLE3_COLUMN_KEYS, format_for_year
from gongkai.annual.model import Report
from gongkai.cases.models import OPEN_STATUSES, PAUSED_STATUSES, Case, Status
from gongkai.cases.permissions import can_view_case

DUPLICATE_WINDOW_DAYS = 365
DUPLICATE_SIMILARITY = 0.6

#: 2021 leaf keys that the 2019 format folds into its single （六）其他处理 row.
OTHER_2019 = {"other_overdue_correction", "other_unpaid_fee", "other_other"}


def with_related(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.select_related("agency", "assignee")


def case_for_user(user: AnyUser, pk: int) -> Case | None:
    """The case with its page's relations, if ``user`` may see it; else ``None``."""
    case = (
        Case.objects.select_related(
            "agency", "assignee", "extension_approved_by", "possible_duplicate_of"
        )
        .filter(pk=pk)
        .first()
    )
    if case is None or not can_view_case(user, case):
        return None
    return case


def normalise_query_code(raw: str) -> str:
    """A query code as typed (spaces, dashes, lower case) → its stored form."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def lookup_case(query_code: str, phone_last4: str) -> Case | None:
    """The application with this query code whose phone ends in ``phone_last4``.

    ``None`` when there is none, it was discarded, or the digits do not match
    (compared in constant time). Callers throttle failed lookups themselves.
    """
    code = normalise_query_code(query_code)
    case = (
        Case.objects.select_related("agency")
        .filter(query_code=code)
        .exclude(status=Status.DISCARDED)
        .first()
    )
    if case is None or not hmac.compare_digest(case.phone[-4:], phone_last4):
        return None
    return case


# -- duplicates -------------------------------------------------------------------


def _similar(a: str, b: str) -> float:
    a, b = " ".join(a.split()), " ".join(b.split())
    return SequenceMatcher(None, a, b).ratio()


def find_possible_duplicate(case: Case) -> Case | None:
    """An earlier application of the same applicant to the same agency with similar text.

    Same applicant = same identity number, or same name and phone. Flagged for the
    registrar, never decided automatically (a repeat is （五）2 only after review).
    """
    since = case.arrived_on - dt.timedelta(days=DUPLICATE_WINDOW_DAYS)
    same_applicant = Q(id_number=case.id_number) | Q(
        applicant_name=case.applicant_name, phone=case.phone
    )
    candidates = (
        Case.objects.filter(agency_id=case.agency_id, arrived_on__gte=since)
        .filter(same_applicant)
        .exclude(pk=case.pk)
        .exclude(status=Status.DISCARDED)
        .only("pk", "description")
        .order_by("-arrived_on")[:50]
    )
    best: tuple[float, Case | None] = (0.0, None)
    for other in candidates:
        ratio = _similar(case.description, other.description)
        if ratio >= DUPLICATE_SIMILARITY and ratio > best[0]:
            best = (ratio, other)
    return best[1]


# -- fees -------------------------------------------------------------------------


def fee_count_earlier_in_month(case: Case) -> int:
    """How many applications the same applicant made earlier in the case's month.

    The 按件 tiers count "同一申请人一个自然月内累计申请" (国办函〔2020〕109号 第四条);
    whether across agencies is a per-agency setting (legal.md §5, U). Each earlier
    application counts its 一事一申请 items (default 1).
    """
    received = case.received_on or case.arrived_on
    month_start = received.replace(day=1)
    qs = Case.objects.filter(
        id_number=case.id_number,
        received_on__gte=month_start,
        received_on__lte=received,
    ).exclude(pk=case.pk)
    qs = qs.filter(Q(received_on__lt=received) | Q(pk__lt=case.pk))
    if case.agency.fee_scope == Agency.FeeScope.AGENCY:
        qs = qs.filter(agency_id=case.agency_id)
    return sum(items or 1 for items in qs.values_list("fee_items", flat=True))


# -- dashboard lists ----------------------------------------------------------------


def open_cases(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.filter(status__in=OPEN_STATUSES)


def cases_overdue(qs: QuerySet[Case], *, today: dt.date) -> QuerySet[Case]:
    """Open, clock running, and past the reply due date."""
    return with_related(
        open_cases(qs).filter(due_on__lt=today).exclude(status__in=PAUSED_STATUSES)
    ).order_by("due_on", "pk")


def cases_due_soon(
    qs: QuerySet[Case], *, today: dt.date, horizon: dt.date
) -> QuerySet[Case]:
    """Open and due between today and ``horizon`` (3 working days ahead)."""
    return with_related(
        open_cases(qs).filter(due_on__gte=today, due_on__lte=horizon)
    ).order_by("due_on", "pk")


def cases_paused(qs: QuerySet[Case]) -> QuerySet[Case]:
    return with_related(qs.filter(status__in=PAUSED_STATUSES)).order_by("due_on", "pk")


def cases_awaiting_intake(qs: QuerySet[Case]) -> QuerySet[Case]:
    return with_related(
        qs.filter(status__in=[Status.SUBMITTED, Status.REGISTERED])
    ).order_by("arrived_on", "pk")


def cases_awaiting_approval(qs: QuerySet[Case]) -> QuerySet[Case]:
    return with_related(qs.filter(status=Status.DECIDED)).order_by("due_on", "pk")


# -- table 三 -----------------------------------------------------------------------


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _period_q(year: int) -> dict[str, Q]:
    """The four conditions that place an application in table 三 for ``year``.

    - new_received: received (Art. 31 date) in the year;
    - carried_over: received before the year and not closed before it;
    - closed: its final outcome took effect in the year;
    - carried_forward: received by the year's end and not closed by then.
    By construction new + carried_over = closed + carried_forward, per column.
    """
    start, end = _year_bounds(year)
    not_closed_before = Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    not_closed_by_end = Q(closed_on__isnull=True) | Q(closed_on__gt=end)
    return {
        "new_received": Q(received_on__gte=start, received_on__lte=end),
        "carried_over": Q(received_on__lt=start) & not_closed_before,
        "closed": Q(
            closed_on__gte=start, closed_on__lte=end, received_on__isnull=False
        ),
        "carried_forward": Q(received_on__lte=end) & not_closed_by_end,
    }


def table3_counts(
    agencies: Iterable[Agency] | QuerySet[Agency], year: int
) -> dict[int, dict[str, dict[str, int]]]:
    """Table 三 figures for many agencies in one aggregate query.

    Returns {agency_id: {row_key: {column_key: count}}} for the leaf rows and the
    four period rows (2021 keys; ``table3_report`` folds them for 2019).
    """
    conditions = _period_q(year)
    agency_ids = [a.pk for a in agencies]
    rows = (
        Case.objects.filter(agency_id__in=agency_ids, received_on__isnull=False)
        .filter(conditions["new_received"] | conditions["carried_over"])
        .values("agency_id", "applicant_type", "outcome")
        .annotate(
            new_received=Count("pk", filter=conditions["new_received"]),
            carried_over=Count("pk", filter=conditions["carried_over"]),
            closed=Count("pk", filter=conditions["closed"]),
            carried_forward=Count("pk", filter=conditions["carried_forward"]),
        )
        .order_by()
    )
    result: dict[int, dict[str, dict[str, int]]] = {
        pk: defaultdict(lambda: defaultdict(int)) for pk in agency_ids
    }
    for row in rows:
        figures = result[row["agency_id"]]
        column = row["applicant_type"]
        figures["new_received"][column] += row["new_received"]
        figures["carried_over"][column] += row["carried_over"]
        figures["carried_forward"][column] += row["carried_forward"]
        if row["outcome"] and row["closed"]:
            figures[row["outcome"]][column] += row["closed"]
    return result


def table3_report(
    agency: Agency, year: int, counts: dict[str, dict[str, int]] | None = None
) -> Report:
    """Table 三 of ``agency`` for ``year`` as an annual ``Report`` (other tables blank)."""
    fmt = format_for_year(year)
    if counts is None:
        counts = table3_counts([agency], year)[agency.pk]
    report = Report.blank(agency=agency.name, year=year, format=fmt)
    leaves = fmt.leaf_outcomes
    folded: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key, by_column in counts.items():
        target = "other" if fmt.id == "2019" and key in OTHER_2019 else key
        for column, n in by_column.items():
            folded[target][column] += n
    columns = TABLE3_COLUMN_KEYS[:-1]
    for key in fmt.table3_keys:
        if key == "total":
            values = [sum(folded[leaf][c] for leaf in leaves) for c in columns]
        else:
            values = [folded[key][c] for c in columns]
        report.table3[key] = [*values, sum(values)]
    return report


def table3_findings(
    agency: Agency, year: int, report: Report | None = None
) -> list[Any]:
    """The annual rules' findings on table 三 (with last year's carry-over check)."""
    from gongkai.annual import rules

    report = report or table3_report(agency, year)
    previous = table3_report(agency, year - 1) if year > 2019 else None
    return [
        f
        for f in rules.check(report, previous)
        if f.rule.startswith("table3") or any(c.startswith("table3.") for c in f.cells)
    ]


def table3_cell_q(year: int, row: str, column: str) -> Q:
    """The applications behind one figure of table 三 (the link from each cell)."""
    fmt = format_for_year(year)
    conditions = _period_q(year)
    q = Q(received_on__isnull=False)
    if column != "total":
        q &= Q(applicant_type=column)
    if row in {"new_received", "carried_over", "carried_forward"}:
        return q & conditions[row]
    q &= conditions["closed"]
    if row == "total":
        return q & ~Q(outcome="")
    if fmt.id == "2019" and row == "other":
        return q & Q(outcome__in=OTHER_2019)
    return q & Q(outcome=row)
