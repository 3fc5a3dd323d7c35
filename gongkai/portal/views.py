"""Public pages: the home page and the published annual reports."""

from __future__ import annotations

import importlib
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from gongkai.annual import jsonio
from gongkai.annual.model import Report
from gongkai.annual.render.errors import RenderError
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import published_reports, report_data

DOWNLOADS: dict[str, tuple[str, str]] = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "render_docx",
    ),
    "pdf": ("application/pdf", "render_pdf"),
    "html": ("text/html; charset=utf-8", "render_html"),
}


def _findings(report: Report) -> list[Any]:
    rules = importlib.import_module("gongkai.annual.rules")
    findings: list[Any] = rules.check(report)
    return findings


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    latest = published_reports()[:5]
    return render(request, "portal/home.html", {"latest_reports": latest})


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
    report = report_data(obj)
    filename = f"{obj.agency_name}{obj.year}年政府信息公开工作年度报告.{ext}"
    if ext == "json":
        body: bytes | str = jsonio.dumps(report)
        content_type = "application/json; charset=utf-8"
    elif ext in DOWNLOADS:
        content_type, func_name = DOWNLOADS[ext]
        render_module = importlib.import_module("gongkai.annual.render")
        try:
            body = getattr(render_module, func_name)(report)
        except RenderError as exc:
            # A missing font or system library on this server: say so plainly.
            return render(
                request,
                "portal/render_unavailable.html",
                {"obj": obj, "message": str(exc)},
                status=503,
            )
    else:
        raise Http404("不支持的格式")
    response = HttpResponse(body, content_type=content_type)
    disposition = "inline" if ext in {"pdf", "html", "json"} else "attachment"
    response["Content-Disposition"] = _content_disposition(disposition, filename)
    return response


def _content_disposition(kind: str, filename: str) -> str:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "ignore").decode() or "report"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
