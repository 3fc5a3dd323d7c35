"""Public endpoints: agencies, published annual reports, the catalogue. No auth."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Query, Router

from gongkai.agencies.models import Agency
from gongkai.annual import jsonio
from gongkai.api.schemas import (
    AgencyOut,
    CatalogueItemDetail,
    CatalogueItemSummary,
    Error,
    Page,
    PageParams,
    ReportSummary,
)
from gongkai.disclosure.models import Item
from gongkai.disclosure.search import matches
from gongkai.disclosure.selectors import public_items
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import published_reports, report_data

router = Router(tags=["公开数据"])


def paged[M: Model](
    qs: QuerySet[M], page: PageParams, out: Callable[[M], dict[str, Any]]
) -> dict[str, Any]:
    """One page of ``qs`` (sliced in the database) and the total count."""
    rows = qs[page.offset : page.offset + page.limit]
    return {"items": [out(row) for row in rows], "count": qs.count()}


def _throttle() -> list[Any]:
    from gongkai.api.main import PublicThrottle

    return [PublicThrottle()]


THROTTLE = _throttle()


def agency_out(agency: Agency) -> dict[str, Any]:
    return {
        "code": agency.code,
        "name": agency.name,
        "kind": agency.kind,
        "kind_label": agency.get_kind_display(),
        "parent_code": agency.parent.code if agency.parent else None,
        "accepts_applications": agency.accepts_applications,
    }


@router.get(
    "/agencies",
    response=Page[AgencyOut],
    throttle=THROTTLE,
    summary="机关",
)
def agencies(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    qs = Agency.objects.select_related("parent").order_by("path")
    return paged(qs, page, agency_out)


@router.get(
    "/reports",
    response=Page[ReportSummary],
    throttle=THROTTLE,
    summary="已发布的年度报告",
)
def reports(
    request: HttpRequest,
    page: Query[PageParams],
    agency: str | None = None,
    year: int | None = Query(None, ge=1900, le=2999),
    format: str | None = None,
) -> dict[str, Any]:
    """按机关代码或名称（agency）、年度（year）、报告格式（format：2019 或 2021）筛选。"""
    qs: QuerySet[AnnualReport] = published_reports().select_related("agency")
    if agency:
        qs = qs.filter(Q(agency__code=agency) | Q(agency_name=agency))
    if year is not None:
        qs = qs.filter(year=year)
    if format:
        qs = qs.filter(format=format)
    qs = qs.order_by("-year", "agency_name", "pk").defer("data")
    return paged(qs, page, report_out)


def report_out(r: AnnualReport) -> dict[str, Any]:
    return {
        "id": r.pk,
        "agency_code": r.agency.code if r.agency else None,
        "agency_name": r.agency_name,
        "year": r.year,
        "format": r.format,
        "aggregated": r.aggregated,
        "published_at": r.published_at,
        "url": reverse("api-v1:report", kwargs={"pk": r.pk}),
    }


@router.get(
    "/reports/{int:pk}",
    response={200: dict[str, Any], 404: Error},
    throttle=THROTTLE,
    summary="年度报告数据（gongkai-annual-report/1）",
    url_name="report",
)
def report(request: HttpRequest, pk: int) -> dict[str, Any]:
    """报告的全部数据，符合 `docs/report-schema.json`。"""
    obj = get_object_or_404(published_reports(), pk=pk)
    return jsonio.report_to_dict(report_data(obj))


def item_out(item: Item, *, detail: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": item.pk,
        "agency_code": item.agency.code,
        "agency_name": item.agency.name,
        "index_number": item.index_number,
        "title": item.title,
        "doc_number": item.doc_number,
        "generated_on": item.generated_on,
        "published_at": item.published_at,
        "category": {"code": item.category.code, "name": item.category.name},
        "art20_item": item.art20_item,
        "validity": item.validity,
    }
    if detail:
        out |= {
            "summary": item.summary,
            "body": item.body,
            "publisher": item.publisher,
            "abolished_on": item.abolished_on,
            "version_number": item.version_number,
        }
    return out


@router.get(
    "/catalogue",
    response=Page[CatalogueItemSummary],
    throttle=THROTTLE,
    summary="主动公开目录",
)
def catalogue(
    request: HttpRequest,
    page: Query[PageParams],
    agency: str | None = None,
    q: str | None = None,
    year: int | None = Query(None, ge=1900, le=2999),
    category: str | None = None,
) -> dict[str, Any]:
    """已发布的目录信息；q 为中文全文检索（与 /catalogue/ 页面相同的索引，按发布时间由新到旧）。"""
    items = public_items()
    if agency:
        items = items.filter(agency__code=agency)
    if year is not None:
        items = items.filter(generated_on__year=year)
    if category:
        items = items.filter(category__code=category)
    if q:
        items = matches(items, q)
    return paged(items, page, item_out)


@router.get(
    "/catalogue/{int:pk}",
    response={200: CatalogueItemDetail, 404: Error},
    throttle=THROTTLE,
    summary="目录信息详情",
)
def catalogue_item(request: HttpRequest, pk: int) -> dict[str, Any]:
    return item_out(get_object_or_404(public_items(), pk=pk), detail=True)
