"""Staff pages of the annual report: list, compile, edit, workflow, import, downloads."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.csp import CSP
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.decorators import staff_required
from gongkai.accounts.permissions import member_agencies
from gongkai.agencies.models import Agency
from gongkai.annual import jsonio, rules
from gongkai.annual.errors import ReportDataError
from gongkai.annual.parse import parse_bytes
from gongkai.annual.render import render_html, stylesheet_csp_source
from gongkai.annual.render.errors import RenderError
from gongkai.law.reports import ReportDeadline as Deadline
from gongkai.law.reports import statutory_deadline
from gongkai.reports import permissions as perms
from gongkai.reports.exports import content_disposition, filename, report_file
from gongkai.reports.forms import (
    AgencyYearForm,
    ImportForm,
    ReturnForm,
    SectionsForm,
    SubmitForm,
    Table2Form,
)
from gongkai.reports.models import AnnualReport, ReportEvent
from gongkai.reports.selectors import (
    agency_reports,
    aggregate_parts,
    aggregated_reports,
    fee_sentence,
    fee_summary,
    finding_counts,
    previous_report,
    report_data,
    report_deadline,
    report_findings,
    report_publication,
)
from gongkai.reports.services import (
    ReportError,
    report_aggregate,
    report_compile,
    report_import,
    report_set_sections,
    report_set_table2,
)
from gongkai.web.exports import Sheet, xlsx_response

IMPORT_SESSION_KEY = "reports_import_preview"
_SAFE_REF = re.compile(r"^[a-z0-9_.]+$")
EDIT_ROLES = perms.EDIT_ROLES


def get_report(request: HttpRequest, pk: int) -> AnnualReport:
    obj = AnnualReport.objects.select_related("agency").filter(pk=pk).first()
    if obj is None or not perms.can_view_report(request.user, obj):
        raise Http404("没有找到该年度报告。")
    return obj


def _deadline_of(obj: AnnualReport) -> Deadline:
    if obj.agency is None:
        return statutory_deadline(obj.year, government=False)
    return report_deadline(obj.agency, obj.year, aggregated=obj.aggregated)


def _days_left(obj: AnnualReport) -> tuple[Any, int]:
    deadline = _deadline_of(obj)
    return deadline.date, deadline.days_left(timezone.localdate())


# -- list and compile ---------------------------------------------------------------


@staff_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = []
    for obj in perms.reports_visible_to(request.user).select_related("agency"):
        publication = report_publication(obj, _deadline_of(obj), today=today)
        rows.append(
            {
                "obj": obj,
                "deadline": publication.deadline.date,
                "publication": publication,
            }
        )
    editable = perms.agencies_with_role(request.user, *EDIT_ROLES)
    importable = perms.agencies_with_role(request.user, *perms.IMPORT_ROLES)
    year = today.year - 1
    national = statutory_deadline(year, government=False)
    deadline, days = national.date, national.days_left(today)
    # The alarm concerns the user's own agencies' reports of that year: once
    # each is published it gives way to when (and how late) it was published.
    own = [
        (
            agency,
            report_publication(
                agency_reports(agency, year).filter(agency=agency).first(),
                report_deadline(agency, year),
                today=today,
            ),
        )
        for agency in member_agencies(request.user).order_by("path")
    ]
    return render(
        request,
        "reports/list.html",
        {
            "rows": rows,
            "compile_form": AgencyYearForm(agencies=editable)
            if editable.exists()
            else None,
            "can_import": importable.exists(),
            "current_year": year,
            "current_deadline": deadline,
            "current_days_left": days,
            "own_publications": own,
            "all_published": bool(own) and all(p.done for _a, p in own),
            "can_oversee": perms.supervised_agencies(request.user).exists(),
        },
    )


@staff_required
@require_POST
def report_compile_view(request: HttpRequest) -> HttpResponse:
    editable = perms.agencies_with_role(request.user, *EDIT_ROLES)
    if not editable.exists():
        raise PermissionDenied("您没有编制年度报告的权限。")
    form = AgencyYearForm(request.POST, agencies=editable)
    if form.is_valid():
        try:
            obj = report_compile(
                agency=form.cleaned_data["agency"],
                year=form.cleaned_data["year"],
                acting_user=request.user,
            )
        except ReportError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已由办理记录生成表三、表四。")
            return redirect("reports:detail", pk=obj.pk)
    return render(request, "reports/compile_error.html", {"form": form}, status=400)


# -- the report page ----------------------------------------------------------------


def _marks(findings: list[rules.Finding]) -> dict[str, str]:
    """The class of each figure cell a finding names (an error wins over a warning);
    ``site.css`` colours them."""
    classes = {
        rules.Severity.WARNING: "gk-flag-warning",
        rules.Severity.ERROR: "gk-flag-error",
    }
    out: dict[str, str] = {}
    for severity in (rules.Severity.WARNING, rules.Severity.ERROR):
        for f in findings:
            if f.severity is severity:
                out.update(
                    (ref, classes[severity]) for ref in f.cells if _SAFE_REF.match(ref)
                )
    return out


def render_detail(
    request: HttpRequest,
    obj: AnnualReport,
    *,
    forms: dict[str, Any] | None = None,
    blocked: list[rules.Finding] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = forms or {}
    report = report_data(obj)
    findings = report_findings(obj)
    agency = obj.agency
    assert agency is not None
    user = request.user
    can_edit = obj.editable and perms.can_edit(user, agency)
    can_edit_sections = obj.sections_editable and perms.can_edit_report(
        user, obj, agency
    )
    last = previous_report(agency, obj.year, aggregated=obj.aggregated)
    deadline, days = _days_left(obj)
    context: dict[str, Any] = {
        "obj": obj,
        "publication": report_publication(
            obj, _deadline_of(obj), today=timezone.localdate()
        ),
        "report": report,
        "document": render_html(report, standalone=False, marks=_marks(findings)),
        "findings": [
            {
                "finding": f,
                "cells": [
                    report.label_of(ref) for ref in f.cells if _SAFE_REF.match(ref)
                ],
            }
            for f in findings
        ],
        "errors": sum(f.severity is rules.Severity.ERROR for f in findings),
        "warnings": sum(f.severity is rules.Severity.WARNING for f in findings),
        "blocked": blocked,
        "previous": last,
        "deadline": deadline,
        "days_left": days,
        "can_edit": can_edit,
        "can_reaggregate": obj.aggregated and can_edit_sections,
        "events": obj.events.select_related("actor"),
        "downloads": ("docx", "pdf", "json"),
        "catalogue_cells": [
            {
                "label": report.label_of(ref),
                "value": report.get(ref),
                "catalogue": entry["catalogue"],
                "overridden": entry["overridden"],
            }
            for ref, entry in (obj.table2_catalogue or {}).items()
        ],
    }
    if obj.aggregated:
        context["parts"] = aggregate_parts(agency, obj.year)
        last_run = obj.events.filter(kind=ReportEvent.Kind.AGGREGATED).last()
        context["aggregate_notes"] = last_run.data.get("notes", []) if last_run else []
    if can_edit:
        context["table2_form"] = forms.get("table2") or Table2Form(
            report=report, catalogue=obj.table2_catalogue
        )
    if can_edit_sections:
        context["sections_form"] = forms.get("sections") or SectionsForm(report=report)
    if can_edit:
        if report.format.id == "2021":
            context["fee_sentence"] = fee_sentence(
                obj.year, fee_summary(agency, obj.year)
            )
    editable_flow = obj.has_workflow and not obj.locked
    if editable_flow and obj.status in (obj.Status.DRAFT, obj.Status.RETURNED):
        if perms.can_submit_report(user, obj, agency):
            context["submit_form"] = forms.get("submit") or SubmitForm()
    if editable_flow and obj.status in (obj.Status.SUBMITTED, obj.Status.APPROVED):
        if perms.can_approve(user, agency):
            context["return_form"] = forms.get("return") or ReturnForm()
            context["can_approve"] = obj.status == obj.Status.SUBMITTED
    if editable_flow and obj.status == obj.Status.APPROVED:
        context["can_publish"] = perms.can_publish(user, agency)
    return render(request, "reports/detail.html", context, status=status)


@staff_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, get_report(request, pk))


def _edit_guard(request: HttpRequest, obj: AnnualReport) -> None:
    assert obj.agency is not None
    if not perms.can_edit_report(request.user, obj, obj.agency):
        raise PermissionDenied("您只能查看该报告，不能修改。")


@staff_required
@require_POST
def report_recompile(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_report(request, pk)
    _edit_guard(request, obj)
    assert obj.agency is not None
    try:
        report_compile(agency=obj.agency, year=obj.year, acting_user=request.user)
    except ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            "已按最新的办理记录重新生成表三、表四，表二中来自政府信息公开目录的数字已更新"
            "（人工修改过的除外）；其余表二数字和文字部分保持不变。",
        )
    return redirect("reports:detail", pk=pk)


@staff_required
@require_POST
def report_table2(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_report(request, pk)
    _edit_guard(request, obj)
    form = Table2Form(
        request.POST, report=report_data(obj), catalogue=obj.table2_catalogue
    )
    if form.is_valid():
        try:
            report_set_table2(obj=obj, values=form.values(), acting_user=request.user)
        except ReportError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存表二数据。")
            return redirect("reports:detail", pk=pk)
    return render_detail(request, obj, forms={"table2": form}, status=400)


@staff_required
@require_POST
def report_sections(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_report(request, pk)
    _edit_guard(request, obj)
    form = SectionsForm(request.POST, report=report_data(obj))
    if form.is_valid():
        try:
            report_set_sections(
                obj=obj, sections=form.cleaned_data, acting_user=request.user
            )
        except ReportError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存文字部分。")
            return redirect("reports:detail", pk=pk)
    return render_detail(request, obj, forms={"sections": form}, status=400)


@staff_required
@require_GET
def report_download(request: HttpRequest, pk: int, ext: str) -> HttpResponse:
    obj = get_report(request, pk)
    try:
        body, content_type = report_file(report_data(obj), ext)
    except KeyError:
        raise Http404("不支持的格式") from None
    except RenderError as exc:
        return HttpResponse(
            f"暂时无法生成该文件：{exc}",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition(
        ext, filename(obj.agency_name, obj.year, ext)
    )
    if ext == "html":
        # The standalone document opens in the browser with its own inlined
        # stylesheet: that one <style> element is allowed by its hash.
        response._csp_config = {  # type: ignore[attr-defined]
            **settings.SECURE_CSP,
            "style-src": [CSP.SELF, stylesheet_csp_source()],
        }
    return response


# -- supervision ----------------------------------------------------------------------


def _overview_year(request: HttpRequest) -> int:
    default = timezone.localdate().year - 1
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2019 <= year <= default + 1 else default


def _overview_row(
    agency: Agency, obj: AnnualReport | None, deadline: Deadline
) -> dict[str, Any]:
    publication = report_publication(obj, deadline, today=timezone.localdate())
    row: dict[str, Any] = {
        "agency": agency,
        "obj": obj,
        "deadline": deadline,
        "publication": publication,
        "days_left": publication.days_left,
        "done": publication.done,
        "overdue": publication.overdue,
        "late": publication.done and publication.late_days > 0,
        "errors": None,
        "warnings": None,
    }
    if obj is not None:
        row["errors"], row["warnings"] = finding_counts(report_findings(obj))
    return row


def _overview_rows(request: HttpRequest) -> tuple[int, list[dict[str, Any]]]:
    """The year asked for and a row per report of every agency supervised."""
    agencies = list(perms.supervised_agencies(request.user))
    if not agencies:
        raise PermissionDenied(
            "只有上级政务公开办（上级监督）可以查看下级机关的年度报告。"
        )
    year = _overview_year(request)
    rows = []
    for agency in agencies:
        is_government = agency.kind == Agency.Kind.GOVERNMENT
        own = agency_reports(agency, year).filter(agency=agency).first()
        if own is not None or not is_government:
            row = _overview_row(agency, own, report_deadline(agency, year))
            row["aggregate"] = False
            rows.append(row)
        if is_government:
            total = aggregated_reports(agency, year).first()
            row = _overview_row(
                agency, total, report_deadline(agency, year, aggregated=True)
            )
            row["aggregate"] = True
            row["can_aggregate"] = perms.can_aggregate(request.user, agency)
            rows.append(row)
    return year, rows


@staff_required
@require_GET
def report_overview(request: HttpRequest) -> HttpResponse:
    """Every agency below the supervisor: its report, findings and deadline."""
    year, rows = _overview_rows(request)
    return render(
        request,
        "reports/overview.html",
        {
            "year": year,
            "rows": rows,
            "years": range(timezone.localdate().year, 2018, -1),
            "overdue": sum(r["overdue"] for r in rows),
            "late": sum(r["late"] for r in rows),
        },
    )


@staff_required
@require_GET
def report_overview_export(request: HttpRequest) -> HttpResponse:
    """The overview as an Excel workbook, one row per report."""
    year, rows = _overview_rows(request)
    sheet = Sheet(
        name=f"{year}年度报告",
        title=f"下级机关{year}年度政府信息公开工作年度报告公布情况"
        f"（导出于 {timezone.localtime():%Y-%m-%d %H:%M}）",
        header=("机关", "报告", "状态", "错误", "警告", "公布期限", "公布情况"),
        rows=[
            (
                row["agency"].name,
                "汇总报告" if row["aggregate"] else "本机关报告",
                row["obj"].get_status_display() if row["obj"] else "未编制",
                row["errors"],
                row["warnings"],
                row["deadline"].date.isoformat(),
                row["publication"].label,
            )
            for row in rows
        ],
        widths=(32, 12, 10, 8, 8, 12, 30),
    )
    return xlsx_response(f"年度报告公布情况-{year}.xlsx", [sheet])


@staff_required
@require_POST
def report_aggregate_view(request: HttpRequest) -> HttpResponse:
    """Build or refresh a government's 汇总 (POST agency, year)."""
    try:
        agency_id, year = int(request.POST["agency"]), int(request.POST["year"])
    except (KeyError, ValueError):
        messages.error(request, "请选择要汇总的机关和年度。")
        return redirect("reports:overview")
    agency = Agency.objects.filter(pk=agency_id).first()
    if agency is None or not perms.can_aggregate(request.user, agency):
        raise PermissionDenied(
            "只有上级政务公开办或本机关负责人、机关管理员可以汇总年度报告。"
        )
    try:
        obj = report_aggregate(agency=agency, year=year, acting_user=request.user)
    except ReportError as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('reports:overview')}?year={year}")
    missing = sum(not p.ready for p in aggregate_parts(agency, year))
    text = "已汇总下级机关已审核或已发布的报告。"
    if missing:
        text += f"还有 {missing} 个机关的报告未到齐，见下方清单。"
    messages.success(request, text)
    return redirect("reports:detail", pk=obj.pk)


# -- import ---------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def report_import_view(request: HttpRequest) -> HttpResponse:
    """Upload last year's published report → parse → preview with the parse findings."""
    agencies = perms.agencies_with_role(request.user, *perms.IMPORT_ROLES)
    if not agencies.exists():
        raise PermissionDenied("只有负责人或机关管理员可以导入已发布的年度报告。")
    form = ImportForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = parse_bytes(upload.read(), upload.name)
        if not result.ok or result.report is None:
            form.add_error("file", f"无法读取该报告：{result.error}")
        else:
            agency = form.cleaned_data["agency"]
            year = form.cleaned_data["year"]
            report = result.report
            parsed_year, parsed_agency = report.year, report.agency
            report.year = year
            report.agency = agency.name
            try:
                data = jsonio.report_from_dict(jsonio.report_to_dict(report))
            except ReportDataError as exc:
                form.add_error("file", f"报告数据无效：{exc}")
            else:
                request.session[IMPORT_SESSION_KEY] = {
                    "agency": agency.pk,
                    "year": year,
                    "filename": upload.name,
                    "data": jsonio.report_to_dict(data),
                }
                return render(
                    request,
                    "reports/import_preview.html",
                    {
                        "agency": agency,
                        "year": year,
                        "filename": upload.name,
                        "parsed_year": parsed_year,
                        "parsed_agency": parsed_agency,
                        "parse_findings": result.findings,
                        "findings": rules.check(data),
                        "document": render_html(data, standalone=False),
                    },
                )
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/import.html", {"form": form}, status=status)


@staff_required
@require_POST
def report_import_confirm(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(IMPORT_SESSION_KEY)
    if not pending:
        messages.error(request, "没有待导入的报告，请重新上传文件。")
        return redirect("reports:import")
    agency = (
        perms.agencies_with_role(request.user, *perms.IMPORT_ROLES)
        .filter(pk=pending["agency"])
        .first()
    )
    if agency is None:
        raise PermissionDenied("只有负责人或机关管理员可以导入已发布的年度报告。")
    try:
        obj = report_import(
            agency=agency,
            year=pending["year"],
            report=jsonio.report_from_dict(pending["data"]),
            acting_user=request.user,
            filename=pending["filename"],
        )
    except (ReportError, ReportDataError) as exc:
        messages.error(request, str(exc))
        return redirect("reports:import")
    del request.session[IMPORT_SESSION_KEY]
    messages.success(request, "已导入该年度报告。")
    return redirect("reports:detail", pk=obj.pk)
