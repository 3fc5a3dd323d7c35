"""Staff pages for 行政复议 and 行政诉讼 cases: list, record, edit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.accounts.decorators import staff_required
from gongkai.accounts.permissions import casework_agency_ids
from gongkai.disputes.forms import DisputeForm
from gongkai.disputes.models import Dispute
from gongkai.disputes.permissions import (
    agencies_editable_by,
    can_edit_disputes,
    can_view_dispute,
    disputes_visible_to,
)
from gongkai.disputes.services import dispute_create, dispute_update


@staff_required
def dispute_list(request: HttpRequest) -> HttpResponse:
    disputes = disputes_visible_to(request.user).select_related("agency", "case")
    return render(
        request,
        "disputes/list.html",
        {
            "disputes": disputes,
            "can_create": agencies_editable_by(request.user).exists(),
        },
    )


def _save_errors(form: DisputeForm, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields else None
        if field == "case":
            target = "case_number"
        for error in errors:
            form.add_error(target, error)


@staff_required
@require_http_methods(["GET", "POST"])
def dispute_create_view(request: HttpRequest) -> HttpResponse:
    agencies = agencies_editable_by(request.user)
    if not agencies.exists():
        raise PermissionDenied("您没有登记行政复议、行政诉讼案件的权限。")
    form = DisputeForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            dispute = dispute_create(
                agency=form.cleaned_data["agency"],
                acting_user=request.user,
                **form.service_fields(),
            )
        except ValidationError as exc:
            _save_errors(form, exc)
        else:
            messages.success(request, "已登记该案件。")
            return redirect("disputes:edit", pk=dispute.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "disputes/form.html",
        {"form": form, "dispute": None, "editable": True},
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def dispute_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = Dispute.objects.select_related("agency", "case").filter(pk=pk).first()
    if dispute is None or not can_view_dispute(request.user, dispute):
        raise Http404("没有找到该案件。")
    editable = can_edit_disputes(request.user, dispute.agency)
    if request.method == "POST" and not editable:
        raise PermissionDenied("您只能查看该案件，不能修改。")
    form = DisputeForm(
        request.POST or None,
        instance=dispute,
        agencies=agencies_editable_by(request.user),
        party_hidden=bool(dispute.party)
        and dispute.party_is_person
        and dispute.agency_id not in casework_agency_ids(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            dispute_update(
                dispute=Dispute.objects.get(pk=pk),
                acting_user=request.user,
                **form.service_fields(),
            )
        except ValidationError as exc:
            _save_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("disputes:edit", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "disputes/form.html",
        {
            "form": form,
            "dispute": dispute,
            "editable": editable,
            "events": dispute.events.select_related("actor"),
        },
        status=status,
    )
