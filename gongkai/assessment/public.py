"""Public pages: published assessments, their ranking and each agency's sheet.

Only what the approved sheets store is shown (figures, scores, the rule of
each indicator): no record behind a figure, no manual score's evidence.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongkai.assessment import documents, files
from gongkai.assessment.models import MAX_ID, Assessment, ScoreSheet


def published() -> QuerySet[Assessment]:
    return Assessment.objects.filter(status=Assessment.Status.PUBLISHED).select_related(
        "agency"
    )


def _assessment(pk: int) -> Assessment:
    assessment = published().filter(pk=pk).first()
    if assessment is None:
        raise Http404("没有找到该考核结果。")
    return assessment


@require_GET
def assessment_list(request: HttpRequest) -> HttpResponse:
    assessments = published().order_by("-year", "agency__path")
    return render(request, "assessment/public/list.html", {"assessments": assessments})


@require_GET
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    context = documents.ranking_context(_assessment(pk))
    return render(request, "assessment/public/detail.html", context)


def _sheet(pk: int, agency_id: int) -> ScoreSheet:
    assessment = _assessment(pk)
    if agency_id > MAX_ID:  # beyond any stored id (the database would refuse it)
        raise Http404("该机关不在本次考核范围内。")
    sheet = (
        ScoreSheet.objects.select_related("agency")
        .filter(assessment=assessment, agency_id=agency_id)
        .first()
    )
    if sheet is None:
        raise Http404("该机关不在本次考核范围内。")
    sheet.assessment = assessment
    return sheet


@require_GET
def sheet_detail(request: HttpRequest, pk: int, agency_id: int) -> HttpResponse:
    sheet = _sheet(pk, agency_id)
    context = documents.sheet_context(sheet) | {"title": documents.sheet_title(sheet)}
    return render(request, "assessment/public/sheet.html", context)


def _download(
    request: HttpRequest, obj: Assessment | ScoreSheet, ext: str
) -> HttpResponseBase:
    if ext not in documents.CONTENT_TYPES:
        raise Http404("不支持该文件格式。")
    try:
        return files.download(obj, ext)
    except files.RenderingInProgress:
        message, status = "该文件正在生成，请几秒钟后刷新。", 503
    except documents.RenderError as exc:
        message, status = str(exc), 503
    response = render(
        request,
        "assessment/public/unavailable.html",
        {"message": message},
        status=status,
    )
    response["Retry-After"] = "5"
    return response


@require_GET
def assessment_download(request: HttpRequest, pk: int, ext: str) -> HttpResponseBase:
    return _download(request, _assessment(pk), ext)


@require_GET
def sheet_download(
    request: HttpRequest, pk: int, agency_id: int, ext: str
) -> HttpResponseBase:
    return _download(request, _sheet(pk, agency_id), ext)
