"""Staff pages: quarterly bulletins, and the evaluations of replies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from gongkai.accounts.permissions import agencies_visible_to
from gongkai.cases.views.common import LABEL_SUFFIX, get_case_or_404
from gongkai.supervision import documents, permissions, selectors, services
from gongkai.supervision.forms import BulletinCreateForm, OpinionForm
from gongkai.supervision.models import Bulletin, Evaluation


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


@login_required
@require_GET
def bulletin_list(request: HttpRequest) -> HttpResponse:
    agencies = permissions.agencies_overseen_by(request.user)
    bulletins = permissions.bulletins_visible_to(request.user).order_by(
        "-year", "-quarter", "agency__path"
    )
    form = BulletinCreateForm(agencies=agencies, label_suffix=LABEL_SUFFIX)
    context = {"bulletins": bulletins, "form": form if agencies.exists() else None}
    return render(request, "supervision/bulletin_list.html", context)


@login_required
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


@login_required
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
    }
    return render(request, "supervision/bulletin_detail.html", context)


@login_required
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
            raise PermissionDenied("只有通报机关的负责人可以签发和公开通报。")
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


@login_required
@require_POST
def bulletin_recompute_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _simple_action(request, pk, "recompute", "已按现有记录重新统计。")


@login_required
@require_POST
def bulletin_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _simple_action(request, pk, "issue", "通报已签发印发，不能再修改。")


@login_required
@require_POST
def bulletin_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _simple_action(request, pk, "publish", "通报已在门户网站公开。")


@login_required
@require_GET
def bulletin_download(request: HttpRequest, pk: int, ext: str) -> HttpResponse:
    bulletin = _bulletin_or_404(request, pk)
    if ext not in documents.CONTENT_TYPES:
        raise Http404("不支持该文件格式。")
    try:
        content = documents.render(bulletin, ext)
    except documents.RenderError as exc:
        messages.error(request, str(exc))
        return redirect("supervision:bulletin", pk=bulletin.pk)
    response = HttpResponse(content, content_type=documents.CONTENT_TYPES[ext])
    response["Content-Disposition"] = documents.content_disposition(bulletin, ext)
    return response


@login_required
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


@login_required
@require_GET
def case_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant's evaluation of one reply (read-only), for whoever sees the case."""
    case = get_case_or_404(request, pk)
    evaluation = Evaluation.objects.filter(case=case).first()
    context = {"case": case, "evaluation": evaluation}
    return render(request, "supervision/case_evaluation.html", context)
