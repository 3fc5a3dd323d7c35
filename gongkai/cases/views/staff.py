"""Staff pages: dashboard, lists, registration, the case page, personal data, files."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.accounts.decorators import staff_required
from gongkai.accounts.models import Membership
from gongkai.accounts.permissions import CASEWORK_ROLES, agencies_visible_to
from gongkai.accounts.users import AnyUser, staff_user
from gongkai.calendars.selectors import calendar_warnings
from gongkai.cases import clocks, privacy, selectors
from gongkai.cases.errors import CaseError
from gongkai.cases.forms import StaffRegistrationForm
from gongkai.cases.models import Attachment, Case, Outcome, Status
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
from gongkai.letters.models import Letter
from gongkai.web.exports import Sheet, xlsx_response
from gongkai.web.forms import LABEL_SUFFIX, person_label

LIST_PAGE_SIZE = 50


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


#: The list's query parameters (every one optional).
LIST_PARAMS = (
    "status",
    "agency",
    "q",
    "year",
    "row",
    "col",
    "due",
    "from",
    "to",
    "assignee",
    "outcome",
)


def _date_param(raw: str, label: str, errors: list[str]) -> dt.date | None:
    """An ISO date (full-width digits and 2026/3/2 accepted); else a note, None."""
    if not raw:
        return None
    text = unicodedata.normalize("NFKC", raw).replace("/", "-")
    try:
        return dt.date.fromisoformat(
            "-".join(part.zfill(2) for part in text.split("-"))
        )
    except ValueError:
        errors.append(
            f"{label}“{raw[:20]}”不是有效日期（应为 2026-03-02 的格式），未按它筛选。"
        )
        return None


def _casework_agencies(user: AnyUser) -> QuerySet[Membership, Any]:
    """The agencies where ``user`` does case work (and so reads names in full)."""
    return Membership.objects.filter(
        user=staff_user(user), role__in=CASEWORK_ROLES
    ).values("agency_id")


def _search(qs: QuerySet[Case], raw: str, user: AnyUser) -> QuerySet[Case]:
    """Query code, 登记号, applicant's name, phone digits, 文号 (applied for or
    of an issued letter), or words of the request.

    Names and phone digits are matched only in the user's own case work: a
    supervisor or 机关管理员 sees them masked, and a search must not confirm them.
    """
    term = unicodedata.normalize("NFKC", raw).strip()
    if not term:
        return qs
    own = _casework_agencies(user)
    q = (
        Q(query_code__iexact=term)
        | Q(number__icontains=term)
        | Q(applicant_name__icontains=term, agency_id__in=own)
        | Q(document_number__icontains=term)
        | Q(description__icontains=term)
        | Q(pk__in=Letter.objects.filter(number__icontains=term).values("case_id"))
    )
    if term.isascii() and term.isdigit() and len(term) >= 4:
        q |= Q(phone__contains=term, agency_id__in=own)
    return qs.filter(q)


def _filtered(
    request: HttpRequest,
) -> tuple[QuerySet[Case], dict[str, str], list[str]]:
    """The cases visible to the user that match the list's filters; the filters as
    given; notes on filters that could not be used."""
    qs = selectors.with_related(cases_visible_to(request.user))
    # NUL can be in no stored text (and PostgreSQL refuses it in a query).
    params = {
        k: request.GET.get(k, "").replace("\x00", "").strip()[:200] for k in LIST_PARAMS
    }
    errors: list[str] = []
    if params["status"] in Status.values:
        qs = qs.filter(status=params["status"])
    agency_id = _small_int(params["agency"])
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    assignee_id = _small_int(params["assignee"])
    if params["assignee"] == "none":
        qs = qs.filter(assignee__isnull=True)
    elif assignee_id is not None:
        qs = qs.filter(assignee_id=assignee_id)
    if params["outcome"] in Outcome.values:
        qs = qs.filter(outcome=params["outcome"])
    since = _date_param(params["from"], "收到日期起", errors)
    until = _date_param(params["to"], "收到日期止", errors)
    if since:
        qs = qs.filter(
            Q(received_on__gte=since)
            | Q(received_on__isnull=True, arrived_on__gte=since)
        )
    if until:
        qs = qs.filter(
            Q(received_on__lte=until)
            | Q(received_on__isnull=True, arrived_on__lte=until)
        )
    qs = _search(qs, params["q"], request.user)
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
    return qs, params, errors


def _assignees(request: HttpRequest) -> QuerySet[User]:
    """People cases of the visible agencies are assigned to, for the filter."""
    visible = cases_visible_to(request.user).exclude(assignee__isnull=True)
    return User.objects.filter(pk__in=visible.values("assignee_id")).order_by(
        "first_name", "username"
    )


@staff_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    qs, params, errors = _filtered(request)
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


#: The most rows one export holds (a year of a large agency's applications).
EXPORT_LIMIT = 20_000


@staff_required
@require_GET
def case_list_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as an Excel workbook (personal data masked as on the page)."""
    qs, _params, _errors = _filtered(request)
    today = timezone.localdate()
    own = set(_casework_agencies(request.user).values_list("agency_id", flat=True))
    rows = (
        (
            case.number,
            case.query_code,
            case.agency.display_name,
            privacy.applicant_name_for(case, own),
            privacy.mask_phone(case.phone or ""),
            privacy.text_for(case, case.description, own),
            case.document_number,
            case.get_status_display(),
            case.get_outcome_display() if case.outcome else "",
            case.received_on.isoformat() if case.received_on else "待确认",
            (case.due_on.isoformat() + ("（暂定）" if case.due_provisional else ""))
            if case.due_on
            else "",
            "已超期" if case.due_on and case.is_open and case.due_on < today else "",
            case.closed_on.isoformat() if case.closed_on else "",
            person_label(case.assignee) if case.assignee else "",
        )
        for case in qs[:EXPORT_LIMIT]
    )
    sheet = Sheet(
        name="申请列表",
        title=f"政府信息公开申请列表（导出于 {timezone.localtime():%Y-%m-%d %H:%M}）",
        header=(
            "登记号",
            "查询码",
            "机关",
            "申请人",
            "联系电话",
            "申请内容",
            "文号",
            "状态",
            "处理结果",
            "收到申请之日",
            "答复期限",
            "是否超期",
            "办结日期",
            "承办人",
        ),
        rows=rows,
        widths=(14, 12, 20, 14, 14, 40, 16, 10, 20, 12, 12, 8, 12, 14),
    )
    return xlsx_response(f"申请列表-{today:%Y%m%d}.xlsx", [sheet])


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
