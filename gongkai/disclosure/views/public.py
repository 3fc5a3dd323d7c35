"""The public catalogue (政府信息公开目录), item pages, search and the guide.

Only published items are ever read here (``selectors.public_items``).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.agencies.models import Agency
from gongkai.disclosure import search
from gongkai.disclosure.forms import CatalogueFilterForm, SearchFilterForm
from gongkai.disclosure.models import Guide, Item
from gongkai.disclosure.selectors import (
    CatalogueKey,
    catalogue_agencies,
    catalogue_page,
    catalogue_years,
    public_items,
)
from gongkai.disclosure.services import chain
from gongkai.law import guide as law_guide
from gongkai.web.public_cache import cached_public

PAGE_SIZE = 20


@cached_public
def catalogue_home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "disclosure/public/home.html",
        {
            "agencies": catalogue_agencies(),
            "guides": set(Guide.objects.values_list("agency_id", flat=True)),
        },
    )


@cached_public
def catalogue_list(request: HttpRequest, code: str) -> HttpResponse:
    """An agency's catalogue, newest 生成日期 first, 20 to a page, paged by
    keyset (``after``/``before`` = ``<生成日期>_<id>``), never by OFFSET."""
    agency = get_object_or_404(Agency, code=code)
    form = CatalogueFilterForm(
        request.GET or None, agency=agency, years=catalogue_years(agency)
    )
    items = public_items(agency)
    status = 200
    error = ""
    if form.is_bound:
        if form.is_valid():
            if form.cleaned_data["category"]:
                items = items.filter(category=form.cleaned_data["category"])
            if form.cleaned_data["year"]:
                items = items.filter(generated_on__year=form.cleaned_data["year"])
            if form.cleaned_data["art20"]:
                items = items.filter(art20_item=form.cleaned_data["art20"])
        else:
            items = items.none()
            status = 400
    keys = {}
    for name in ("after", "before"):
        text = request.GET.get(name, "").replace("\x00", "")
        keys[name] = CatalogueKey.parse(text) if text else None
        if text and keys[name] is None:
            error = "翻页参数无效，请从第一页浏览。"
            items = items.none()
            status = 400
    page = catalogue_page(
        items, after=keys["after"], before=keys["before"], size=PAGE_SIZE
    )
    query = request.GET.copy()
    for name in ("page", "after", "before"):
        query.pop(name, None)
    return render(
        request,
        "disclosure/public/list.html",
        {
            "agency": agency,
            "form": form,
            "page": page,
            "error": error,
            "query": query.urlencode(),
            "has_guide": Guide.objects.filter(agency=agency).exists(),
        },
        status=status,
    )


@cached_public
def catalogue_item(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    item = public_items().filter(agency__code=code, pk=pk).first()
    if item is None:
        # An earlier version of a changed item: show the current one.
        old = Item.objects.filter(
            agency__code=code, pk=pk, status=Item.Status.SUPERSEDED
        ).first()
        current = (
            public_items().filter(pk__in=chain(old).values("pk")).first()
            if old
            else None
        )
        if current is None:
            raise Http404("没有找到该信息，或该信息未公开。")
        return redirect("catalogue:item", code=code, pk=current.pk)
    history = list(
        chain(item).filter(status__in=[Item.Status.PUBLISHED, Item.Status.SUPERSEDED])
    )
    return render(
        request,
        "disclosure/public/item.html",
        {
            "item": item,
            "attachments": item.attachments.all(),
            "history": history if len(history) > 1 else [],
        },
    )


@cached_public
def catalogue_search(request: HttpRequest) -> HttpResponse:
    """Search, with filters (agency and everything below it, category, year,
    Art. 20 item). The ``search.RANKED`` most recent matches come first, best
    first, in pages; older matches follow newest first, paged by keyset
    (``before``), never by OFFSET."""
    # NUL cannot be stored or compared in PostgreSQL text: drop it from input.
    q = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    code = request.GET.get("agency", "").replace("\x00", "")
    agency = Agency.objects.filter(code=code).first() if code else None
    form = SearchFilterForm(request.GET, agency=agency)
    before_text = request.GET.get("before", "").replace("\x00", "")
    before = search.Keyset.parse(before_text) if before_text else None
    error = ""
    ranked: Sequence[Item] = []
    older: list[Item] = []
    next_before = ""
    if "q" in request.GET:
        if not search.query_words(q):
            error = "请输入要搜索的字词（至少一个汉字、字母或数字）。"
        elif not form.is_valid():
            error = "筛选条件无效，请重新选择。"
        elif before_text and before is None:
            error = "翻页参数无效，请从第一页重新搜索。"
    items = public_items()
    if agency is not None:
        items = items.filter(agency__path__startswith=agency.path)
    if q and not error:
        items = form.apply(items)
        if before is None:
            ranked = search.search(items, q)
            oldest = ranked.oldest()
            if len(ranked) >= search.RANKED and oldest is not None:
                next_before = str(oldest)
        else:
            rows = search.older_matches(items, q, before, limit=PAGE_SIZE + 1)
            older = rows[:PAGE_SIZE]
            if len(rows) > PAGE_SIZE:
                next_before = str(search.Keyset.of(older[-1]))
    page = Paginator(ranked, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("before", None)
    return render(
        request,
        "disclosure/public/search.html",
        {
            "q": q,
            "agency": agency,
            "form": form,
            "page": page,
            "older": older,
            "before": before,
            "next_before": next_before,
            "ranked_limit": search.RANKED,
            "error": error,
            "query": query.urlencode(),
        },
        status=400 if error else 200,
    )


def catalogue_guide(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency, code=code)
    guide = Guide.objects.filter(agency=agency).first()
    if guide is None:
        raise Http404("该机关尚未发布政府信息公开指南。")
    return render(
        request,
        "disclosure/public/guide.html",
        {
            "agency": agency,
            "guide": guide,
            "application_steps": law_guide.application_steps_zh(),
            "remedies": law_guide.remedies_zh(),
        },
    )


def catalogue_attachment(
    request: HttpRequest, code: str, pk: int, attachment_id: int
) -> FileResponse:
    item = public_items().filter(agency__code=code, pk=pk).first()
    attachment = item.attachments.filter(pk=attachment_id).first() if item else None
    if attachment is None:
        raise Http404("没有找到该附件，或该信息未公开。")
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
    )
