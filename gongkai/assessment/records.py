"""The records behind a score sheet's figures: one list per counted thing.

Each list filters by the very condition its figure counts by
(``bulletins.case_filters``, ``bulletins.item_filters``,
``bulletins.evaluation_filter``, ``figures.corrected_disputes_filter``,
``figures.open_link_problems_filter``, ``figures.repeated_problems``), so the
list of a sheet computed today has as many rows as its figure. A frozen sheet
keeps its figures; its lists show the records as they are now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.assessment import figures as fig
from gongkai.assessment.models import ScoreSheet
from gongkai.disclosure.models import Item
from gongkai.disputes.models import Dispute
from gongkai.linkcheck.models import Problem
from gongkai.reports.models import AnnualReport
from gongkai.supervision.bulletins import (
    PROBLEM_KINDS,
    Year,
    case_filters,
    counted_cases,
    evaluation_filter,
    item_filters,
    with_published_on,
)
from gongkai.supervision.models import Evaluation, Rating


@dataclass(frozen=True)
class RecordList:
    key: str
    title: str
    #: The raw figure (a key of the sheet's ``figures``) the list's length equals.
    counted_by: str


LISTS: dict[str, RecordList] = {
    r.key: r
    for r in (
        RecordList("closed_overdue", "超过答复期限答复的申请", "closed_overdue"),
        RecordList("open_overdue", "截至统计日逾期未答复的申请", "open_overdue"),
        RecordList(
            "items_published_late", "超过法定期限公开的政府信息", "items_published_late"
        ),
        RecordList("items_overdue", "截至统计日逾期未公开的政府信息", "items_overdue"),
        RecordList("dissatisfied", "评价为“不满意”的答复", "dissatisfied"),
        RecordList("report", "上一年度工作年度报告", ""),
        RecordList(
            "disputes_corrected", "被纠错的行政复议、行政诉讼案件", "disputes_corrected"
        ),
        RecordList(
            "bulletin_problems_unfixed",
            "下一季度通报仍指出的问题",
            "bulletin_problems_unfixed",
        ),
        RecordList("link_problems_open", "尚未修复的链接问题", "link_problems_open"),
    )
}

#: The record lists shown beside each figure of ``indicators.FIGURES``.
FIGURE_LISTS: dict[str, tuple[str, ...]] = {
    "on_time_rate": ("closed_overdue",),
    "overdue_count": ("closed_overdue", "open_overdue"),
    "publication_rate": ("items_published_late", "items_overdue"),
    "report_on_time": ("report",),
    "report_errors": ("report",),
    "satisfaction_rate": ("dissatisfied",),
    "disputes_corrected": ("disputes_corrected",),
    "bulletin_problems_unfixed": ("bulletin_problems_unfixed",),
    "link_problems_open": ("link_problems_open",),
}


@dataclass(frozen=True)
class Row:
    """One record: what it is, where to see it, and the dates that count."""

    label: str
    url: str
    detail: str


def _dates(sheet: ScoreSheet) -> tuple[Year, dt.date, dt.date]:
    assessment = sheet.assessment
    period = Year(assessment.year)
    computed = assessment.computed_on or period.end
    as_of = assessment.as_of or min(period.end, computed)
    return period, computed, as_of


def _cases(agency: Agency, key: str, sheet: ScoreSheet) -> list[Row]:
    period, computed, as_of = _dates(sheet)
    condition = case_filters(period, today=computed, as_of=as_of)[key]
    cases = counted_cases().filter(condition, agency=agency).order_by("due_on", "pk")
    return [
        Row(
            label=c.number or f"#{c.pk}",
            url=reverse("cases:detail", args=[c.pk]),
            detail=(
                f"收到：{c.received_on or '—'}；答复期限：{c.due_on or '—'}；"
                f"办结：{c.closed_on or '未办结'}"
            ),
        )
        for c in cases
    ]


def _items(agency: Agency, key: str, sheet: ScoreSheet) -> list[Row]:
    period, _, as_of = _dates(sheet)
    condition = item_filters(period, as_of)[key]
    items = with_published_on(Item.objects.filter(agency=agency)).filter(condition)
    return [
        Row(
            label=item.title,
            url=reverse("disclosure:detail", args=[item.pk]),
            detail=(
                f"应公开日期：{item.publication_due or '—'}；"
                f"公开日期：{item.published_on or '未公开'}"
            ),
        )
        for item in items.order_by("publication_due", "pk")
    ]


def _dissatisfied(agency: Agency, sheet: ScoreSheet) -> list[Row]:
    period, _, _ = _dates(sheet)
    evaluations = (
        Evaluation.objects.filter(
            evaluation_filter(period), case__agency=agency, rating=Rating.DISSATISFIED
        )
        .select_related("case")
        .order_by("submitted_on", "pk")
    )
    return [
        Row(
            label=e.case.number or f"#{e.case_id}",
            url=reverse("supervision:case-evaluation", args=[e.case_id]),
            detail=f"评价日期：{e.submitted_on}；原因：{'、'.join(e.reason_labels) or '—'}",
        )
        for e in evaluations
    ]


def _report(agency: Agency, sheet: ScoreSheet) -> list[Row]:
    year = sheet.assessment.year - 1
    reports = AnnualReport.objects.filter(agency=agency, year=year).exclude(
        source=AnnualReport.Source.AGGREGATED
    )
    return [
        Row(
            label=f"{r.agency_name}{r.year}年度报告",
            url=reverse("reports:detail", args=[r.pk]),
            detail=f"状态：{r.get_status_display()}；发布时间："
            + (
                f"{r.published_at.astimezone(fig.SH):%Y-%m-%d}"
                if r.published_at
                else "—"
            ),
        )
        for r in reports
    ]


def _disputes(agency: Agency, sheet: ScoreSheet) -> list[Row]:
    period, _, _ = _dates(sheet)
    disputes = Dispute.objects.filter(
        fig.corrected_disputes_filter(period), agency=agency
    ).order_by("decided_on", "pk")
    return [
        Row(
            label=str(d),
            url=reverse("disputes:edit", args=[d.pk]),
            detail=f"{d.get_kind_display()}；审结日期：{d.decided_on}；结果：{d.get_result_display()}",
        )
        for d in disputes
    ]


def _repeats(agency: Agency, sheet: ScoreSheet) -> list[Row]:
    assessment = sheet.assessment
    pairs = fig.bulletin_pairs(assessment.agency, assessment.year)
    repeats = fig.repeated_problems(pairs).get(agency.pk, [])
    return [
        Row(
            label=PROBLEM_KINDS[kind],
            url=reverse("supervision:bulletin", args=[following.pk]),
            detail=f"{first.year}年第{first.quarter}季度通报指出，"
            f"{following.year}年第{following.quarter}季度通报仍指出",
        )
        for first, following, kind in repeats
    ]


def _links(agency: Agency, sheet: ScoreSheet) -> list[Row]:
    _, _, as_of = _dates(sheet)
    problems = Problem.objects.filter(
        fig.open_link_problems_filter(as_of), agency=agency
    ).order_by("first_seen_at", "pk")
    url = reverse("linkcheck:agency", args=[agency.code])
    return [
        Row(
            label=p.get_kind_display(),
            url=url,
            detail=f"{p.url or p.detail}；首次发现：{p.first_seen_at.astimezone(fig.SH):%Y-%m-%d}",
        )
        for p in problems
    ]


def records(sheet: ScoreSheet, key: str) -> list[Row]:
    """The records of list ``key`` (a ``LISTS`` key) for the sheet's agency."""
    agency = sheet.agency
    if key in ("closed_overdue", "open_overdue"):
        return _cases(agency, key, sheet)
    if key in ("items_published_late", "items_overdue"):
        return _items(agency, key, sheet)
    if key == "dissatisfied":
        return _dissatisfied(agency, sheet)
    if key == "report":
        return _report(agency, sheet)
    if key == "disputes_corrected":
        return _disputes(agency, sheet)
    if key == "bulletin_problems_unfixed":
        return _repeats(agency, sheet)
    if key == "link_problems_open":
        return _links(agency, sheet)
    raise KeyError(key)
