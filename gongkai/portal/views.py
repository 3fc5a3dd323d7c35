"""Public pages: the home page and the published annual reports."""

from __future__ import annotations

import importlib
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from gongkai.annual.model import Report
from gongkai.annual.render.errors import RenderError
from gongkai.reports.exports import content_disposition, filename, report_file
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import published_reports, report_data
from gongkai.supervision.selectors import published_bulletins


def _findings(report: Report) -> list[Any]:
    rules = importlib.import_module("gongkai.annual.rules")
    findings: list[Any] = rules.check(report)
    return findings


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    latest = published_reports()[:5]
    context = {
        "latest_reports": latest,
        "has_bulletins": published_bulletins().exists(),
    }
    return render(request, "portal/home.html", context)


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    rows = []
    for obj in published_reports():
        findings = _findings(report_data(obj))
        rows.append(
            {
                "obj": obj,
                "errors": sum(f.severity == "error" for f in findings),
                "warnings": sum(f.severity == "warning" for f in findings),
            }
        )
    return render(request, "portal/report_list.html", {"rows": rows})


@require_GET
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


@require_GET
def report_download(request: HttpRequest, pk: int, ext: str) -> HttpResponse:
    obj: AnnualReport = get_object_or_404(published_reports(), pk=pk)
    try:
        body, content_type = report_file(report_data(obj), ext)
    except KeyError:
        raise Http404("不支持的格式") from None
    except RenderError as exc:
        # A missing font or system library on this server: say so plainly.
        return render(
            request,
            "portal/render_unavailable.html",
            {"obj": obj, "message": str(exc)},
            status=503,
        )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition(
        ext, filename(obj.agency_name, obj.year, ext)
    )
    return response
