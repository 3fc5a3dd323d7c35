"""The raw figures of every agency an office assesses, for one year.

The application, evaluation, catalogue and annual-report figures are the
季通报's: ``gongkai.supervision.bulletins.compute_rows`` over the year as its
period (``Year``), so a score sheet's figures are the bulletin's figures for
the same period by construction. The assessment adds four counts of its own,
each one aggregate query over all the agencies:

- ``report_errors``: the rule errors of the agency's own published report of
  the previous year (stored when it was published; None when not published);
- ``disputes_corrected``: 行政复议 and 行政诉讼 decided in the year with the
  result 纠正 (table 四's 结果纠正), not counting a case where the agency was
  only co-defendant as the reconsideration body;
- ``bulletin_problems_unfixed``: problems the office's issued quarterly
  bulletins of the year named for the agency that the next issued bulletin
  named again (the same kind of problem, ``bulletins.PROBLEM_KINDS``) — our
  reading of 整改不到位: a problem is fixed when the next bulletin no longer
  names it;
- ``link_problems_open``: link-check problems first seen by the day the year is
  counted at and not fixed by then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.db.models import Count, Q

from gongkai.agencies.models import Agency
from gongkai.disputes.models import Dispute, Result
from gongkai.linkcheck.models import Problem
from gongkai.reports.models import AnnualReport
from gongkai.supervision.bulletins import (
    SH,
    AgencyRow,
    Quarter,
    Year,
    as_of_date,
    compute_rows,
    problem_items,
    rows_of,
)
from gongkai.supervision.models import Bulletin


def day_end(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in Shanghai (a day's records are before it)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=SH)


def report_errors(ids: list[int], year: int) -> dict[int, int]:
    """Rule errors of each agency's own published report of ``year``: the count
    stored at publication, which the public report list shows too."""
    from gongkai.reports.services.published import findings_summary

    out: dict[int, int] = {}
    reports = (
        AnnualReport.objects.filter(
            agency_id__in=ids, year=year, status=AnnualReport.Status.PUBLISHED
        )
        .exclude(source=AnnualReport.Source.AGGREGATED)
        .select_related("agency")
    )
    for report in reports:
        assert report.agency_id is not None
        errors = report.findings_errors
        if errors is None:  # published before the findings were stored
            errors, _ = findings_summary(report)
        out[report.agency_id] = errors
    return out


def corrected_disputes_filter(year: Year) -> Q:
    """Disputes decided in the year against the agency (结果纠正)."""
    return Q(
        result=Result.CORRECTED,
        decided_on__gte=year.start,
        decided_on__lte=year.end,
        co_defendant_only=False,
    )


def disputes_corrected(ids: list[int], year: Year) -> dict[int, int]:
    rows = (
        Dispute.objects.filter(corrected_disputes_filter(year), agency_id__in=ids)
        .values("agency_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["agency_id"]: row["n"] for row in rows}


def open_link_problems_filter(as_of: dt.date) -> Q:
    """Link problems seen by the end of ``as_of`` and not fixed by then."""
    end = day_end(as_of)
    return Q(first_seen_at__lt=end) & (Q(fixed_at__isnull=True) | Q(fixed_at__gte=end))


def link_problems_open(ids: list[int], as_of: dt.date) -> dict[int, int]:
    rows = (
        Problem.objects.filter(open_link_problems_filter(as_of), agency_id__in=ids)
        .values("agency_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["agency_id"]: row["n"] for row in rows}


def bulletin_pairs(office: Agency, year: int) -> list[tuple[Bulletin, Bulletin]]:
    """(bulletin, the next quarter's) for each issued bulletin of ``year`` whose
    next quarter's bulletin has been issued too (Q4's next is next year's Q1)."""
    issued = {
        (b.year, b.quarter): b
        for b in Bulletin.objects.filter(
            agency=office,
            status=Bulletin.Status.ISSUED,
            year__in=(year, year + 1),
        )
    }
    pairs = []
    for quarter in range(1, 5):
        first = issued.get((year, quarter))
        following = issued.get((year, quarter + 1) if quarter < 4 else (year + 1, 1))
        if first is not None and following is not None:
            pairs.append((first, following))
    return pairs


def repeated_problems(
    pairs: list[tuple[Bulletin, Bulletin]],
) -> dict[int, list[tuple[Bulletin, Bulletin, str]]]:
    """Per agency: (bulletin, next bulletin, problem kind) named in both."""
    out: dict[int, list[tuple[Bulletin, Bulletin, str]]] = {}
    for first, following in pairs:
        later: dict[int, AgencyRow] = {r.agency_id: r for r in rows_of(following.data)}
        for row in rows_of(first.data):
            nxt = later.get(row.agency_id)
            if nxt is None:
                continue
            again = {k for k, _ in problem_items(nxt)}
            for kind, _ in problem_items(row):
                if kind in again:
                    out.setdefault(row.agency_id, []).append((first, following, kind))
    return out


def compute(office: Agency, year: int, *, today: dt.date) -> dict[int, dict[str, Any]]:
    """Every covered agency's raw figures for ``year`` (JSON-ready), by agency id.

    The rows' order is the bulletin's ranking; the assessment ranks by score.
    """
    period = Year(year)
    rows = compute_rows(office, period, today=today)
    ids = [r.agency_id for r in rows]
    as_of = as_of_date(period, today)
    errors = report_errors(ids, year - 1)
    corrected = disputes_corrected(ids, period)
    repeats = repeated_problems(bulletin_pairs(office, year))
    links = link_problems_open(ids, as_of)
    out: dict[int, dict[str, Any]] = {}
    for row in rows:
        figures = asdict(row)
        figures.update(
            period_start=period.start.isoformat(),
            period_end=period.end.isoformat(),
            as_of=as_of.isoformat(),
            report_errors=errors.get(row.agency_id),
            disputes_corrected=corrected.get(row.agency_id, 0),
            bulletin_problems_unfixed=len(repeats.get(row.agency_id, [])),
            link_problems_open=links.get(row.agency_id, 0),
        )
        out[row.agency_id] = figures
    return out


__all__ = ["Quarter", "Year", "compute"]
