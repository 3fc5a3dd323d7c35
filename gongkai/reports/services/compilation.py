"""Compiling a report from the records: table 三 from the applications, 四 from the disputes."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.accounts.users import AnyUser
from gongkai.agencies.models import Agency
from gongkai.annual.errors import ReportDataError
from gongkai.annual.formats import format_for_year
from gongkai.annual.model import Cell, Report
from gongkai.cases.selectors import table3_report
from gongkai.disputes.selectors import table4_cells
from gongkai.reports import permissions
from gongkai.reports.errors import ReportError
from gongkai.reports.models import AnnualReport, ReportEvent
from gongkai.reports.selectors import (
    agency_reports,
    fee_sentence,
    fee_summary,
    report_data,
)
from gongkai.reports.services._common import (
    CONCURRENT_MESSAGE,
    Status,
    _event,
    _require,
    _require_editable,
    _save_data,
)
from gongkai.reports.services.catalogue import (
    _prefill_from_catalogue,
    catalogue_figures,
)


def compiled_tables(agency: Agency, year: int) -> Report:
    """Tables 三 and 四 of ``agency`` for ``year`` computed from the records."""
    report = table3_report(agency, year)
    report.table4 = list[Cell](table4_cells(agency, year))
    return report


def report_compile(*, agency: Agency, year: int, acting_user: AnyUser) -> AnnualReport:
    """Create or refresh ``agency``'s report for ``year`` from its records.

    Table 三 comes from the applications (``cases.selectors.table3_report``),
    table 四 from the disputes (``disputes.selectors.table4_cells``). Table 二
    and the narrative are what the staff entered and are kept on a recompile,
    except table 二's 规章 and 行政规范性文件 rows of the 2021 format: they are
    counted from the catalogue (``catalogue_figures``) and refreshed on every
    recompile unless a person changed them (``AnnualReport.table2_catalogue``).
    For the 2021 format the 第六部分 starts with the 信息处理费 sentence
    generated from the fee records (国办公开办函〔2021〕30号 一、（六）).

    Two people compiling a new agency-year at once: the second is told to
    reload (the unique agency-year constraint decides), nothing is half-written.
    """
    try:
        with transaction.atomic():
            return _compile(agency=agency, year=year, acting_user=acting_user)
    except IntegrityError:
        raise ReportError(CONCURRENT_MESSAGE) from None


def _compile(*, agency: Agency, year: int, acting_user: AnyUser) -> AnnualReport:
    _require(
        permissions.can_edit(acting_user, agency),
        "您没有编制本机关年度报告的权限。",
    )
    try:
        fmt = format_for_year(year)
    except ReportDataError as exc:
        raise ReportError(str(exc)) from None
    today = timezone.localdate()
    if year > today.year:
        raise ReportError(f"{year}年度尚未开始，不能生成年度报告。")
    computed = compiled_tables(agency, year)
    existing = agency_reports(agency, year).select_for_update().first()
    if existing is None:
        report = Report.blank(agency=agency.name, year=year, format=fmt)
        if fmt.id == "2021":
            report.sections["other"] = fee_sentence(year, fee_summary(agency, year))
        obj = AnnualReport(
            agency=agency,
            agency_name=agency.name,
            year=year,
            source=AnnualReport.Source.COMPILED,
            status=Status.DRAFT,
        )
        kind = ReportEvent.Kind.COMPILED
    else:
        _require_editable(existing)
        obj = existing
        report = report_data(obj)
        kind = ReportEvent.Kind.RECOMPILED
    report.agency = agency.name
    report.table3 = computed.table3
    report.table4 = computed.table4
    written = _prefill_from_catalogue(
        obj, report, catalogue_figures(agency, year, fmt.id)
    )
    _save_data(obj, report)
    obj.compiled_at = timezone.now()
    obj.version += 1 if obj.pk else 0
    obj.full_clean(validate_constraints=False)  # the database decides a race
    obj.save()
    kept = sorted(r for r, e in obj.table2_catalogue.items() if e["overridden"])
    _event(
        obj,
        kind,
        acting_user,
        before=obj.status,
        data={"catalogue": written, "overrides_kept": kept} if written or kept else {},
    )
    return obj
