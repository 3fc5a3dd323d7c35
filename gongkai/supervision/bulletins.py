"""The figures of a quarterly bulletin (季通报), computed from the records.

Legal frame: the supervising office 督促整改或者通报批评 agencies that do not
carry out their disclosure work as required (《政府信息公开条例》第四十七条),
and governments assess and publicly evaluate it (考核、社会评议, 第四十六条).

Every figure is an aggregate query over all the agencies below the supervising
one (GROUP BY agency, with conditional counts): one query for applications,
one for evaluations, one for catalogue items, one for annual reports. Only the
average working days to reply need the calendar, and are counted in Python
from the dates that one further query returns. ``agency_problems`` and
``ranking_key`` hold the rules that turn figures into findings.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, TypedDict
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate

from gongkai.agencies.models import Agency
from gongkai.cases.models import OPEN_STATUSES, PAUSED_STATUSES, Case, Outcome, Status
from gongkai.disclosure.models import OPEN_STATUSES as ITEM_OPEN_STATUSES
from gongkai.disclosure.models import Item
from gongkai.law.periods import PUBLICATION
from gongkai.reports.models import AnnualReport
from gongkai.supervision.models import Evaluation, Rating, Reason

SH = ZoneInfo("Asia/Shanghai")

#: Outcome families of table 三 (the 2021 leaf keys start with the family key).
OUTCOME_FAMILIES: dict[str, str] = {
    "granted": "予以公开",
    "partially_granted": "部分公开",
    "withheld": "不予公开",
    "unable": "无法提供",
    "not_processed": "不予处理",
    "other": "其他处理",
}


def outcome_family(outcome: str) -> str:
    """The family key of a table 三 leaf key (``withheld_third_party`` → ``withheld``)."""
    for key in sorted(OUTCOME_FAMILIES, key=len, reverse=True):
        if outcome == key or outcome.startswith(key + "_"):
            return key
    raise ValueError(outcome)


def _family_outcomes(family: str) -> list[str]:
    return [o.value for o in Outcome if outcome_family(o.value) == family]


class Period(Protocol):
    """A span the figures are counted over: a quarter (the 季通报) or a whole
    year (the 绩效考核). ``year`` names the annual report judged: the previous
    year's, whose deadline falls in this one."""

    @property
    def year(self) -> int: ...

    @property
    def start(self) -> dt.date: ...

    @property
    def end(self) -> dt.date: ...

    @property
    def label(self) -> str: ...


@dataclass(frozen=True)
class Year:
    """A calendar year as a period (the assessment's)."""

    year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        return f"{self.year}年度"


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> dt.date:
        if self.quarter == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.quarter + 1, 1) - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year}年第{'一二三四'[self.quarter - 1]}季度"


@dataclass
class AgencyRow:
    """One agency's figures for the period (stored as JSON in the bulletin)."""

    agency_id: int
    name: str
    received: int = 0
    closed: int = 0
    closed_on_time: int = 0
    closed_overdue: int = 0
    open_overdue: int = 0
    avg_workdays: float | None = None
    outcomes: dict[str, int] = field(default_factory=dict)
    evaluations: int = 0
    satisfied: int = 0
    basically_satisfied: int = 0
    dissatisfied: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    items_published: int = 0
    items_published_late: int = 0
    items_overdue: int = 0
    report_year: int = 0
    report_status: str = "未编制"
    report_deadline: str = ""
    report_published_on: str = ""
    #: True published by the deadline, False late or missing after it, None not yet due.
    report_on_time: bool | None = None
    problems: list[str] = field(default_factory=list)
    rank: int = 0

    @property
    def on_time_rate(self) -> float | None:
        judged = self.closed_on_time + self.closed_overdue
        return self.closed_on_time / judged if judged else None

    @property
    def satisfaction_rate(self) -> float | None:
        if not self.evaluations:
            return None
        return (self.satisfied + self.basically_satisfied) / self.evaluations


class CaseFigures(TypedDict):
    """An agency's applications in the quarter (one row of the GROUP BY)."""

    received: int
    closed: int
    closed_on_time: int
    closed_overdue: int
    open_overdue: int
    #: Replies closed in the quarter, by outcome family (``OUTCOME_FAMILIES`` keys).
    outcomes: dict[str, int]


class EvaluationFigures(TypedDict):
    """An agency's 社会评议 in the quarter; ``reasons`` counts each 不满意 reason."""

    evaluations: int
    satisfied: int
    basically_satisfied: int
    dissatisfied: int
    reasons: dict[str, int]


class ItemFigures(TypedDict):
    """An agency's catalogue items published in, or overdue at, the quarter."""

    items_published: int
    items_published_late: int
    items_overdue: int


class ReportFigures(TypedDict):
    """An agency's own annual report of the previous year against its deadline."""

    report_year: int
    report_status: str
    report_deadline: str
    report_published_on: str
    report_on_time: bool | None


#: The kinds of problem a bulletin names, by the figure that shows each.
PROBLEM_KINDS: dict[str, str] = {
    "closed_overdue": "超过法定期限答复申请",
    "open_overdue": "申请逾期未答复",
    "dissatisfied": "答复被评议为“不满意”",
    "items_published_late": "超过法定期限公开政府信息",
    "items_overdue": "政府信息逾期未公开",
    "report_late": "年度报告未按期发布",
}


def problem_items(row: AgencyRow) -> list[tuple[str, str]]:
    """The problems the bulletin names for one agency, each from one rule, as
    (``PROBLEM_KINDS`` key, sentence) pairs.

    1. Replies later than the stored due date, and applications still open past
       it on the day of computation (20 working days, 条例第三十三条).
    2. 社会评议 rated 不满意 (条例第四十六条: 社会评议制度).
    3. Catalogue items published after, or still unpublished past, the
       20-working-day date (条例第二十六条).
    4. The previous year's annual report not published by its deadline
       (条例第四十九条; local earlier dates as configured in reports).
    """
    problems: list[tuple[str, str]] = []
    if row.closed_overdue:
        problems.append(
            ("closed_overdue", f"超过法定期限答复申请{row.closed_overdue}件")
        )
    if row.open_overdue:
        problems.append(
            ("open_overdue", f"截至统计日仍有{row.open_overdue}件申请逾期未答复")
        )
    if row.dissatisfied:
        problems.append(
            ("dissatisfied", f"答复被申请人评议为“不满意”{row.dissatisfied}件")
        )
    if row.items_published_late:
        problems.append(
            (
                "items_published_late",
                f"超过{PUBLICATION.text_zh}公开政府信息{row.items_published_late}条",
            )
        )
    if row.items_overdue:
        problems.append(
            (
                "items_overdue",
                f"截至统计日仍有{row.items_overdue}条政府信息逾期未公开",
            )
        )
    if row.report_on_time is False:
        if row.report_published_on:
            problems.append(("report_late", f"{row.report_year}年度报告未按期发布"))
        else:
            problems.append(("report_late", f"{row.report_year}年度报告逾期未发布"))
    return problems


def agency_problems(row: AgencyRow) -> list[str]:
    """The sentences of ``problem_items``: what the bulletin prints."""
    return [sentence for _, sentence in problem_items(row)]


def ranking_key(row: AgencyRow) -> tuple[int, float, float]:
    """Order of the ranking: fewer problems first; then a higher on-time reply
    rate; then a higher satisfaction rate. An agency with nothing to judge
    (no replies, no evaluations) counts as 100% on that measure."""
    on_time = row.on_time_rate
    satisfied = row.satisfaction_rate
    return (
        len(row.problems),
        -(1.0 if on_time is None else on_time),
        -(1.0 if satisfied is None else satisfied),
    )


def agencies_covered(agency: Agency) -> list[Agency]:
    """Every agency below the supervising one (not the agency itself)."""
    return list(
        Agency.objects.filter(path__startswith=agency.path)
        .exclude(pk=agency.pk)
        .order_by("path")
    )


def case_filters(q: Period, *, today: dt.date, as_of: dt.date) -> dict[str, Q]:
    """The condition of each application count, by figure name: the GROUP BY
    below counts them, and a list of the records behind a figure filters by
    the same condition (``gongkai.assessment.records``)."""
    closed = Q(closed_on__gte=q.start, closed_on__lte=q.end)
    running = sorted(OPEN_STATUSES - PAUSED_STATUSES)
    if as_of >= today:
        # The period is running: the applications open now and past due.
        open_overdue = Q(status__in=running, due_on__lt=today)
    else:
        # A past period: those received by its end, not closed by then, whose
        # due date had passed then (a case paused at the time cannot be told
        # apart afterwards and counts as open).
        open_overdue = (
            Q(received_on__lte=as_of, due_on__lt=as_of)
            & (Q(closed_on__isnull=True) | Q(closed_on__gt=as_of))
            & ~Q(status__in=sorted(PAUSED_STATUSES))
        )
    return {
        "received": Q(received_on__gte=q.start, received_on__lte=q.end),
        "closed": closed,
        # Every reply closed in the period is either on time or late, so
        # 办结 = 按期 + 逾期: one without a due date (closed before its
        # clock began) missed no deadline and counts as on time.
        "closed_on_time": closed
        & (Q(due_on__isnull=True) | Q(closed_on__lte=F("due_on"))),
        "closed_overdue": closed & Q(closed_on__gt=F("due_on")),
        "open_overdue": open_overdue,
    }


def counted_cases() -> Any:
    """The applications the figures count (a discarded registration is none)."""
    return Case.objects.exclude(status=Status.DISCARDED)


def _case_figures(
    ids: list[int], q: Period, today: dt.date, as_of: dt.date
) -> dict[int, CaseFigures]:
    filters = case_filters(q, today=today, as_of=as_of)
    closed = filters["closed"]
    families = {
        f"outcome_{key}": Count(
            "pk", filter=closed & Q(outcome__in=_family_outcomes(key))
        )
        for key in OUTCOME_FAMILIES
    }
    rows = (
        counted_cases()
        .filter(agency_id__in=ids)
        .values("agency_id")
        .annotate(
            **{
                name: Count("pk", filter=filters[name])
                for name in (
                    "received",
                    "closed",
                    "closed_on_time",
                    "closed_overdue",
                    "open_overdue",
                )
            },
            **families,
        )
        .order_by()
    )
    return {
        row["agency_id"]: CaseFigures(
            received=row["received"],
            closed=row["closed"],
            closed_on_time=row["closed_on_time"],
            closed_overdue=row["closed_overdue"],
            open_overdue=row["open_overdue"],
            outcomes={key: _count(row, f"outcome_{key}") for key in OUTCOME_FAMILIES},
        )
        for row in rows
    }


def _count(row: Mapping[str, object], name: str) -> int:
    """A count that django-stubs cannot see in a ``values()`` row (``**`` annotations)."""
    value = row[name]
    assert isinstance(value, int)
    return value


def _avg_workdays(agencies: dict[int, Agency], q: Period) -> dict[int, float | None]:
    """Mean working days from receipt to reply, on each agency's calendar.

    Pauses (征求意见, 缴费) and extensions are not subtracted: this is the time
    the applicant waited. Years the calendar does not know are left out.
    """
    from gongkai.cases.clocks import calendar_for
    from gongkai.workdays.errors import GongkaiError

    spans: dict[int, list[int]] = defaultdict(list)
    rows = Case.objects.filter(
        agency_id__in=list(agencies),
        closed_on__gte=q.start,
        closed_on__lte=q.end,
        received_on__isnull=False,
    ).values_list("agency_id", "received_on", "closed_on")
    calendars: dict[int, Any] = {}
    for agency_id, received_on, closed_on in rows:
        if agency_id not in calendars:
            calendars[agency_id] = calendar_for(agencies[agency_id])
        try:
            spans[agency_id].append(
                calendars[agency_id].workdays_between(received_on, closed_on)
            )
        except GongkaiError:
            continue
    return {
        agency_id: round(sum(days) / len(days), 1) for agency_id, days in spans.items()
    }


def evaluation_filter(q: Period) -> Q:
    """The evaluations a period counts: those submitted in it."""
    return Q(submitted_on__gte=q.start, submitted_on__lte=q.end)


def _evaluation_figures(ids: list[int], q: Period) -> dict[int, EvaluationFigures]:
    base = Evaluation.objects.filter(evaluation_filter(q), case__agency_id__in=ids)
    rows = (
        base.values("case__agency_id")
        .annotate(
            evaluations=Count("pk"),
            satisfied=Count("pk", filter=Q(rating=Rating.SATISFIED)),
            basically_satisfied=Count(
                "pk", filter=Q(rating=Rating.BASICALLY_SATISFIED)
            ),
            dissatisfied=Count("pk", filter=Q(rating=Rating.DISSATISFIED)),
        )
        .order_by()
    )
    out = {
        row["case__agency_id"]: EvaluationFigures(
            evaluations=row["evaluations"],
            satisfied=row["satisfied"],
            basically_satisfied=row["basically_satisfied"],
            dissatisfied=row["dissatisfied"],
            reasons={},
        )
        for row in rows
    }
    reasons: dict[int, dict[str, int]] = defaultdict(dict)
    for agency_id, keys in base.values_list("case__agency_id", "reasons"):
        for key in keys or []:
            if key in Reason.values:
                reasons[agency_id][key] = reasons[agency_id].get(key, 0) + 1
    for agency_id, counts in reasons.items():
        out[agency_id]["reasons"] = counts
    return out


def with_published_on(items: Any) -> Any:
    """Catalogue items with ``published_on``: the day of publication in Shanghai."""
    return items.annotate(published_on=TruncDate("published_at", tzinfo=SH))


def item_filters(q: Period, as_of: dt.date) -> dict[str, Q]:
    """The condition of each catalogue-item count, by figure name (over
    ``with_published_on``), shared with the lists of the records behind them."""
    in_period = Q(published_on__gte=q.start, published_on__lte=q.end)
    return {
        "items_published": in_period,
        "items_published_late": in_period & Q(published_on__gt=F("publication_due")),
        # Unpublished past the due date at the period's end (or today).
        "items_overdue": Q(publication_due__lt=as_of)
        & (
            Q(status__in=sorted(ITEM_OPEN_STATUSES), published_at__isnull=True)
            | Q(published_on__gt=as_of)
        ),
    }


def _item_figures(ids: list[int], q: Period, as_of: dt.date) -> dict[int, ItemFigures]:
    filters = item_filters(q, as_of)
    rows = (
        with_published_on(Item.objects.filter(agency_id__in=ids))
        .values("agency_id")
        .annotate(**{name: Count("pk", filter=f) for name, f in filters.items()})
        .order_by()
    )
    return {
        row["agency_id"]: ItemFigures(
            items_published=row["items_published"],
            items_published_late=row["items_published_late"],
            items_overdue=row["items_overdue"],
        )
        for row in rows
    }


def _report_figures(
    agencies: dict[int, Agency], year: int, today: dt.date
) -> dict[int, ReportFigures]:
    """The agency's own annual report of ``year`` and its deadline (条例第四十九条)."""
    from gongkai.reports.selectors import report_deadline

    reports = {
        agency_id: (status, published_at)
        for agency_id, status, published_at in AnnualReport.objects.filter(
            agency_id__in=list(agencies), year=year
        )
        .exclude(source=AnnualReport.Source.AGGREGATED)
        .values_list("agency_id", "status", "published_at")
    }
    out: dict[int, ReportFigures] = {}
    for agency_id, agency in agencies.items():
        deadline = report_deadline(agency, year).date
        status, published_at = reports.get(agency_id, ("", None))
        published_on = published_at.astimezone(SH).date() if published_at else None
        if published_on is not None:
            on_time: bool | None = published_on <= deadline
        else:
            on_time = False if today > deadline else None
        out[agency_id] = ReportFigures(
            report_year=year,
            report_status=AnnualReport.Status(status).label if status else "未编制",
            report_deadline=deadline.isoformat(),
            report_published_on=published_on.isoformat() if published_on else "",
            report_on_time=on_time,
        )
    return out


def _no_cases() -> CaseFigures:
    return CaseFigures(
        received=0,
        closed=0,
        closed_on_time=0,
        closed_overdue=0,
        open_overdue=0,
        outcomes=dict.fromkeys(OUTCOME_FAMILIES, 0),
    )


def _no_evaluations() -> EvaluationFigures:
    return EvaluationFigures(
        evaluations=0, satisfied=0, basically_satisfied=0, dissatisfied=0, reasons={}
    )


def _no_items() -> ItemFigures:
    return ItemFigures(items_published=0, items_published_late=0, items_overdue=0)


def as_of_date(q: Period, today: dt.date) -> dt.date:
    """The day "still overdue" is counted at: the quarter's end, or today while the
    quarter runs. A Q3 bulletin drafted in November counts what was overdue on
    30 September, not what became overdue since."""
    return min(q.end, today)


def compute_rows(agency: Agency, q: Period, *, today: dt.date) -> list[AgencyRow]:
    """The ranked rows of the bulletin of ``agency`` for quarter ``q``."""
    agencies = {a.pk: a for a in agencies_covered(agency)}
    ids = list(agencies)
    as_of = as_of_date(q, today)
    cases = _case_figures(ids, q, today, as_of)
    workdays = _avg_workdays(agencies, q)
    evaluations = _evaluation_figures(ids, q)
    items = _item_figures(ids, q, as_of)
    reports = _report_figures(agencies, q.year - 1, as_of)
    rows: list[AgencyRow] = []
    for agency_id, a in agencies.items():
        row = AgencyRow(
            agency_id=agency_id,
            name=a.name,
            **cases.get(agency_id, _no_cases()),
            **evaluations.get(agency_id, _no_evaluations()),
            **items.get(agency_id, _no_items()),
            **reports[agency_id],
            avg_workdays=workdays.get(agency_id),
        )
        row.problems = agency_problems(row)
        rows.append(row)
    rows.sort(key=lambda r: (*ranking_key(r), r.name))
    previous: tuple[int, float, float] | None = None
    for position, row in enumerate(rows, start=1):
        key = ranking_key(row)
        row.rank = rows[position - 2].rank if key == previous else position
        previous = key
    return rows


def totals(rows: list[AgencyRow]) -> dict[str, Any]:
    """Column sums over all agencies (the bulletin's first table)."""
    summed = (
        "received closed closed_on_time closed_overdue open_overdue evaluations "
        "satisfied basically_satisfied dissatisfied items_published "
        "items_published_late items_overdue"
    ).split()
    out: dict[str, Any] = {name: sum(getattr(r, name) for r in rows) for name in summed}
    out["outcomes"] = {
        key: sum(r.outcomes.get(key, 0) for r in rows) for key in OUTCOME_FAMILIES
    }
    out["reports_on_time"] = sum(1 for r in rows if r.report_on_time is True)
    out["reports_late"] = sum(1 for r in rows if r.report_on_time is False)
    return out


def snapshot(agency: Agency, q: Period, *, today: dt.date) -> dict[str, Any]:
    """The JSON the bulletin stores: rows, totals and the period."""
    rows = compute_rows(agency, q, today=today)
    return {
        "period": {"start": q.start.isoformat(), "end": q.end.isoformat()},
        "computed_on": today.isoformat(),
        "as_of": as_of_date(q, today).isoformat(),
        "rows": [asdict(r) for r in rows],
        "totals": totals(rows),
    }


def rows_of(data: dict[str, Any]) -> list[AgencyRow]:
    """Rows back from a stored snapshot."""
    return [AgencyRow(**row) for row in data.get("rows", [])]
