"""Staff pages: dashboard, lists, registration, the case page, personal data, files."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.accounts.models import Membership
from gongkai.accounts.permissions import agencies_visible_to, is_staff_member
from gongkai.accounts.users import staff_user
from gongkai.agencies.models import Agency
from gongkai.calendars.selectors import calendar_warnings
from gongkai.cases import clocks, selectors
from gongkai.cases.errors import CaseError
from gongkai.cases.forms import StaffRegistrationForm
from gongkai.cases.models import Case, Status
from gongkai.cases.permissions import (
    ACTION_ROLES,
    Action,
    agencies_for_registration,
    can_view_personal_data,
    cases_visible_to,
)
from gongkai.cases.services import (
    EXTENSION_STATUSES,
    ApplicationDetails,
    case_log_personal_data_view,
    case_register,
)
from gongkai.cases.views.common import (
    LABEL_SUFFIX,
    get_case_or_404,
    render_case_page,
)

LIST_PAGE_SIZE = 50


def _staff_only(request: HttpRequest) -> None:
    if not is_staff_member(request.user):
        raise PermissionDenied("您没有任何机关的工作角色，请联系机关管理员。")


def _soon_horizon(today: dt.date) -> dt.date:
    """Three working days ahead (calendar days if the calendar lacks the year)."""
    return clocks.add_workdays(today, 3) or today + dt.timedelta(days=5)


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
        status__in=EXTENSION_STATUSES,
        extension_requested_workdays__gt=0,
    ).filter(Q(extension_workdays__isnull=True) | Q(extension_workdays=0))
    return selectors.with_related(pending).order_by("due_on", "pk")


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
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
            visible, today=today, horizon=_soon_horizon(today)
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


def _small_int(raw: str) -> int | None:
    """A query parameter of ASCII digits that fits a database integer, else None."""
    if raw.isascii() and raw.isdigit() and len(raw) <= 9:
        return int(raw)
    return None


def _filtered(request: HttpRequest) -> tuple[QuerySet[Case], dict[str, str]]:
    qs = selectors.with_related(cases_visible_to(request.user))
    # NUL can be in no stored text (and PostgreSQL refuses it in a query).
    params = {
        k: request.GET.get(k, "").replace("\x00", "").strip()
        for k in ("status", "agency", "q", "year", "row", "col", "due")
    }
    if params["status"] in Status.values:
        qs = qs.filter(status=params["status"])
    agency_id = _small_int(params["agency"])
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if params["q"]:
        term = params["q"]
        qs = qs.filter(
            Q(number__icontains=term)
            | Q(description__icontains=term)
            | Q(applicant_name__icontains=term)
        )
    year = _small_int(params["year"])
    if year is not None and params["row"]:
        try:
            qs = qs.filter(
                selectors.table3_cell_q(year, params["row"], params["col"] or "total")
            )
        except (KeyError, ValueError) as exc:
            raise Http404("无效的统计项。") from exc
    today = timezone.localdate()
    if params["due"] == "overdue":
        qs = selectors.cases_overdue(qs, today=today)
    elif params["due"] == "soon":
        qs = selectors.cases_due_soon(qs, today=today, horizon=_soon_horizon(today))
    elif params["due"] == "paused":
        qs = selectors.cases_paused(qs)
    return qs, params


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    qs, params = _filtered(request)
    page = Paginator(qs, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "params": params,
            "today": timezone.localdate(),
            "query": query.urlencode(),
            "statuses": Status.choices,
            "agencies": agencies_visible_to(request.user).order_by("path"),
        },
    )


@login_required
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


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_case_page(request, get_case_or_404(request, pk))


@login_required
@require_GET
def case_personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant's identity number and phone in full; every view is logged."""
    case = get_case_or_404(request, pk)
    if not can_view_personal_data(request.user, case):
        raise PermissionDenied("只有本机关的办理人员可以查看完整的个人信息。")
    case_log_personal_data_view(case=case, acting_user=request.user)
    return render_case_page(request, case, reveal=True)


@login_required
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
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
    )


def agencies_for_stats(request: HttpRequest) -> QuerySet[Agency]:
    return agencies_visible_to(request.user).order_by("path")
