"""责任追究 staff pages: the list (with the year's annual-report sentence), a new
record, a record with its history, editing a draft, approving it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accountability import selectors, services
from gongkai.accountability.forms import RecordForm
from gongkai.accountability.models import Record
from gongkai.accountability.permissions import can_approve, can_record
from gongkai.accounts.decorators import staff_required
from gongkai.accounts.models import Membership, Role
from gongkai.accounts.permissions import agencies_visible_to
from gongkai.accounts.users import AnyUser, is_active_user
from gongkai.agencies.models import Agency
from gongkai.errors import DomainError
from gongkai.supervision.models import Bulletin


def _recordable(user: AnyUser) -> QuerySet[Agency]:
    agencies = agencies_visible_to(user).order_by("path")
    return agencies.filter(pk__in=[a.pk for a in agencies if can_record(user, a)])


def _deciders(user: AnyUser) -> QuerySet[Agency]:
    if not is_active_user(user):
        return Agency.objects.none()
    roles = [Role.SUPERVISOR, Role.HEAD, Role.ADMIN]
    own = Membership.objects.filter(user=user, role__in=roles)
    return Agency.objects.filter(pk__in=own.values("agency_id")).order_by("path")


def _bulletins(user: AnyUser) -> QuerySet[Bulletin]:
    return (
        Bulletin.objects.filter(
            status=Bulletin.Status.ISSUED, agency__in=agencies_visible_to(user)
        )
        .select_related("agency")
        .order_by("-year", "-quarter")
    )


def _form(
    request: HttpRequest,
    data: Any = None,
    initial: dict[str, Any] | None = None,
    record: Record | None = None,
) -> RecordForm:
    """The record form; for a draft being edited, its agencies are fixed."""
    initial = dict(initial or {})
    if record is not None:
        initial |= {"agency": record.agency, "decided_by": record.decided_by}
    form = RecordForm(
        data,
        initial=initial,
        agencies=_recordable(request.user),
        deciders=_deciders(request.user),
        bulletins=_bulletins(request.user),
    )
    if record is not None:
        form.fields["agency"].disabled = True
        form.fields["decided_by"].disabled = True
        form.fields["decided_by"].queryset = Agency.objects.filter(  # type: ignore[attr-defined]
            pk=record.decided_by_id
        )
    return form


def _year(value: str | None) -> int | None:
    if value and value.isascii() and value.isdigit() and len(value) == 4:
        return int(value)
    return None


@staff_required
def record_list(request: HttpRequest) -> HttpResponse:
    records = selectors.visible_records(request.user)
    year = _year(request.GET.get("year"))
    # NUL can be in no stored code (and PostgreSQL refuses it in a query).
    code = request.GET.get("agency", "").replace("\x00", "")[:50]
    agency = (
        agencies_visible_to(request.user).filter(code=code).first() if code else None
    )
    if year:
        records = records.filter(decided_on__year=year)
    if agency is not None:
        records = records.filter(agency=agency)
    sentence = ""
    if agency is not None and can_record(request.user, agency):
        sentence = selectors.annual_report_sentence(
            agency, year or timezone.localdate().year
        )
    return render(
        request,
        "accountability/list.html",
        {
            "records": records,
            "year": year,
            "agency": agency,
            "agencies": _recordable(request.user),
            "sentence": sentence,
            "can_create": _recordable(request.user).exists(),
        },
    )


def _record(request: HttpRequest, pk: int) -> Record:
    record = selectors.visible_records(request.user).filter(pk=pk).first()
    if record is None:
        raise Http404("没有找到该记录，或您无权查看。")
    return record


def _detail(
    request: HttpRequest, record: Record, error: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "accountability/detail.html",
        {
            "record": record,
            "events": record.events.select_related("actor"),
            "can_edit": record.status == Record.Status.DRAFT
            and can_record(request.user, record.agency),
            "can_approve": record.status == Record.Status.DRAFT
            and can_approve(request.user, record.decided_by, record.created_by_id),
            "error": error,
        },
        status=status,
    )


@staff_required
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _record(request, pk))


def _save(request: HttpRequest, record: Record | None) -> HttpResponse:
    form = _form(request, request.POST, record=record)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if record is None:
                record = services.record_create(
                    agency=data["agency"],
                    decided_by=data["decided_by"],
                    acting_user=request.user,
                    **form.record_fields(),
                )
            else:
                record = services.record_update(
                    record=record, acting_user=request.user, **form.record_fields()
                )
        except DomainError as exc:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message_zh)
        else:
            messages.success(request, "责任追究记录已保存，待审批。")
            return redirect("accountability:detail", pk=record.pk)
    return render(
        request,
        "accountability/form.html",
        {"form": form, "record": record},
        status=400,
    )


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def record_create(request: HttpRequest) -> HttpResponse:
    if not _recordable(request.user).exists():
        raise Http404("您没有登记责任追究情况的权限。")
    if request.method == "POST":
        return _save(request, None)
    form = _form(request, initial={"decided_on": timezone.localdate()})
    return render(request, "accountability/form.html", {"form": form, "record": None})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    if record.status != Record.Status.DRAFT or not can_record(
        request.user, record.agency
    ):
        return _detail(request, record, "该记录已审批或您无权修改。", status=403)
    if request.method == "POST":
        return _save(request, record)
    initial = {
        field: getattr(record, field)
        for field in ("person_name", "person_post", "ground", "facts", "bulletin")
    } | {
        "case_code": record.case.query_code if record.case else "",
        "dispute_number": record.dispute.number if record.dispute else "",
        "bulletin_problem": record.bulletin_problem,
        "measure": record.measure,
        "measure_detail": record.measure_detail,
        "decided_on": record.decided_on,
    }
    form = _form(request, initial=initial, record=record)
    return render(request, "accountability/form.html", {"form": form, "record": record})


@staff_required
@require_POST
def record_approve(request: HttpRequest, pk: int) -> HttpResponse:
    record = _record(request, pk)
    try:
        services.record_approve(record=record, acting_user=request.user)
    except DomainError as exc:
        return _detail(request, record, exc.message_zh, status=400)
    messages.success(request, "已审批。")
    return redirect("accountability:detail", pk=record.pk)
