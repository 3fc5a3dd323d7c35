"""Reads of annual reports: stored data, last year's report, fee figures, findings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gongkai.agencies.models import Agency
from gongkai.annual import jsonio, rules
from gongkai.annual.model import Report
from gongkai.reports.deadlines import Deadline, report_deadline
from gongkai.reports.models import AnnualReport


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
    """Every rule of ``annual.rules`` on the report, with last year's carry-over."""
    report = report_data(obj)
    previous = None
    if obj.agency is not None:
        last = previous_report(obj.agency, obj.year, aggregated=obj.aggregated)
        previous = report_data(last) if last is not None else None
    return rules.check(report, previous)


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
