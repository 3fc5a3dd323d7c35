"""Services that change annual reports; each is one transaction with an audit event.

A report's life (docs: architecture "A report's life"):

    report_compile → draft ⇄ (report_set_table2, report_set_sections, recompile)
    report_submit  → submitted (every rule run; errors block, warnings acknowledged)
    report_return  → returned (with a reason; editable again)
    report_approve → approved
    report_publish → published (locked: no edit, no recompile; on the portal)

``report_import`` stores last year's published report of an agency (parsed from
its published file) so that the carry-over rule can compare the years.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.accounts.users import AnyUser, staff_user
from gongkai.agencies.models import Agency
from gongkai.annual import jsonio, rules
from gongkai.annual.aggregate import aggregate
from gongkai.annual.errors import ReportDataError
from gongkai.annual.formats import NARRATIVE_KEYS, format_for_year
from gongkai.annual.model import Cell, Report
from gongkai.reports import permissions
from gongkai.reports.models import AnnualReport, ReportEvent
from gongkai.reports.selectors import (
    agency_reports,
    aggregate_parts,
    aggregated_reports,
    fee_sentence,
    fee_summary,
    report_data,
    report_findings,
)

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"
Status = AnnualReport.Status


class ReportError(Exception):
    """A refused change, with a Chinese message for the user."""


class SubmissionBlocked(ReportError):
    """Submission refused by the rules: errors, or warnings not acknowledged."""

    def __init__(self, message: str, findings: list[rules.Finding]) -> None:
        super().__init__(message)
        self.findings = findings


# -- helpers ------------------------------------------------------------------------


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _lock(obj: AnnualReport) -> AnnualReport:
    return (
        AnnualReport.objects.select_related("agency")
        .select_for_update(of=("self",))
        .get(pk=obj.pk)
    )


def _event(
    obj: AnnualReport,
    kind: ReportEvent.Kind,
    actor: AnyUser,
    *,
    before: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    ReportEvent.objects.create(
        report=obj,
        kind=kind,
        actor=staff_user(actor),
        at=timezone.now(),
        status_before=before,
        status_after=obj.status,
        reason=reason,
        data=data or {},
    )


def _save_data(obj: AnnualReport, report: Report) -> None:
    """Store ``report`` as the object's JSON, validated by a round trip."""
    data = jsonio.report_to_dict(report)
    try:
        jsonio.report_from_dict(json.loads(json.dumps(data)))
    except ReportDataError as exc:
        raise ReportError(str(exc)) from None
    obj.data = data
    obj.format = report.format.id


CONCURRENT_MESSAGE = "该机关该年度的报告正由他人同时生成，请刷新页面后再试。"


def _require_editable(obj: AnnualReport) -> None:
    if obj.locked:
        raise ReportError("该报告已发布并锁定，不能再修改。")
    if obj.aggregated:
        raise ReportError(
            "汇总报告的表格由下级机关的报告相加得出，不能直接修改；请“重新汇总”。"
        )
    if obj.source != AnnualReport.Source.COMPILED:
        raise ReportError("导入或示例的报告不能在本平台修改。")
    if not obj.editable:
        raise ReportError(
            f"该报告{obj.get_status_display()}，只有草稿或被退回的报告可以修改。"
        )


# -- table 二 from the catalogue ----------------------------------------------------------

#: Table 二 rows the catalogue counts, and the columns in the order of
#: ``disclosure.selectors.table2_rules_and_normative_docs`` (2021 format only).
CATALOGUE_ROWS = ("rules", "normative_docs")
CATALOGUE_COLUMNS = ("issued", "repealed", "in_force")


def catalogue_figures(agency: Agency, year: int, format_id: str) -> dict[str, int]:
    """Table 二 cells counted from the agency's 政府信息公开目录.

    Only the 2021 format (国办公开办函〔2021〕30号): 本年制发件数, 本年废止件数 and
    现行有效件数 of 规章 and 行政规范性文件 are facts the catalogue holds. The
    2019 format's 本年新制作数量 counts every document made, including those
    not disclosed, which are not in the catalogue; its cells are left to the
    staff rather than filled with a figure that looks exact but is not.
    """
    if format_id != "2021":
        return {}
    from gongkai.disclosure.selectors import table2_rules_and_normative_docs

    counts = table2_rules_and_normative_docs(agency, year)
    return {
        f"table2.{row}.{column}": counts[row][i]
        for row in CATALOGUE_ROWS
        for i, column in enumerate(CATALOGUE_COLUMNS)
    }


def _prefill_from_catalogue(
    obj: AnnualReport, report: Report, figures: Mapping[str, int]
) -> dict[str, int]:
    """Write the catalogue's figures into ``report`` except where staff overrode them.

    A cell first seen here that already holds a different figure was entered by
    a person before the catalogue was wired in: it counts as overridden. Returns
    the cells written.
    """
    tracked: dict[str, dict[str, Any]] = dict(obj.table2_catalogue or {})
    written: dict[str, int] = {}
    for ref, value in figures.items():
        entry = tracked.get(ref)
        if entry is None:
            current = report.get(ref)
            overridden = current is not None and current != value
        else:
            overridden = bool(entry.get("overridden"))
        if not overridden:
            report.set(ref, value)
            written[ref] = value
        tracked[ref] = {"catalogue": value, "overridden": overridden}
    obj.table2_catalogue = tracked
    return written


# -- compile ------------------------------------------------------------------------


def compiled_tables(agency: Agency, year: int) -> Report:
    """Tables 三 and 四 of ``agency`` for ``year`` computed from the records."""
    from gongkai.cases.selectors import table3_report
    from gongkai.disputes.selectors import table4_cells

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


# -- edits ----------------------------------------------------------------------------


@transaction.atomic
def report_set_table2(
    *, obj: AnnualReport, values: Mapping[str, Cell], acting_user: AnyUser
) -> AnnualReport:
    """Enter table 二's figures (and the fee income): ``{"table2.rules.issued": 3}``.

    These figures come from other systems (许可/处罚/强制 decisions, fees), so the
    staff enter them; blank stays blank (``None``) and the rules warn about it.
    A cell pre-filled from the catalogue that is given another figure becomes
    an override (kept on recompile); given the catalogue's figure again, it
    follows the catalogue again.
    """
    obj = _lock(obj)
    assert obj.agency is not None or obj.source != AnnualReport.Source.COMPILED
    _require(
        obj.agency is not None and permissions.can_edit(acting_user, obj.agency),
        "您没有编辑本机关年度报告的权限。",
    )
    _require_editable(obj)
    report = report_data(obj)
    changes: dict[str, list[Any]] = {}
    for ref, value in values.items():
        if not ref.startswith("table2."):
            raise ReportError(f"只能填写表二的单元格，不能填写“{ref}”。")
        try:
            before = report.get(ref)
            report.set(ref, value)
        except ReportDataError as exc:
            raise ReportError(str(exc)) from None
        if before != value:
            changes[ref] = [jsonio._json_cell(before), jsonio._json_cell(value)]
    tracked = dict(obj.table2_catalogue or {})
    for ref, value in values.items():
        if ref in tracked:
            overridden = value != tracked[ref]["catalogue"]
            tracked[ref] = {**tracked[ref], "overridden": overridden}
    obj.table2_catalogue = tracked
    _save_data(obj, report)
    obj.version += 1
    obj.save()
    _event(
        obj,
        ReportEvent.Kind.FIGURES_EDITED,
        acting_user,
        before=obj.status,
        data=changes,
    )
    return obj


@transaction.atomic
def report_set_sections(
    *, obj: AnnualReport, sections: Mapping[str, str], acting_user: AnyUser
) -> AnnualReport:
    """Edit the narrative parts 一、五、六 (keys ``overview``, ``problems``, ``other``).

    Of a 汇总 too: its tables are summed, its words are the supervising office's.
    """
    obj = _lock(obj)
    _require(
        obj.agency is not None
        and permissions.can_edit_report(acting_user, obj, obj.agency),
        "您没有编辑本机关年度报告的权限。",
    )
    if obj.aggregated:
        if not obj.sections_editable:
            raise ReportError(
                f"该报告{obj.get_status_display()}，只有草稿或被退回的报告可以修改。"
            )
    else:
        _require_editable(obj)
    report = report_data(obj)
    for key, text in sections.items():
        if key not in NARRATIVE_KEYS:
            raise ReportError(f"没有“{key}”这一部分。")
        report.sections[key] = text.replace("\r\n", "\n").strip()
    _save_data(obj, report)
    obj.version += 1
    obj.save()
    _event(
        obj,
        ReportEvent.Kind.SECTIONS_EDITED,
        acting_user,
        before=obj.status,
        data={"sections": sorted(sections)},
    )
    return obj


# -- workflow -------------------------------------------------------------------------


def _transition(
    obj: AnnualReport,
    *,
    allowed_from: tuple[str, ...],
    to: str,
    verb: str,
) -> str:
    if obj.locked:
        raise ReportError("该报告已发布并锁定。")
    if not obj.has_workflow:
        raise ReportError("导入或示例的报告没有审核流程。")
    if obj.status not in allowed_from:
        raise ReportError(f"该报告{obj.get_status_display()}，不能{verb}。")
    before = obj.status
    obj.status = to
    return before


@transaction.atomic
def report_submit(
    *, obj: AnnualReport, acting_user: AnyUser, acknowledge_warnings: bool = False
) -> AnnualReport:
    """Submit the report for approval (机关管理员 or 负责人).

    Every rule of ``annual.rules`` runs first (with last year's report for the
    carry-over check): an error blocks submission; warnings must be
    acknowledged (国办公开办函〔2021〕30号 三、（四）: 报告应"统得出、报得准、可核查").
    """
    obj = _lock(obj)
    _require(
        obj.agency is not None
        and permissions.can_submit_report(acting_user, obj, obj.agency),
        "只有机关管理员或负责人可以提交年度报告。",
    )
    findings = report_findings(obj)
    errors = [f for f in findings if f.severity is rules.Severity.ERROR]
    warnings = [f for f in findings if f.severity is rules.Severity.WARNING]
    before = _transition(
        obj,
        allowed_from=(Status.DRAFT, Status.RETURNED),
        to=Status.SUBMITTED,
        verb="提交",
    )
    if errors:
        raise SubmissionBlocked(
            f"报告有 {len(errors)} 项错误，改正后才能提交。", errors
        )
    if warnings and not acknowledge_warnings:
        raise SubmissionBlocked(
            f"报告有 {len(warnings)} 项警告，请逐项核实并勾选“已核实警告”后再提交。",
            warnings,
        )
    obj.return_reason = ""
    obj.save()
    _event(
        obj,
        ReportEvent.Kind.SUBMITTED,
        acting_user,
        before=before,
        data={"acknowledged_warnings": [f.to_dict() for f in warnings]},
    )
    return obj


@transaction.atomic
def report_return(
    *, obj: AnnualReport, acting_user: AnyUser, reason: str
) -> AnnualReport:
    """Return a submitted or approved report for changes (负责人), with a reason."""
    obj = _lock(obj)
    _require(
        obj.agency is not None and permissions.can_approve(acting_user, obj.agency),
        "只有负责人可以退回年度报告。",
    )
    reason = reason.strip()
    before = _transition(
        obj,
        allowed_from=(Status.SUBMITTED, Status.APPROVED),
        to=Status.RETURNED,
        verb="退回",
    )
    if not reason:
        raise ReportError("请填写退回理由。")
    obj.return_reason = reason
    obj.save()
    _event(obj, ReportEvent.Kind.RETURNED, acting_user, before=before, reason=reason)
    return obj


@transaction.atomic
def report_approve(*, obj: AnnualReport, acting_user: AnyUser) -> AnnualReport:
    """Approve a submitted report (负责人)."""
    obj = _lock(obj)
    _require(
        obj.agency is not None and permissions.can_approve(acting_user, obj.agency),
        "只有负责人可以审核年度报告。",
    )
    before = _transition(
        obj, allowed_from=(Status.SUBMITTED,), to=Status.APPROVED, verb="审核通过"
    )
    obj.save()
    _event(obj, ReportEvent.Kind.APPROVED, acting_user, before=before)
    return obj


@transaction.atomic
def report_publish(*, obj: AnnualReport, acting_user: AnyUser) -> AnnualReport:
    """Publish an approved report (负责人 or 机关管理员); it is locked from now on."""
    obj = _lock(obj)
    _require(
        obj.agency is not None and permissions.can_publish(acting_user, obj.agency),
        "只有负责人或机关管理员可以发布年度报告。",
    )
    before = _transition(
        obj, allowed_from=(Status.APPROVED,), to=Status.PUBLISHED, verb="发布"
    )
    obj.published_at = timezone.now()
    obj.save()
    _event(obj, ReportEvent.Kind.PUBLISHED, acting_user, before=before)
    return obj


# -- 汇总 -----------------------------------------------------------------------------


def report_aggregate(
    *, agency: Agency, year: int, acting_user: AnyUser
) -> AnnualReport:
    """Build or refresh ``agency``'s 汇总 for ``year`` from the reports below it.

    The approved or published reports of ``selectors.aggregate_parts`` are added
    up cell by cell (``annual.aggregate``); the lower agencies still missing or
    not yet approved are recorded in the event with their deadlines, and the
    literals counted as 0 with their notes. The 汇总 is a report of its own
    (source 汇总) and goes through the same workflow; a recompute keeps its
    narrative. 国办公开办函〔2021〕30号 二、报告方式及时间 (legal.md §2.7).
    """
    try:
        with transaction.atomic():
            return _aggregate(agency=agency, year=year, acting_user=acting_user)
    except IntegrityError:
        raise ReportError(CONCURRENT_MESSAGE) from None


def _aggregate(*, agency: Agency, year: int, acting_user: AnyUser) -> AnnualReport:
    _require(
        permissions.can_aggregate(acting_user, agency),
        "只有上级政务公开办或本机关负责人、机关管理员可以汇总年度报告。",
    )
    try:
        fmt = format_for_year(year)
    except ReportDataError as exc:
        raise ReportError(str(exc)) from None
    if year > timezone.localdate().year:
        raise ReportError(f"{year}年度尚未开始，不能汇总年度报告。")
    parts = aggregate_parts(agency, year)
    ready = [p for p in parts if p.ready]
    try:
        result = aggregate(
            [report_data(p.report) for p in ready if p.report is not None],
            agency=agency.name,
            year=year,
            format=fmt,
        )
    except ReportDataError as exc:
        raise ReportError(str(exc)) from None
    existing = aggregated_reports(agency, year).select_for_update().first()
    if existing is None:
        obj = AnnualReport(
            agency=agency,
            agency_name=agency.name,
            year=year,
            source=AnnualReport.Source.AGGREGATED,
            status=Status.DRAFT,
        )
        sections = result.report.sections
    else:
        if not existing.sections_editable:
            raise ReportError(
                f"该汇总报告{existing.get_status_display()}，只有草稿或被退回的汇总报告可以重新汇总。"
            )
        obj = existing
        sections = report_data(obj).sections
    result.report.sections = sections
    _save_data(obj, result.report)
    obj.compiled_at = timezone.now()
    obj.version += 1 if obj.pk else 0
    obj.full_clean(validate_constraints=False)  # the database decides a race
    obj.save()
    missing = [
        {
            "agency": p.agency.name,
            "status": p.report.get_status_display() if p.report else "未编制",
            "deadline": p.deadline.date.isoformat(),
        }
        for p in parts
        if not p.ready
    ]
    _event(
        obj,
        ReportEvent.Kind.AGGREGATED,
        acting_user,
        before=obj.status,
        data={
            "included": [p.agency.name for p in ready],
            "missing": missing,
            "notes": [n.message for n in result.notes],
        },
    )
    return obj


# -- import -----------------------------------------------------------------------------


@transaction.atomic
def report_import(
    *,
    agency: Agency,
    year: int,
    report: Report,
    acting_user: AnyUser,
    filename: str = "",
) -> AnnualReport:
    """Store an agency's already published report (parsed from its file).

    It is kept as published (``source`` imported) under the agency's own name, so
    that next year's carry-over check can use it. A report compiled here for
    the same year is never replaced; an earlier import is.
    """
    _require(
        permissions.can_import(acting_user, agency),
        "只有负责人或机关管理员可以导入本机关已发布的年度报告。",
    )
    if report.year != year:
        report.year = year
    existing = agency_reports(agency, year).select_for_update().first()
    if existing is not None and existing.source == AnnualReport.Source.COMPILED:
        raise ReportError(
            f"{agency.name}{year}年度已有在本平台编制的报告，不能用导入的报告替换。"
        )
    obj = existing or AnnualReport(year=year)
    parsed_agency = report.agency
    report.agency = agency.name
    obj.agency = agency
    obj.agency_name = agency.name
    obj.source = AnnualReport.Source.IMPORTED
    obj.status = Status.PUBLISHED
    obj.published_at = obj.published_at or timezone.now()
    _save_data(obj, report)
    obj.full_clean()
    obj.save()
    _event(
        obj,
        ReportEvent.Kind.IMPORTED,
        acting_user,
        data={"filename": filename, "parsed_agency": parsed_agency},
    )
    return obj


# -- samples (portal demo) ---------------------------------------------------------------


@transaction.atomic
def report_store(
    *,
    report: Report,
    source: AnnualReport.Source,
    status: AnnualReport.Status = AnnualReport.Status.DRAFT,
) -> AnnualReport:
    """Create or replace the stored report of ``report.agency`` for ``report.year``.

    Used for sample reports (no agency link). A published report is locked:
    storing over it is refused, unless it is a sample itself.
    """
    existing = (
        AnnualReport.objects.select_for_update()
        .filter(agency_name=report.agency, year=report.year)
        .first()
    )
    if existing is not None and existing.status == AnnualReport.Status.PUBLISHED:
        if existing.source != AnnualReport.Source.SAMPLE:
            raise ValueError(f"{existing} 已发布并锁定，不能覆盖")
    obj = existing or AnnualReport(agency_name=report.agency, year=report.year)
    obj.format = report.format.id
    obj.data = json.loads(jsonio.dumps(report))
    obj.source = source
    obj.status = status
    if status == AnnualReport.Status.PUBLISHED and obj.published_at is None:
        obj.published_at = timezone.now()
    obj.full_clean()
    obj.save()
    return obj


def report_load_samples() -> list[AnnualReport]:
    """Load the packaged sample reports as published reports (idempotent)."""
    stored = []
    for path in sorted(SAMPLES_DIR.glob("*.json")):
        stored.append(
            report_store(
                report=jsonio.load_path(path),
                source=AnnualReport.Source.SAMPLE,
                status=AnnualReport.Status.PUBLISHED,
            )
        )
    return stored


def report_demo_seed(*, year: int | None = None) -> AnnualReport | None:
    """Compile the demo office's report of last year (idempotent; for ``gongkai demo``).

    Uses the demo's 市政府办公室 and its 机关管理员 (``gongkai.cases.demo``): compiles
    from the records, enters table 二 as zeros where blank and a short narrative.
    Leaves it a draft, so that the demo shows the workflow. Returns None when
    the demo agency is not loaded.
    """
    from django.contrib.auth import get_user_model

    from gongkai.accounts.models import Membership, Role

    agency = Agency.objects.filter(code="demo-office").first()
    if agency is None:
        return None
    member = (
        Membership.objects.filter(agency=agency, role=Role.ADMIN)
        .select_related("user")
        .first()
    )
    if member is None:
        return None
    user = get_user_model().objects.get(pk=member.user_id)
    year = year or timezone.localdate().year - 1
    existing = agency_reports(agency, year).first()
    if existing is not None:
        return existing
    obj = report_compile(agency=agency, year=year, acting_user=user)
    report = report_data(obj)
    blanks = {
        c.ref: 0 for c in report.cells() if c.table == "table2" and c.value is None
    }
    obj = report_set_table2(obj=obj, values=blanks, acting_user=user)
    return report_set_sections(
        obj=obj,
        sections={
            "overview": f"{year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，"
            "依法做好主动公开、依申请公开和政府信息管理等各项工作。（演示数据）",
            "problems": "部分依申请公开答复的说理还不够充分，下一步将加强培训。（演示数据）",
        },
        acting_user=user,
    )


TRANSITIONS: dict[str, Callable[..., AnnualReport]] = {
    "submit": report_submit,
    "return": report_return,
    "approve": report_approve,
    "publish": report_publish,
}
