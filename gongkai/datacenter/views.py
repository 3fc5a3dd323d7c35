"""Pages of the report data center (for supervisors and researchers)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts.permissions import is_staff_member
from gongkai.agencies.models import Agency
from gongkai.annual.compare import MAIN_FIGURES, compare, main_figures
from gongkai.annual.formats import FORMATS, NARRATIVE_KEYS, SECTION_HEADINGS
from gongkai.annual.rules import SEVERITY_LABELS, Severity
from gongkai.datacenter import analysis, charts, exports, selectors, services
from gongkai.datacenter.forms import CorrectionForm, UploadForm
from gongkai.datacenter.models import CollectedReport, ExportJob, ImportFile
from gongkai.datacenter.permissions import can_use_datacenter, upload_scopes
from gongkai.datacenter.tables import cell_id, notes_for, tables_html
from gongkai.errors import DomainError
from gongkai.web import export_jobs

NO_ACCESS_TEMPLATE = "datacenter/no_access.html"
PAGE_SIZE = 100


def datacenter_required[**P](
    view: Callable[Concatenate[HttpRequest, P], HttpResponseBase],
) -> Callable[Concatenate[HttpRequest, P], HttpResponseBase]:
    """Login, then a supervisor role or a researcher account; else a Chinese 403."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponseBase:
        if not can_use_datacenter(request.user):
            return render(request, NO_ACCESS_TEMPLATE, status=403)
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    context.setdefault("is_staff_member", is_staff_member(request.user))
    return render(request, template, context, status=status)


def _int(text: str | None) -> int | None:
    if text and text.isascii() and text.isdigit() and len(text) <= 4:
        return int(text)
    return None


def filters_from(request: HttpRequest) -> selectors.Filters:
    get = request.GET
    fmt = get.get("format", "")
    return selectors.Filters(
        region=get.get("region", "").replace("\x00", "")[:20],
        year=_int(get.get("year")),
        format=fmt if fmt in FORMATS else "",
        q=get.get("q", "").replace("\x00", "").strip()[:50],
    )


@datacenter_required
def catalogue(request: HttpRequest) -> HttpResponse:
    filters = filters_from(request)
    reports = selectors.catalogue(request.user, filters)
    visible = selectors.reports_visible_to(request.user)
    page = Paginator(reports.order_by("agency_name", "year"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return _page(
        request,
        "datacenter/catalogue.html",
        {
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "total": reports.count(),
            "regions": selectors.regions(visible),
            "external": selectors.EXTERNAL,
            "years": sorted(
                set(visible.values_list("year", flat=True).distinct()), reverse=True
            ),
            "formats": sorted(FORMATS),
            "not_imported": selectors.not_imported(request.user).order_by("-pk")[:50],
        },
    )


@datacenter_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    scopes = upload_scopes(request.user)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        scopes=scopes,
        fetching=bool(services.fetch_hosts()),
    )
    if request.method == "POST" and form.is_valid():
        uploads = [(f.name or "文件", f.read()) for f in form.cleaned_data["reports"]]
        try:
            job = services.import_job_create(
                owner=request.user,
                scope=form.cleaned_data["scope"],
                uploads=uploads,
                urls=services.url_list(form.cleaned_data.get("urls") or ""),
                now=timezone.now(),
            )
        except DomainError as exc:
            form.add_error(
                exc.field if exc.field in form.fields else None, exc.message_zh
            )
        else:
            messages.success(
                request, f"已上传 {job.files.count()} 个文件，正在后台解析。"
            )
            return redirect("datacenter:job", pk=job.pk)
    status = 400 if request.method == "POST" else 200
    return _page(request, "datacenter/upload.html", {"form": form}, status)


@datacenter_required
def jobs(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.jobs_visible_to(request.user), 50).get_page(
        request.GET.get("page")
    )
    rows = []
    for item in page:
        progress = selectors.job_progress(item)
        pending = progress["queued"] + progress["parsing"]
        rows.append((item, sum(progress.values()), progress["parsed"], pending))
    return _page(request, "datacenter/jobs.html", {"page": page, "rows": rows})


@datacenter_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(selectors.jobs_visible_to(request.user), pk=pk)
    progress = selectors.job_progress(obj)
    total = sum(progress.values())
    pending = progress[ImportFile.Status.QUEUED] + progress[ImportFile.Status.PARSING]
    files = Paginator(obj.files.select_related("report").order_by("pk"), 200).get_page(
        request.GET.get("page")
    )
    return _page(
        request,
        "datacenter/job.html",
        {
            "job": obj,
            "files": files,
            "progress": [
                (label, progress[value], value)
                for value, label in ImportFile.Status.choices
            ],
            "total": total,
            "done": total - pending,
            "pending": pending,
            "percent": round(100 * (total - pending) / total) if total else 100,
            "stuck": services.stuck_files(obj, now=timezone.now()).count(),
            "stuck_minutes": int(services.STUCK_AFTER.total_seconds() // 60),
        },
    )


@datacenter_required
@require_POST
def job_requeue(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue again the files whose worker died (the job page's 重新解析)."""
    obj = get_object_or_404(selectors.jobs_visible_to(request.user), pk=pk)
    count = services.import_job_requeue(job=obj, now=timezone.now())
    if count:
        messages.success(request, f"已重新排队 {count} 个文件，正在后台解析。")
    else:
        messages.info(request, "没有需要重新解析的文件。")
    return redirect("datacenter:job", pk=obj.pk)


def _report_for(request: HttpRequest, pk: int) -> CollectedReport:
    """A report in one of the user's scopes, else 404 (never says it exists)."""
    return get_object_or_404(
        selectors.reports_visible_to(request.user).select_related("file", "agency"),
        pk=pk,
    )


def _report_page(
    request: HttpRequest,
    obj: CollectedReport,
    form: CorrectionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    report = services.report_of(obj)
    corrections = list(obj.corrections.select_related("actor").order_by("at", "pk"))
    notes = notes_for(
        report,
        provenance=obj.provenance,
        findings=obj.findings,
        corrected={c.ref for c in corrections},
        units=obj.units,
    )
    cells = [(info.ref, report.label_of(info.ref)) for info in report.cells()]
    labels = dict(cells)
    findings = [
        {
            **f,
            "severity_label": SEVERITY_LABELS[Severity(f["severity"])],
            "targets": [
                (cell_id(ref), labels.get(ref, ref), obj.provenance.get(ref, ""))
                for ref in f["cells"]
            ],
        }
        for f in obj.findings
    ]
    return _page(
        request,
        "datacenter/report.html",
        {
            "obj": obj,
            "report": report,
            "tables": [(h, mark_safe(html)) for h, html in tables_html(report, notes)],  # noqa: S308 (escaped in tables.py)
            "findings": findings,
            "corrections": [(c, labels.get(c.ref, c.ref)) for c in corrections],
            "form": form or CorrectionForm(cells=cells),
            "sections": [
                (heading, report.sections.get(key, ""))
                for key, heading in _section_headings()
            ],
        },
        status,
    )


def _section_headings() -> list[tuple[str, str]]:
    return [(s.key, s.heading) for s in SECTION_HEADINGS if s.key in NARRATIVE_KEYS]


@datacenter_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, _report_for(request, pk))


@datacenter_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _report_for(request, pk)
    report_data = services.report_of(obj)
    cells = [(i.ref, report_data.label_of(i.ref)) for i in report_data.cells()]
    form = CorrectionForm(request.POST, cells=cells)
    if form.is_valid():
        try:
            services.report_correct_cell(
                report=obj,
                ref=form.cleaned_data["ref"],
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
                now=timezone.now(),
            )
        except DomainError as exc:
            form.add_error(
                exc.field if exc.field in form.fields else None, exc.message_zh
            )
        else:
            messages.success(request, "更正已保存，问题已重新检查。")
            return redirect("datacenter:report", pk=obj.pk)
    return _report_page(request, obj, form, status=400)


# -- across agencies ---------------------------------------------------------------

CHART_ROWS = 40


@datacenter_required
def region(request: HttpRequest) -> HttpResponse:
    """A region and a year: ranking by problems, heat map of rules, outcome shares."""
    filters = filters_from(request)
    visible = selectors.reports_visible_to(request.user)
    years = sorted(set(visible.values_list("year", flat=True).distinct()), reverse=True)
    year = filters.year or (years[0] if years else None)
    reports = selectors.in_region(visible, filters.region).filter(year=year or 0)
    rows = analysis.ranking(reports.only(*analysis.FIELDS))
    rules = analysis.failing_rules(rows)
    families = analysis.family_names()
    shown = rows[:CHART_ROWS]
    counts = {
        (r.report.agency_name, name): r.rules[rule]
        for r in shown
        for rule, name in rules
    }
    means = analysis.mark_outliers(rows)
    return _page(
        request,
        "datacenter/region.html",
        {
            "filters": filters,
            "year": year,
            "years": years,
            "regions": selectors.regions(visible),
            "external": selectors.EXTERNAL,
            "reports_url": reverse("datacenter:catalogue") + "reports/",
            "rows": [
                (
                    r,
                    [r.rules[rule] or "" for rule, _name in rules],
                    [(r.shares.get(key), key in r.outliers) for key, _n in families],
                )
                for r in rows
            ],
            "rules": rules,
            "families": families,
            "means": [(name, means.get(key)) for key, name in families],
            "ranking_svg": mark_safe(  # noqa: S308 (charts.py escapes every text)
                charts.bar_chart(
                    [(r.report.agency_name, r.errors, r.late) for r in shown],
                    title=f"{year}年度各机关报告的错误数",
                    unit=" 项",
                )
            ),
            "heat_svg": mark_safe(  # noqa: S308
                charts.heat_map(
                    [r.report.agency_name for r in shown],
                    [name for _rule, name in rules],
                    counts,
                    title="各机关未通过的规则",
                )
            ),
            "shares_svg": mark_safe(  # noqa: S308
                charts.bar_chart(
                    [
                        (name, round(100 * means[key][0], 1), False)
                        for key, name in families
                        if key in means
                    ],
                    title="办理结果的平均占比",
                    unit="%",
                )
            ),
            "query": request.GET.urlencode(),
        },
    )


# -- one agency, year over year ------------------------------------------------------


@datacenter_required
def years(request: HttpRequest, pk: int) -> HttpResponse:
    obj = _report_for(request, pk)
    series = list(
        CollectedReport.objects.filter(
            scope=obj.scope, agency_name=obj.agency_name
        ).order_by("year")
    )
    reports = [services.report_of(r) for r in series]
    figures = [main_figures(r) for r in reports]
    keys = [key for key, _name, _get in MAIN_FIGURES]
    pairs = [
        compare(reports[i - 1], reports[i])
        for i in range(1, len(reports))
        if reports[i].year == reports[i - 1].year + 1
    ]
    chosen = next(
        (c for c in pairs if c.new.year == _int(request.GET.get("year"))), None
    )
    chosen = chosen or (pairs[-1] if pairs else None)
    tables = []
    if chosen is not None:
        new_obj = next(r for r in series if r.year == chosen.new.year)
        notes = notes_for(
            chosen.new, provenance=new_obj.provenance, findings=new_obj.findings
        )
        for change in chosen.changes:
            if change.ref in notes:
                notes[change.ref].change = change.delta_text or "改"
                notes[change.ref].extra.append(f"上年：{change.old}")
        tables = [(h, mark_safe(html)) for h, html in tables_html(chosen.new, notes)]  # noqa: S308
    trend = charts.line_chart(
        [r.year for r in reports],
        [
            (name, [_float(f[key]) for f in figures])
            for key, name, _get in MAIN_FIGURES
            if key in TREND_KEYS
        ],
        title=f"{obj.agency_name}主要数字的变化",
    )
    return _page(
        request,
        "datacenter/years.html",
        {
            "obj": obj,
            "series": series,
            "rows": [
                (name, [f[key] for f in figures])
                for key, name, _get in MAIN_FIGURES
                if key in keys
            ],
            "pairs": pairs,
            "chosen": chosen,
            "tables": tables,
            "trend_svg": mark_safe(trend),  # noqa: S308
        },
    )


TREND_KEYS = frozenset(
    {"new_received", "granted", "withheld", "unable", "carried_forward"}
)


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


# -- exports -----------------------------------------------------------------------


@datacenter_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """Queue a workbook of the catalogue's selection (the query string's filters)."""
    job = exports.export_job_create(
        owner=request.user, filters=filters_from(request), now=timezone.now()
    )
    return redirect("datacenter:export_job", pk=job.pk)


@datacenter_required
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    """Where an export stands; refreshes itself until the workbook is ready."""
    job = export_jobs.own(ExportJob, request, pk)
    filters = selectors.Filters(**job.filters)
    return _page(
        request,
        "datacenter/export.html",
        {"job": job, "filters": filters, "region": _region_name(filters.region)},
    )


@datacenter_required
def export_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    return export_jobs.download(export_jobs.own(ExportJob, request, pk), "年报数据")


def _region_name(region: str) -> str:
    if not region:
        return ""
    if region == selectors.EXTERNAL:
        return "外部机关（不在本平台）"
    digits = region.isascii() and region.isdigit() and len(region) <= 9
    agency = Agency.objects.filter(pk=int(region)).first() if digits else None
    return agency.name if agency else ""


@datacenter_required
def letter(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable audit letter to the agency listing its report's problems."""
    obj = _report_for(request, pk)
    report = services.report_of(obj)
    problems = [
        {**f, "cells_text": "、".join(_label(report, ref) for ref in f["cells"])}
        for f in obj.findings
        if f["severity"] in ("error", "warning")
    ]
    return _page(
        request,
        "datacenter/letter.html",
        {
            "obj": obj,
            "problems": problems,
            "sender": obj.file.job.workspace,
            "today": timezone.localdate(),
        },
    )


def _label(report: Any, ref: str) -> str:
    try:
        return str(report.label_of(ref))
    except (KeyError, ValueError, IndexError, StopIteration):
        return ref
