"""Staff pages: quarterly bulletins, and the evaluations of replies."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_GET, require_POST

from gongkai.accounts.decorators import staff_required
from gongkai.accounts.permissions import agencies_visible_to
from gongkai.cases.views.common import get_case_or_404
from gongkai.reports import files
from gongkai.supervision import documents, permissions, selectors, services
from gongkai.supervision.forms import BulletinCreateForm, OpinionForm
from gongkai.supervision.models import Bulletin, Evaluation
from gongkai.web.exports import Sheet, xlsx_response
from gongkai.web.forms import LABEL_SUFFIX


def _bulletin_or_404(request: HttpRequest, pk: int) -> Bulletin:
    """The bulletin if the user may see it; 404 otherwise (existence not disclosed)."""
    bulletin = (
        Bulletin.objects.select_related("agency", "issued_by").filter(pk=pk).first()
    )
    if bulletin is None or not permissions.can_view_bulletin(request.user, bulletin):
        raise Http404("没有找到该通报。")
    return bulletin


def _require_oversee(request: HttpRequest, bulletin: Bulletin) -> None:
    if not permissions.can_oversee(request.user, bulletin.agency):
        raise PermissionDenied("只有上级监督人员和通报机关负责人可以修改通报。")


def _errors(exc: ValidationError) -> str:
    return "；".join(exc.messages)


@staff_required
@require_GET
def bulletin_list(request: HttpRequest) -> HttpResponse:
    agencies = permissions.agencies_overseen_by(request.user)
    bulletins = permissions.bulletins_visible_to(request.user).order_by(
        "-year", "-quarter", "agency__path"
    )
    form = BulletinCreateForm(agencies=agencies, label_suffix=LABEL_SUFFIX)
    context = {"bulletins": bulletins, "form": form if agencies.exists() else None}
    return render(request, "supervision/bulletin_list.html", context)


@staff_required
@require_POST
def bulletin_create_view(request: HttpRequest) -> HttpResponse:
    agencies = permissions.agencies_overseen_by(request.user)
    if not agencies.exists():
        raise PermissionDenied("您没有起草季度通报的权限。")
    form = BulletinCreateForm(
        request.POST, agencies=agencies, label_suffix=LABEL_SUFFIX
    )
    if form.is_valid():
        try:
            bulletin = services.bulletin_create(
                **form.cleaned_data, acting_user=request.user
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, "已起草通报，数据已按现有记录统计。")
            return redirect("supervision:bulletin", pk=bulletin.pk)
    bulletins = permissions.bulletins_visible_to(request.user)
    context = {"bulletins": bulletins, "form": form}
    return render(request, "supervision/bulletin_list.html", context, status=400)


@staff_required
@require_GET
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin_or_404(request, pk)
    context = documents.bulletin_context(bulletin)
    context |= {
        "can_edit": not bulletin.locked
        and permissions.can_oversee(request.user, bulletin.agency),
        "can_issue": not bulletin.locked
        and permissions.can_issue(request.user, bulletin),
        "can_publish": bulletin.locked
        and bulletin.published_at is None
        and permissions.can_issue(request.user, bulletin),
        "opinion_form": OpinionForm(
            initial={"opinion": bulletin.opinion, "number": bulletin.number},
            label_suffix=LABEL_SUFFIX,
        ),
        "events": bulletin.events.select_related("actor"),
        "who_may_issue": permissions.who_may_issue(bulletin),
    }
    return render(request, "supervision/bulletin_detail.html", context)


@staff_required
@require_POST
def bulletin_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin_or_404(request, pk)
    _require_oversee(request, bulletin)
    form = OpinionForm(request.POST, label_suffix=LABEL_SUFFIX)
    if form.is_valid():
        try:
            services.bulletin_set_opinion(
                bulletin=bulletin, **form.cleaned_data, acting_user=request.user
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, "已保存通报意见。")
            return redirect("supervision:bulletin", pk=bulletin.pk)
    context = documents.bulletin_context(bulletin) | {
        "can_edit": True,
        "opinion_form": form,
        "events": bulletin.events.select_related("actor"),
        "who_may_issue": permissions.who_may_issue(bulletin),
    }
    return render(request, "supervision/bulletin_detail.html", context, status=400)


def _simple_action(
    request: HttpRequest, pk: int, action: str, done: str
) -> HttpResponse:
    bulletin = _bulletin_or_404(request, pk)
    if action == "recompute":
        _require_oversee(request, bulletin)
        service = services.bulletin_recompute
    else:
        if not permissions.can_issue(request.user, bulletin):
            raise PermissionDenied(permissions.who_may_issue(bulletin))
        service = (
            services.bulletin_issue if action == "issue" else services.bulletin_publish
        )
    try:
        service(bulletin=bulletin, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, done)
    return redirect("supervision:bulletin", pk=bulletin.pk)


@staff_required
@require_POST
def bulletin_recompute_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _simple_action(request, pk, "recompute", "已按现有记录重新统计。")


@staff_required
@require_POST
def bulletin_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _simple_action(request, pk, "issue", "通报已签发印发，不能再修改。")


@staff_required
@require_POST
def bulletin_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _simple_action(request, pk, "publish", "通报已在门户网站公开。")


@staff_required
@require_GET
def bulletin_download(request: HttpRequest, pk: int, ext: str) -> HttpResponseBase:
    """The Word file or PDF, rendered once per content and stored
    (``documents.ensure_stored``); an unchanged file answers 304."""
    bulletin = _bulletin_or_404(request, pk)
    if ext not in documents.CONTENT_TYPES:
        raise Http404("不支持该文件格式。")
    etag = f'"{documents.stored_digest(bulletin, ext)[:32]}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    try:
        name = documents.ensure_stored(bulletin, ext)
    except files.RenderingInProgress:
        messages.info(request, "该文件正在生成，请几秒钟后再下载。")
        return redirect("supervision:bulletin", pk=bulletin.pk)
    except documents.RenderError as exc:
        messages.error(request, str(exc))
        return redirect("supervision:bulletin", pk=bulletin.pk)
    response = FileResponse(
        default_storage.open(name, "rb"), content_type=documents.CONTENT_TYPES[ext]
    )
    response["Content-Disposition"] = documents.content_disposition(bulletin, ext)
    response["ETag"] = etag
    # Staff only, and a draft changes: the browser keeps it but asks each time.
    patch_cache_control(response, private=True, no_cache=True)
    return response


@staff_required
@require_GET
def evaluation_summary(request: HttpRequest) -> HttpResponse:
    """社会评议 of the agencies the user may see, per quarter of a year."""
    agencies = agencies_visible_to(request.user)
    if not agencies.exists():
        raise Http404("没有可查看的机关。")
    today = timezone.localdate()
    raw = request.GET.get("year", "")
    year = (
        int(raw)
        if raw.isascii() and raw.isdigit() and 2019 <= int(raw) <= 2100
        else today.year
    )
    rows = selectors.evaluation_summary(agencies, year)
    context = {"rows": rows, "year": year, "years": range(today.year, 2018, -1)}
    return render(request, "supervision/evaluation_summary.html", context)


@staff_required
@require_GET
def case_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant's evaluation of one reply (read-only), for whoever sees the case."""
    case = get_case_or_404(request, pk)
    evaluation = Evaluation.objects.filter(case=case).first()
    context = {"case": case, "evaluation": evaluation}
    return render(request, "supervision/case_evaluation.html", context)


@staff_required
@require_GET
def bulletin_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The bulletin's per-agency table as an Excel workbook (the same columns)."""
    bulletin = _bulletin_or_404(request, pk)
    context = documents.bulletin_context(bulletin)
    draft = "（草稿）" if context["draft"] else ""
    sheet = Sheet(
        name=f"{bulletin.year}年第{bulletin.quarter}季度",
        title=f"{bulletin.title}{draft}",
        header=context["headings"],
        rows=context["table"],
        widths=(6, 30, *(10 for _ in context["headings"][2:])),
    )
    problems = Sheet(
        name="存在的问题",
        title=f"{bulletin.title}{draft} 三、存在的问题",
        header=("单位", "问题"),
        rows=[(row.name, "；".join(row.problems)) for row in context["problem_rows"]],
        widths=(30, 80),
    )
    return xlsx_response(
        f"{bulletin.year}年第{bulletin.quarter}季度政府信息公开工作通报.xlsx",
        [sheet, problems],
    )
