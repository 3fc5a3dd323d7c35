"""Public pages: the online application, its receipt, and tracking by query code."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.cases import throttle
from gongkai.cases.clocks import public_due_note
from gongkai.cases.errors import CaseError
from gongkai.cases.forms import CorrectionForm, PublicApplicationForm, TrackForm
from gongkai.cases.models import Attachment, Case, Status
from gongkai.cases.public_history import APPLICANT_LETTER_KINDS, public_history
from gongkai.cases.selectors import lookup_case, normalise_query_code
from gongkai.cases.services import (
    ApplicationDetails,
    case_submit_correction_online,
    case_submit_online,
)
from gongkai.web.forms import LABEL_SUFFIX

SESSION_RECEIPT_KEY = "cases_receipt_ids"
SESSION_TOKEN_SALT_KEY = "cases_apply_salt"  # noqa: S105 (a session key name)
#: Namespace of the idempotency tokens bound to a browser session.
TOKEN_NAMESPACE = uuid.UUID("0f6f7a5e-3c2b-4d8e-9a51-6b0c7d2e4f11")


def session_bound_token(request: HttpRequest, form_token: uuid.UUID) -> uuid.UUID:
    """The form's idempotency token, bound to this browser's session.

    A second submit of the same form in the same session (a double click, a
    resend after a timeout) gives the same token, so one application is filed.
    The same form token replayed from another session gives another token: it
    files that visitor's own application and never shows the first one's
    receipt or query code. A session without a salt (no cookie) gets a fresh
    one, so its token matches nobody's.
    """
    return uuid.uuid5(TOKEN_NAMESPACE, f"{_session_salt(request)}:{form_token}")


def _session_salt(request: HttpRequest) -> str:
    salt = request.session.get(SESSION_TOKEN_SALT_KEY)
    if not salt:
        salt = secrets.token_hex(16)
        request.session[SESSION_TOKEN_SALT_KEY] = salt
    return str(salt)


#: Applications this browser has looked up with query code + phone digits: their
#: page, letters, disclosed files and the 补正 form open for this session only.
SESSION_TRACK_KEY = "cases_tracked_ids"
LETTER_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """The online application; limited per address (``throttle.apply_begin``)."""
    if request.method == "POST" and (wait := throttle.apply_locked_for(request)):
        # Refused before the body (and its attachment) is parsed.
        return render(
            request,
            "429.html",
            {"message": throttle.apply_refused_message(wait)},
            status=429,
        )
    # /apply/?agency=<id> (the guide's link) starts with that agency chosen.
    wanted = request.GET.get("agency", "")
    initial = (
        {"agency": int(wanted)}
        if wanted.isascii() and wanted.isdigit() and len(wanted) <= 9
        else {}
    )
    form = PublicApplicationForm(
        request.POST or None,
        request.FILES or None,
        label_suffix=LABEL_SUFFIX,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        attempt = throttle.apply_begin(request)
        if attempt.refused:
            return render(
                request,
                "429.html",
                {"message": throttle.apply_refused_message(attempt.refused_for)},
                status=429,
            )
        try:
            case = case_submit_online(
                agency=data["agency"],
                details=ApplicationDetails.from_mapping(data),
                token=session_bound_token(request, data["token"]),
                attachment=data.get("attachment"),
            )
        except CaseError as exc:
            attempt.succeeded()  # nothing was filed
            form.add_error(None, exc.message_zh)
        else:
            attempt.spent()
            receipts = request.session.get(SESSION_RECEIPT_KEY, [])
            if case.pk not in receipts:
                receipts.append(case.pk)
            request.session[SESSION_RECEIPT_KEY] = receipts[-10:]
            return redirect("apply:receipt", pk=case.pk)
    if request.method == "GET":
        _session_salt(request)  # set before the form is sent
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


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """The applicant's page by query code + the phone's last four digits.

    A successful lookup shows the status, due date, history, letters and the 补正
    form, and opens ``track:case`` (the same page) for this browser's session.

    Failed lookups are limited per address and per code (``gongkai.cases.throttle``).
    """
    form = TrackForm(request.POST or None, label_suffix=LABEL_SUFFIX)
    found: Case | None = None
    not_found = False
    refused = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        code = normalise_query_code(form.cleaned_data["query_code"])
        attempt = throttle.track_begin(request, code)
        if attempt.refused:
            refused, status = throttle.refused_message(attempt), 429
        else:
            found = lookup_case(code, form.cleaned_data["phone_last4"])
            not_found = found is None
            if not_found:
                attempt.failed()
                status = 404
            elif found is not None:
                attempt.succeeded()
                _remember(request, found)
    elif request.method == "POST":
        status = 400
    context = {
        "form": form,
        "case": found,
        "not_found": not_found,
        "refused": refused,
        **(_case_context(found) if found else {}),
    }
    return render(request, "cases/public/track.html", context, status=status)


# -- the applicant's page (after a successful lookup, in the same browser) -------


def _remember(request: HttpRequest, case: Case) -> None:
    tracked = [pk for pk in request.session.get(SESSION_TRACK_KEY, []) if pk != case.pk]
    request.session[SESSION_TRACK_KEY] = [*tracked, case.pk][-10:]


def _tracked_case(request: HttpRequest, pk: int) -> Case | None:
    if pk not in request.session.get(SESSION_TRACK_KEY, []):
        return None
    return (
        Case.objects.select_related("agency")
        .exclude(status="discarded")
        .filter(pk=pk)
        .first()
    )


def _case_context(
    case: Case, correction_form: CorrectionForm | None = None
) -> dict[str, Any]:
    awaiting = case.status == Status.AWAITING_CORRECTION
    return {
        "due_note": public_due_note(case),
        "history": public_history(case),
        "letters": case.letters.filter(kind__in=APPLICANT_LETTER_KINDS)
        .select_related("rendition")
        .order_by("created_at", "pk"),
        "disclosed": (
            case.attachments.filter(kind=Attachment.Kind.DISCLOSED)
            if case.closed_on
            else []
        ),
        "correction_form": (
            correction_form
            if correction_form is not None
            else (CorrectionForm(label_suffix=LABEL_SUFFIX) if awaiting else None)
        ),
    }


def _lost(request: HttpRequest) -> HttpResponse:
    messages.info(request, "请输入查询码和联系电话后四位查询您的申请。")
    return redirect("track:track")


@require_GET
def track_case(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant's page: history, letters, disclosed files, the 补正 form."""
    case = _tracked_case(request, pk)
    if case is None:
        return _lost(request)
    return render(
        request, "cases/public/track_case.html", {"case": case, **_case_context(case)}
    )


@require_POST
def track_correction(request: HttpRequest, pk: int) -> HttpResponse:
    """The 补正 sent online (Art. 30): text and attachments, checked as at intake."""
    case = _tracked_case(request, pk)
    if case is None:
        return _lost(request)
    form = CorrectionForm(request.POST, request.FILES, label_suffix=LABEL_SUFFIX)
    if form.is_valid():
        try:
            case_submit_correction_online(
                case=case,
                text=form.cleaned_data["text"],
                attachments=form.cleaned_data["attachments"],
            )
        except CaseError as exc:
            form.add_error(None, exc.message_zh)
        else:
            messages.success(
                request, "补正已提交，工作人员确认收到后答复期限重新计算。"
            )
            return redirect("track:case", pk=case.pk)
    context = {"case": case, **_case_context(case, correction_form=form)}
    return render(request, "cases/public/track_case.html", context, status=400)


@require_http_methods(["GET", "HEAD"])
def track_letter(
    request: HttpRequest, pk: int, uid: uuid.UUID, ext: str
) -> FileResponse:
    case = _tracked_case(request, pk)
    letter = (
        case.letters.filter(uid=uid, kind__in=APPLICANT_LETTER_KINDS).first()
        if case is not None
        else None
    )
    if letter is None or ext not in LETTER_TYPES:
        raise Http404("没有找到该文书。")
    field = letter.docx if ext == "docx" else letter.pdf_file
    if field is None:
        raise Http404("该文书的 PDF 正在生成，请稍后刷新页面。")
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=letter.download_name(ext),
        content_type=LETTER_TYPES[ext],
    )


@require_http_methods(["GET", "HEAD"])
def track_disclosed(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    case = _tracked_case(request, pk)
    attachment = (
        case.attachments.filter(
            pk=attachment_id, kind=Attachment.Kind.DISCLOSED
        ).first()
        if case is not None and case.closed_on
        else None
    )
    if attachment is None:
        raise Http404("没有找到该文件。")
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type or "application/octet-stream",
    )
