"""Staff pages (建议提案, 工作要点) and the public page of published results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts.decorators import staff_required
from gongkai.agencies.models import Agency
from gongkai.planning import selectors, services
from gongkai.planning.forms import (
    PlanForm,
    ProgressForm,
    ProposalForm,
    PublishForm,
    ReplyForm,
    TaskForm,
)
from gongkai.planning.models import PlanTask, Proposal, WorkPlan
from gongkai.planning.permissions import (
    can_edit,
    can_publish,
    can_view,
    editable_agencies,
    visible_agencies,
)


def _year(value: str | None) -> int | None:
    """A year from a query string; anything odd is simply no filter."""
    if value and value.isascii() and value.isdigit() and len(value) == 4:
        return int(value)
    return None


def _agency_by_code(value: str | None) -> Agency | None:
    if not value or "\x00" in value or len(value) > 50:
        return None
    return Agency.objects.filter(code=value).first()


def _save_errors(form: BaseForm, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        for message in exc.messages:
            form.add_error(None, message)
        return
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields else None
        for error in errors:
            form.add_error(target, error)


def _proposal(request: HttpRequest, pk: int) -> Proposal:
    proposal = Proposal.objects.select_related("agency").filter(pk=pk).first()
    if proposal is None or not can_view(request.user, proposal.agency):
        raise Http404("没有找到该建议提案。")
    return proposal


# --- 人大代表建议、政协提案 -------------------------------------------------


@staff_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    qs = Proposal.objects.filter(agency__in=visible_agencies(request.user))
    year = _year(request.GET.get("year"))
    if year is not None:
        qs = qs.filter(year=year)
    rows = selectors.with_overdue_flag(qs.select_related("agency"), today)
    return render(
        request,
        "planning/proposal_list.html",
        {
            "proposals": rows,
            "year": year,
            "overdue_count": sum(1 for r in rows if getattr(r, "overdue", False)),
            "can_create": editable_agencies(request.user).exists(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def proposal_create_view(request: HttpRequest) -> HttpResponse:
    agencies = editable_agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied("您没有登记建议提案的权限。")
    form = ProposalForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                agency=form.cleaned_data["agency"],
                acting_user=request.user,
                **form.service_fields(),
            )
        except ValidationError as exc:
            _save_errors(form, exc)
        else:
            messages.success(request, "已登记。")
            return redirect("planning:proposal", pk=proposal.pk)
    return render(
        request,
        "planning/proposal_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _proposal_page(
    request: HttpRequest, proposal: Proposal, status: int = 200, **forms: Any
) -> HttpResponse:
    editable = can_edit(request.user, proposal.agency)
    context: dict[str, Any] = {
        "proposal": proposal,
        "editable": editable,
        "publishable": can_publish(request.user, proposal.agency),
        "overdue": proposal.status in selectors.OPEN_STATUSES
        and proposal.due_on < timezone.localdate(),
        "events": proposal.events.select_related("actor"),
        "form": forms.get("form")
        or (ProposalForm(instance=proposal, agencies=Agency.objects.none())),
        "reply_form": forms.get("reply_form")
        or ReplyForm(initial={"replied_on": timezone.localdate()}),
        "publish_form": forms.get("publish_form")
        or PublishForm(initial={"public_text": proposal.reply_summary}),
    }
    return render(request, "planning/proposal_detail.html", context, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if request.method == "GET":
        return _proposal_page(request, proposal)
    if not can_edit(request.user, proposal.agency):
        raise PermissionDenied("您只能查看，不能修改。")
    form = ProposalForm(request.POST, instance=proposal, agencies=Agency.objects.none())
    if form.is_valid():
        try:
            services.proposal_update(
                proposal=Proposal.objects.get(pk=pk),
                acting_user=request.user,
                **form.service_fields(),
            )
        except ValidationError as exc:
            _save_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("planning:proposal", pk=pk)
    return _proposal_page(request, _proposal(request, pk), status=400, form=form)


@staff_required
@require_POST
def proposal_start_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    try:
        services.proposal_start(proposal=proposal, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已开始办理。")
    return redirect("planning:proposal", pk=pk)


@staff_required
@require_POST
def proposal_reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not can_edit(request.user, proposal.agency):
        raise PermissionDenied("您只能查看，不能答复。")
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_reply(
                proposal=proposal, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _save_errors(form, exc)
        else:
            messages.success(request, "已记录答复。")
            return redirect("planning:proposal", pk=pk)
    return _proposal_page(request, proposal, status=400, reply_form=form)


@staff_required
@require_POST
def proposal_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    if not can_publish(request.user, proposal.agency):
        raise PermissionDenied("只有本机关负责人才能批准公开办理结果。")
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_publish(
                proposal=proposal,
                acting_user=request.user,
                public_text=form.cleaned_data["public_text"],
            )
        except ValidationError as exc:
            _save_errors(form, exc)
        else:
            messages.success(request, "已批准公开办理结果。")
            return redirect("planning:proposal", pk=pk)
    return _proposal_page(request, proposal, status=400, publish_form=form)


@staff_required
def proposal_summary(request: HttpRequest) -> HttpResponse:
    """Counts and the 第六部分 sentence for one agency and year."""
    agencies = visible_agencies(request.user)
    agency = _agency_by_code(request.GET.get("agency"))
    if agency is None or not agencies.filter(pk=agency.pk).exists():
        agency = agencies.first()
    year = _year(request.GET.get("year")) or timezone.localdate().year - 1
    context: dict[str, Any] = {"agencies": agencies, "agency": agency, "year": year}
    if agency is not None:
        context["figures"] = selectors.proposal_figures(agency, year)
        context["sentence"] = selectors.annual_report_sentence(agency, year)
    return render(request, "planning/proposal_summary.html", context)


def public_proposals(request: HttpRequest) -> HttpResponse:
    """/planning/proposals/: published results per agency and year."""
    agency = _agency_by_code(request.GET.get("agency"))
    year = _year(request.GET.get("year"))
    rows = selectors.published_proposals(agency=agency, year=year)
    return render(
        request,
        "planning/public/proposals.html",
        {"proposals": rows, "agency": agency, "year": year},
    )


# --- 政务公开工作要点 --------------------------------------------------------


def _plan(request: HttpRequest, pk: int) -> WorkPlan:
    plan = WorkPlan.objects.select_related("agency").filter(pk=pk).first()
    if plan is None or not can_view(request.user, plan.agency):
        raise Http404("没有找到该工作要点。")
    return plan


@staff_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = WorkPlan.objects.filter(
        agency__in=visible_agencies(request.user)
    ).select_related("agency")
    rows = [(plan, selectors.plan_progress(plan)) for plan in plans]
    return render(
        request,
        "planning/plan_list.html",
        {"rows": rows, "can_create": editable_agencies(request.user).exists()},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def plan_create_view(request: HttpRequest) -> HttpResponse:
    agencies = editable_agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied("您没有登记政务公开工作要点的权限。")
    form = PlanForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _save_errors(form, exc)
        else:
            messages.success(request, "已登记工作要点。")
            return redirect("planning:plan", pk=plan.pk)
    return render(
        request,
        "planning/plan_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _plan_page(
    request: HttpRequest, plan: WorkPlan, task_form: TaskForm | None = None
) -> HttpResponse:
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "progress": selectors.plan_progress(plan),
            "tasks": plan.tasks.select_related("responsible").prefetch_related(
                "progress__by"
            ),
            "today": timezone.localdate(),
            "editable": can_edit(request.user, plan.agency),
            "task_form": task_form or TaskForm(),
        },
        status=400 if task_form is not None else 200,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan with its tasks; a POST adds a task."""
    plan = _plan(request, pk)
    if request.method == "GET":
        return _plan_page(request, plan)
    if not can_edit(request.user, plan.agency):
        raise PermissionDenied("您只能查看，不能修改。")
    form = TaskForm(request.POST)
    if form.is_valid():
        try:
            services.task_add(
                plan=plan, acting_user=request.user, **form.service_fields()
            )
        except ValidationError as exc:
            _save_errors(form, exc)
        else:
            messages.success(request, "已增加任务。")
            return redirect("planning:plan", pk=pk)
    return _plan_page(request, plan, task_form=form)


def _task(request: HttpRequest, pk: int) -> PlanTask:
    task = PlanTask.objects.select_related("plan__agency", "responsible").filter(pk=pk)
    found = task.first()
    if found is None or not can_view(request.user, found.plan.agency):
        raise Http404("没有找到该任务。")
    return found


@staff_required
@require_http_methods(["GET", "POST"])
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A task: edit its status (延期 with a reason) and see its progress."""
    task = _task(request, pk)
    editable = can_edit(request.user, task.plan.agency)
    form = TaskForm(request.POST or None, instance=task)
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("您只能查看，不能修改。")
        if form.is_valid():
            try:
                services.task_update(
                    task=PlanTask.objects.get(pk=pk),
                    acting_user=request.user,
                    **form.service_fields(),
                )
            except ValidationError as exc:
                _save_errors(form, exc)
            else:
                messages.success(request, "已保存。")
                return redirect("planning:task", pk=pk)
        status = 400
        task = _task(request, pk)
    return _task_page(request, task, editable, form=form, status=status)


def _task_page(
    request: HttpRequest,
    task: PlanTask,
    editable: bool,
    *,
    form: TaskForm | None = None,
    progress_form: ProgressForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "planning/task_detail.html",
        {
            "task": task,
            "editable": editable,
            "form": form or TaskForm(instance=task),
            "progress_form": progress_form
            or ProgressForm(initial={"on": timezone.localdate()}),
            "progress": task.progress.select_related("by"),
        },
        status=status,
    )


@staff_required
@require_POST
def progress_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task(request, pk)
    if not can_edit(request.user, task.plan.agency):
        raise PermissionDenied("您只能查看，不能填报进展。")
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.progress_add(
                task=task, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _save_errors(form, exc)
        else:
            messages.success(request, "已填报进展。")
            return redirect("planning:task", pk=pk)
    return _task_page(request, task, True, progress_form=form, status=400)
