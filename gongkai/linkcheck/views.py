"""The link check's staff pages: an overview of the agencies one can see, and
per agency its open and fixed problems, its runs and its settings."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from gongkai.accounts.decorators import staff_required
from gongkai.accounts.permissions import agencies_visible_to
from gongkai.agencies.models import Agency
from gongkai.errors import DomainError
from gongkai.linkcheck import services
from gongkai.linkcheck.forms import SettingsForm
from gongkai.linkcheck.models import CheckRun, Problem
from gongkai.linkcheck.permissions import can_manage, can_view

FIXED_SHOWN = 50


def _agency(request: HttpRequest, code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first() if len(code) <= 50 else None
    if agency is None or not can_view(request.user, agency):
        raise Http404("没有找到该机关，或您无权查看。")
    return agency


@staff_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    agencies = (
        agencies_visible_to(request.user)
        .annotate(
            open_problems=Count(
                "link_problems", filter=Q(link_problems__fixed_at__isnull=True)
            )
        )
        .order_by("path")
    )
    latest: dict[int, CheckRun] = {}
    for run in CheckRun.objects.filter(agency__in=agencies).order_by(
        "agency_id", "-requested_at"
    ):
        latest.setdefault(run.agency_id, run)
    rows = [(agency, latest.get(agency.pk)) for agency in agencies]
    return render(request, "linkcheck/overview.html", {"rows": rows})


def _page(
    request: HttpRequest,
    agency: Agency,
    form: SettingsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    manage = can_manage(request.user, agency)
    problems = Problem.objects.filter(agency=agency).select_related(
        "item", "attachment"
    )
    context = {
        "agency": agency,
        "open": problems.filter(fixed_at__isnull=True).order_by(
            "kind", "-first_seen_at"
        ),
        "fixed": problems.filter(fixed_at__isnull=False).order_by("-fixed_at")[
            :FIXED_SHOWN
        ],
        "runs": CheckRun.objects.filter(agency=agency)[:10],
        "pending": services.pending_run(agency),
        "can_manage": manage,
        "form": form
        or (SettingsForm(instance=services.settings_for(agency)) if manage else None),
    }
    return render(request, "linkcheck/agency.html", context, status=status)


@staff_required
@require_GET
def agency_page(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, _agency(request, code))


@staff_required
@require_POST
def run_now(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency(request, code)
    try:
        run = services.check_request(agency=agency, acting_user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message_zh)
        return redirect("linkcheck:agency", code=agency.code)
    if run.requested_by_id == request.user.pk and run.status == CheckRun.Status.QUEUED:
        messages.success(
            request, "已加入检查队列，由后台任务执行；稍后刷新本页查看结果。"
        )
    else:
        messages.info(request, "已有一次检查在排队或进行中，请稍后刷新本页。")
    return redirect("linkcheck:agency", code=agency.code)


@staff_required
@require_POST
def settings_save(request: HttpRequest, code: str) -> HttpResponse:
    agency = _agency(request, code)
    if not can_manage(request.user, agency):
        messages.error(request, "只有本机关管理员或负责人可以修改链接检查设置。")
        return redirect("linkcheck:agency", code=agency.code)
    form = SettingsForm(request.POST, instance=services.settings_for(agency))
    if not form.is_valid():
        return _page(request, agency, form, status=400)
    try:
        services.check_settings_update(
            agency=agency,
            acting_user=request.user,
            **{name: form.cleaned_data[name] for name in SettingsForm.Meta.fields},
        )
    except DomainError as exc:
        form.add_error(None, exc.message_zh)
        return _page(request, agency, form, status=400)
    messages.success(request, "链接检查设置已保存。")
    return redirect("linkcheck:agency", code=agency.code)
