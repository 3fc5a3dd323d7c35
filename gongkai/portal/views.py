"""Public pages: the home page and the published annual reports."""

from __future__ import annotations

import importlib
from typing import Any

from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
)
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from gongkai.agencies.models import Agency
from gongkai.annual.model import Report
from gongkai.annual.render.errors import RenderError
from gongkai.assessment.public import published as published_assessments
from gongkai.reports import files
from gongkai.reports.exports import (
    EXTENSIONS,
    content_disposition,
    filename,
    report_file,
)
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import published_reports, report_data
from gongkai.reports.services.published import findings_summary
from gongkai.supervision.selectors import published_bulletins
from gongkai.web.public_cache import cached_public


def _findings(report: Report) -> list[Any]:
    rules = importlib.import_module("gongkai.annual.rules")
    findings: list[Any] = rules.check(report)
    return findings


PAGE_SIZE = 20


@require_GET
@cached_public
def home(request: HttpRequest) -> HttpResponse:
    latest = published_reports()[:5]
    context = {
        "latest_reports": latest,
        "has_bulletins": published_bulletins().exists(),
        "has_assessments": published_assessments().exists(),
    }
    return render(request, "portal/home.html", context)


@require_GET
@cached_public
def report_list(request: HttpRequest) -> HttpResponse:
    """Published reports, 20 a page, by agency (and every agency below it)
    and year; the findings come stored from publication."""
    reports = published_reports().order_by("-year", "agency_name", "pk")
    code = request.GET.get("agency", "").replace("\x00", "")
    agency = Agency.objects.filter(code=code).first() if code else None
    if agency is not None:
        reports = reports.filter(agency__path__startswith=agency.path)
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    if year is not None:
        reports = reports.filter(year=year)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for obj in page.object_list:
        if obj.findings_errors is None or obj.findings_warnings is None:
            # Published before the summary was stored and not migrated.
            errors, warnings = findings_summary(obj)
        else:
            errors, warnings = obj.findings_errors, obj.findings_warnings
        rows.append({"obj": obj, "errors": errors, "warnings": warnings})
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/report_list.html",
        {
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "agency": agency,
            "year": year,
            "years": list(
                published_reports()
                .order_by("-year")
                .values_list("year", flat=True)
                .distinct()
            ),
            "agencies": Agency.objects.filter(
                pk__in=published_reports().values("agency")
            ).order_by("path"),
        },
    )


@require_GET
@cached_public
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_object_or_404(published_reports(), pk=pk)
    report = report_data(obj)
    from gongkai.annual.render import render_html

    return render(
        request,
        "portal/report_detail.html",
        {
            "obj": obj,
            "document": render_html(report, standalone=False),
            "findings": _findings(report),
        },
    )


def _unavailable(request: HttpRequest, obj: AnnualReport, message: str) -> HttpResponse:
    return render(
        request,
        "portal/render_unavailable.html",
        {"obj": obj, "message": message},
        status=503,
    )


@require_GET
def report_download(request: HttpRequest, pk: int, ext: str) -> HttpResponseBase:
    obj: AnnualReport = get_object_or_404(published_reports(), pk=pk)
    if ext not in EXTENSIONS:
        raise Http404("不支持的格式")
    disposition = content_disposition(ext, filename(obj.agency_name, obj.year, ext))
    last_modified = obj.published_at or obj.updated_at
    if ext not in files.STORED:
        body, content_type = report_file(report_data(obj), ext)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = disposition
        return response
    etag = f'"{files.content_hash(obj, ext)[:32]}"'
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified.timestamp())
    )
    if not_modified is not None:
        return not_modified
    try:
        name = files.ensure_stored(obj, ext)
    except files.RenderingInProgress:
        busy = _unavailable(request, obj, "该文件正在生成，请几秒钟后刷新。")
        busy["Retry-After"] = "5"
        return busy
    except RenderError as exc:
        # A missing font or system library on this server: say so plainly.
        return _unavailable(request, obj, str(exc))
    stored = FileResponse(
        default_storage.open(name, "rb"), content_type=EXTENSIONS[ext][0]
    )
    stored["Content-Disposition"] = disposition
    stored["ETag"] = etag
    stored["Last-Modified"] = http_date(last_modified.timestamp())
    patch_cache_control(stored, public=True, max_age=3600)
    return stored
