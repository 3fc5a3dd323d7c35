"""Staff pages: dashboard, lists, registration, the case page, personal data, files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.decorators import staff_required
from gongkai.accounts.models import Membership
from gongkai.accounts.permissions import agencies_visible_to
from gongkai.accounts.users import staff_user
from gongkai.calendars.selectors import calendar_warnings
from gongkai.cases import listing, selectors
from gongkai.cases.errors import CaseError
from gongkai.cases.forms import StaffRegistrationForm
from gongkai.cases.models import Attachment, Case, CaseExport, Outcome, Status
from gongkai.cases.permissions import (
    ACTION_ROLES,
    Action,
    agencies_for_registration,
    can_view_personal_data,
    cases_visible_to,
)
from gongkai.cases.services import (
    EXTENSION_DECISION_STATUSES,
    ApplicationDetails,
    case_log_personal_data_view,
    case_register,
)
from gongkai.cases.views.action_specs import render_case_page
from gongkai.cases.views.common import get_case_or_404
from gongkai.web import export_jobs
from gongkai.web.forms import LABEL_SUFFIX, person_label

LIST_PAGE_SIZE = 50


def _extension_queue(
    request: HttpRequest, visible: QuerySet[Case]
) -> QuerySet[Case] | None:
    """Extension requests awaiting the head's approval (条例第三十三条第二款).

    ``None`` when the user approves extensions in no agency (no queue shown).
    """
    agencies = Membership.objects.filter(
        user=staff_user(request.user), role__in=ACTION_ROLES[Action.APPROVE_EXTENSION]
    ).values("agency_id")
    if not agencies.exists():
        return None
    pending = visible.filter(
        agency__in=agencies,
        status__in=EXTENSION_DECISION_STATUSES,
        extension_requested_workdays__gt=0,
    ).filter(Q(extension_workdays__isnull=True) | Q(extension_workdays=0))
    return selectors.with_related(pending).order_by("due_on", "pk")


@staff_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    visible = cases_visible_to(request.user)
    mine = selectors.with_related(
        selectors.open_cases(visible.filter(assignee=staff_user(request.user)))
    ).order_by("due_on", "pk")
    extensions = _extension_queue(request, visible)
    context = {
        "today": today,
        "mine": mine[:50],
        "due_soon": selectors.cases_due_soon(
            visible, today=today, horizon=listing.soon_horizon(today)
        )[:50],
        "overdue": selectors.cases_overdue(visible, today=today)[:100],
        "paused": selectors.cases_paused(visible)[:50],
        "intake": selectors.cases_awaiting_intake(visible)[:50],
        "approval": selectors.cases_awaiting_approval(visible)[:50],
        "extensions": extensions[:50] if extensions is not None else None,
        "calendar_warnings": calendar_warnings(),
        "agencies": agencies_visible_to(request.user).order_by("path"),
    }
    return render(request, "cases/dashboard.html", context)


def _assignees(request: HttpRequest) -> QuerySet[User]:
    """People cases of the visible agencies are assigned to, for the filter."""
    visible = cases_visible_to(request.user).exclude(assignee__isnull=True)
    return User.objects.filter(pk__in=visible.values("assignee_id")).order_by(
        "first_name", "username"
    )


@staff_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    qs, params, errors = listing.filter_cases(request.user, request.GET)
    page = Paginator(qs, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "params": params,
            "errors": errors,
            "today": timezone.localdate(),
            "query": query.urlencode(),
            "statuses": Status.choices,
            "outcomes": Outcome.choices,
            "assignees": [(u.pk, person_label(u)) for u in _assignees(request)],
            "agencies": agencies_visible_to(request.user).order_by("path"),
        },
    )


@staff_required
@require_POST
def case_list_export(request: HttpRequest) -> HttpResponse:
    """Queue a workbook of the filtered list (the form's query string); it is
    built in the worker, and the export's page offers it when ready."""
    _qs, params, _errors = listing.filter_cases(request.user, request.POST)
    export = listing.case_export_create(
        owner=request.user, params=params, now=timezone.now()
    )
    return redirect("cases:export", pk=export.pk)


@staff_required
@require_GET
def case_export_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Where an export stands; refreshes itself until the workbook is ready."""
    export = export_jobs.own(CaseExport, request, pk)
    return render(
        request,
        "cases/export.html",
        {"export": export, "filters": listing.describe(export.params)},
    )


@staff_required
@require_GET
def case_export_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    return export_jobs.download(export_jobs.own(CaseExport, request, pk), "申请列表")


@staff_required
@require_http_methods(["GET", "POST"])
def case_register_view(request: HttpRequest) -> HttpResponse:
    agencies = agencies_for_registration(request.user)
    if not agencies.exists():
        raise PermissionDenied("只有登记员或负责人可以登记申请。")
    form = StaffRegistrationForm(
        request.POST or None, agencies=agencies, label_suffix=LABEL_SUFFIX
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = case_register(
                agency=data["agency"],
                details=ApplicationDetails.from_mapping(data),
                channel=data["channel"],
                arrived_on=data["arrived_on"],
                signed_on=data.get("signed_on"),
                confirmed_on=data.get("confirmed_on"),
                confirmation_method=data.get("confirmation_method", ""),
                token=data["token"],
                acting_user=request.user,
            )
        except CaseError as exc:
            form.add_error(None, exc.message_zh)
        else:
            messages.success(request, f"已登记申请 {case.number or case.query_code}。")
            return redirect("cases:detail", pk=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/case_register.html", {"form": form}, status=status)


@staff_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_case_page(request, get_case_or_404(request, pk))


@staff_required
@require_GET
def case_personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant's identity number and phone in full; every view is logged."""
    case = get_case_or_404(request, pk)
    if not can_view_personal_data(request.user, case):
        raise PermissionDenied("只有本机关的办理人员可以查看完整的个人信息。")
    case_log_personal_data_view(case=case, acting_user=request.user)
    return render_case_page(request, case, reveal=True)


@staff_required
@require_GET
def attachment_download(
    request: HttpRequest, pk: int, attachment_id: int
) -> FileResponse:
    case = get_case_or_404(request, pk)
    if not can_view_personal_data(request.user, case):
        raise PermissionDenied("只有本机关的办理人员可以下载申请材料。")
    attachment = case.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404("没有找到该材料。")
    if attachment.kind == Attachment.Kind.IDENTITY:
        # An identity document is the applicant's personal data in full.
        case_log_personal_data_view(
            case=case, acting_user=request.user, attachment=attachment
        )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
    )
    response["Cache-Control"] = "no-store"
    return response
