"""Public pages: the online application, its receipt, and tracking by query code."""

from __future__ import annotations

import hmac

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.cases import throttle
from gongkai.cases.clocks import public_due_note
from gongkai.cases.errors import CaseError
from gongkai.cases.forms import PublicApplicationForm, TrackForm
from gongkai.cases.models import Case, Status
from gongkai.cases.services import (
    ApplicationDetails,
    case_submit_online,
    normalise_query_code,
)
from gongkai.cases.views.common import LABEL_SUFFIX

SESSION_RECEIPT_KEY = "cases_receipt_ids"


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    form = PublicApplicationForm(
        request.POST or None, request.FILES or None, label_suffix=LABEL_SUFFIX
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = case_submit_online(
                agency=data["agency"],
                details=ApplicationDetails.from_mapping(data),
                token=data["token"],
                attachment=data.get("attachment"),
            )
        except CaseError as exc:
            form.add_error(None, exc.message_zh)
        else:
            receipts = request.session.get(SESSION_RECEIPT_KEY, [])
            if case.pk not in receipts:
                receipts.append(case.pk)
            request.session[SESSION_RECEIPT_KEY] = receipts[-10:]
            return redirect("apply:receipt", pk=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/public/apply.html", {"form": form}, status=status)


@require_GET
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The submitter's receipt with the query code (only in the session that submitted)."""
    if pk not in request.session.get(SESSION_RECEIPT_KEY, []):
        messages.info(
            request, "回执只在提交申请的浏览器中显示。请使用查询码查询办理进度。"
        )
        return redirect("track:track")
    case = Case.objects.select_related("agency").get(pk=pk)
    return render(request, "cases/public/receipt.html", {"case": case})


def lookup_case(query_code: str, phone_last4: str) -> Case | None:
    """The application with this query code whose phone ends in ``phone_last4``.

    ``None`` when there is none, it was discarded, or the digits do not match
    (compared in constant time). Callers throttle failed lookups themselves.
    """
    code = normalise_query_code(query_code)
    case = (
        Case.objects.select_related("agency")
        .filter(query_code=code)
        .exclude(status=Status.DISCARDED)
        .first()
    )
    if case is None or not hmac.compare_digest(case.phone[-4:], phone_last4):
        return None
    return case


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Status and due date by query code + the phone's last four digits; nothing else.

    Failed lookups are limited per address and per code (``gongkai.cases.throttle``).
    """
    form = TrackForm(request.POST or None, label_suffix=LABEL_SUFFIX)
    found: Case | None = None
    not_found = False
    refused = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        code = normalise_query_code(form.cleaned_data["query_code"])
        if throttle.track_refused(request, code):
            refused, status = throttle.refused_message(), 429
        else:
            found = lookup_case(code, form.cleaned_data["phone_last4"])
            not_found = found is None
            if not_found:
                throttle.track_failed(request, code)
                status = 404
    elif request.method == "POST":
        status = 400
    context = {
        "form": form,
        "case": found,
        "not_found": not_found,
        "refused": refused,
        "due_note": public_due_note(found) if found else "",
    }
    return render(request, "cases/public/track.html", context, status=status)
