"""Reads of annual reports: stored data, last year's report, fee figures, findings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.annual import jsonio, rules
from gongkai.annual.formats import NARRATIVE_KEYS
from gongkai.annual.model import Report
from gongkai.law.reports import Level, ReportDeadline, statutory_deadline
from gongkai.reports.models import AnnualReport, ReportSettings

Deadline = ReportDeadline


def government_level(agency: Agency) -> Level:
    """The level of a government: as configured, else read from the tree below it.

    A government with governments two levels below it is 省级, with governments
    one level below 地市级, otherwise 县级. An incomplete tree errs early (县级);
    ``ReportSettings.level`` states it when the tree does not.
    """
    configured = (
        ReportSettings.objects.filter(agency=agency)
        .values_list("level", flat=True)
        .first()
    )
    if configured:
        return Level(configured)
    below = Agency.objects.filter(
        path__startswith=agency.path, kind=Agency.Kind.GOVERNMENT
    ).exclude(pk=agency.pk)
    depths = {a.depth - agency.depth for a in below.only("path")}
    if any(d >= 2 for d in depths):
        return Level.PROVINCE
    if depths:
        return Level.PREFECTURE
    return Level.COUNTY


def report_deadline(
    agency: Agency, year: int, *, aggregated: bool = False
) -> ReportDeadline:
    """The deadline the agency works to: its local earlier date, else the national.

    Local deadlines (legal.md §2.7 "Local deadlines") are set per agency as a
    month and day; a local date later than the national one is never used.
    """
    level = government_level(agency) if aggregated else Level.COUNTY
    national = statutory_deadline(
        year,
        government=agency.kind == Agency.Kind.GOVERNMENT,
        aggregated=aggregated,
        level=level,
    )
    settings = ReportSettings.objects.filter(agency=agency).first()
    local = settings.local_deadline(year, aggregated=aggregated) if settings else None
    if local is None or local >= national.date:
        return national
    return ReportDeadline(
        local, f"本地规定的提前期限（{national.basis}）", national.date
    )


def published_reports() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED)


def report_data(obj: AnnualReport) -> Report:
    """The stored JSON as an ``annual.Report`` (validated on the way in)."""
    return jsonio.report_from_dict(obj.data)


def agency_reports(agency: Agency, year: int) -> QuerySet[AnnualReport]:
    """The agency's own reports for ``year`` (linked, or imported by its name).

    Its 汇总 is not among them: see ``aggregated_reports``.
    """
    return AnnualReport.objects.filter(
        Q(agency=agency) | Q(agency__isnull=True, agency_name=agency.name), year=year
    ).exclude(source=AnnualReport.Source.AGGREGATED)


def aggregated_reports(agency: Agency, year: int) -> QuerySet[AnnualReport]:
    """The agency's 汇总 of ``year`` (at most one)."""
    return AnnualReport.objects.filter(
        agency=agency, year=year, source=AnnualReport.Source.AGGREGATED
    )


def previous_report(
    agency: Agency, year: int, *, aggregated: bool = False
) -> AnnualReport | None:
    """Last year's published report of ``agency`` (compiled here or imported).

    For a 汇总, last year's published 汇总.
    """
    reports = aggregated_reports if aggregated else agency_reports
    return (
        reports(agency, year - 1).filter(status=AnnualReport.Status.PUBLISHED).first()
    )


def report_findings(obj: AnnualReport) -> list[rules.Finding]:
    """Every rule of ``annual.rules`` on the report, with last year's carry-over;
    for a 汇总 also what it lacks (``aggregate_gaps``)."""
    report = report_data(obj)
    previous = None
    if obj.agency is not None:
        last = previous_report(obj.agency, obj.year, aggregated=obj.aggregated)
        previous = report_data(last) if last is not None else None
    findings = rules.check(report, previous)
    if obj.aggregated and obj.agency is not None:
        findings += aggregate_gaps(report, aggregate_parts(obj.agency, obj.year))
    return findings


def aggregate_gaps(report: Report, parts: list[AggregatePart]) -> list[rules.Finding]:
    """Warnings for a 汇总 that is not whole: agencies whose report is not in it,
    and narrative parts left empty.

    A 汇总 "汇总本行政区域内各部门、各下级政府的年度报告" (国办公开办函〔2021〕30号
    二、报告方式及时间): its tables only add up what has arrived, so the rules on
    the figures pass although agencies are missing; and its 一、五、六 are written
    by the 主管部门 itself. Neither blocks it (the deadline may come first) — a
    warning, to be acknowledged on submission.
    """
    gaps: list[rules.Finding] = []
    missing = [p.agency.name for p in parts if not p.ready]
    if missing:
        gaps.append(
            rules.Finding(
                "aggregate.missing_parts",
                rules.Severity.WARNING,
                (),
                len(parts),
                len(parts) - len(missing),
                f"汇总应含 {len(parts)} 个单位的报告，已计入 {len(parts) - len(missing)} 个；"
                f"未计入：{'、'.join(missing)}（报告未审核或未编制）",
            )
        )
    headings = {s.key: s.heading for s in report.format.sections}
    empty = [
        headings[key]
        for key in NARRATIVE_KEYS
        if key in headings and not (report.sections.get(key) or "").strip()
    ]
    if empty:
        gaps.append(
            rules.Finding(
                "aggregate.empty_sections",
                rules.Severity.WARNING,
                (),
                None,
                None,
                f"汇总报告的{'、'.join(empty)}尚未填写",
            )
        )
    return gaps


def finding_counts(findings: list[rules.Finding]) -> tuple[int, int]:
    """(errors, warnings) among ``findings``."""
    errors = sum(f.severity is rules.Severity.ERROR for f in findings)
    warnings = sum(f.severity is rules.Severity.WARNING for f in findings)
    return errors, warnings


#: Reports that count in a 汇总 (国办公开办函〔2021〕30号: the 主管部门 collects the
#: reports its agencies submit; an approved report is final in content).
READY = (AnnualReport.Status.APPROVED, AnnualReport.Status.PUBLISHED)


@dataclass(frozen=True)
class AggregatePart:
    """One lower agency of a 汇总: which of its reports counts, and when it is due.

    A lower government takes part with its own 汇总; every other agency with its
    own report. ``report`` is None when nothing is stored yet; ``ready`` when it
    is approved or published.
    """

    agency: Agency
    aggregated: bool
    report: AnnualReport | None
    deadline: Deadline

    @property
    def ready(self) -> bool:
        return self.report is not None and self.report.status in READY


def aggregate_parts(agency: Agency, year: int) -> list[AggregatePart]:
    """The parts of ``agency``'s 汇总 for ``year``: its own report if it has one,
    then each agency directly below it (legal.md §2.7: a 主管部门 aggregates its
    departments and the governments one level down, which bring their own 汇总)."""
    parts = []
    own = agency_reports(agency, year).filter(agency=agency).first()
    if own is not None:
        parts.append(AggregatePart(agency, False, own, report_deadline(agency, year)))
    for child in Agency.objects.filter(parent=agency).order_by("path"):
        is_government = child.kind == Agency.Kind.GOVERNMENT
        reports = aggregated_reports if is_government else agency_reports
        parts.append(
            AggregatePart(
                child,
                is_government,
                reports(child, year).first(),
                report_deadline(child, year, aggregated=is_government),
            )
        )
    return parts


@dataclass(frozen=True)
class FeeSummary:
    """信息处理费 figures of one agency-year, from the applications' fee records."""

    notices: int  # 收费通知 sent in the year
    paid: int  # applications whose fee was paid in the year
    amount_yuan: Decimal  # collected in the year, in 元
    unpaid_terminated: int  # closed in the year as （六）2 逾期未缴费


def fee_summary(agency: Agency, year: int) -> FeeSummary:
    """The year's fee figures in one aggregate query over the applications."""
    from gongkai.cases.models import Case

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    figures = Case.objects.filter(agency=agency).aggregate(
        notices=Count(
            "pk", filter=Q(fee_notice_sent_on__gte=start, fee_notice_sent_on__lte=end)
        ),
        paid=Count("pk", filter=Q(fee_paid_on__gte=start, fee_paid_on__lte=end)),
        amount=Sum(
            "fee_amount", filter=Q(fee_paid_on__gte=start, fee_paid_on__lte=end)
        ),
        unpaid=Count(
            "pk",
            filter=Q(
                outcome="other_unpaid_fee", closed_on__gte=start, closed_on__lte=end
            ),
        ),
    )
    return FeeSummary(
        notices=figures["notices"],
        paid=figures["paid"],
        amount_yuan=figures["amount"] or Decimal("0"),
        unpaid_terminated=figures["unpaid"],
    )


def fee_sentence(year: int, fees: FeeSummary) -> str:
    """The 第六部分 sentence on 信息处理费 (国办公开办函〔2021〕30号 一、（六）).

    "各行政机关依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，在此处专门报告。"
    """
    if fees.notices == 0 and fees.paid == 0:
        return (
            f"{year}年，本机关未依据《政府信息公开信息处理费管理办法》收取信息处理费。"
        )
    amount = format(fees.amount_yuan.quantize(Decimal("0.01")), "f")
    text = (
        f"{year}年，本机关依据《政府信息公开信息处理费管理办法》"
        f"发出收费通知{fees.notices}件，收取信息处理费{fees.paid}件，"
        f"共计{amount}元"
    )
    if fees.unpaid_terminated:
        text += (
            f"；因申请人逾期未按收费通知要求缴纳费用而不再处理的申请"
            f"{fees.unpaid_terminated}件"
        )
    return text + "。"


@dataclass(frozen=True)
class Publication:
    """Where a report stands against its deadline, for the lists and the overview.

    A published report is never "overdue": it was published on time, or
    ``late_days`` after its deadline, and stays so. An unpublished one has
    ``days_left`` (negative once the deadline has passed).
    """

    deadline: ReportDeadline
    published: bool
    published_on: dt.date | None
    today: dt.date

    @property
    def done(self) -> bool:
        return self.published

    @property
    def days_left(self) -> int:
        return self.deadline.days_left(self.today)

    @property
    def overdue(self) -> bool:
        return not self.done and self.days_left < 0

    @property
    def late_days(self) -> int:
        if self.published_on is not None:
            return self.deadline.days_late(self.published_on)
        if self.published:
            return 0
        return max(0, -self.days_left)

    @property
    def label(self) -> str:
        """已于2026年3月5日公布，逾期33天 / 按期公布 / 已逾期 3 天 / 还有 12 天."""
        if self.published_on is not None:
            when = f"{self.published_on.year}年{self.published_on.month}月{self.published_on.day}日"
            if self.late_days:
                return f"已于{when}公布，逾期{self.late_days}天"
            return f"已于{when}按期公布"
        if self.published:
            return "已公布（公布日期不详）"
        if self.overdue:
            return f"未公布，已逾期 {self.late_days} 天"
        return f"未公布，还有 {self.days_left} 天"


def report_publication(
    report: AnnualReport | None, deadline: ReportDeadline, *, today: dt.date
) -> Publication:
    """``report``'s publication against ``deadline`` (no report: not published)."""
    published = report is not None and report.status == AnnualReport.Status.PUBLISHED
    published_on = None
    if published and report is not None and report.published_at is not None:
        published_on = timezone.localtime(report.published_at).date()
    return Publication(
        deadline=deadline, published=published, published_on=published_on, today=today
    )
