"""Template editing for the 机关管理员, and downloads of stored letters."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.csp import CSP
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.decorators import staff_required
from gongkai.agencies.models import Agency
from gongkai.letters import services
from gongkai.letters.forms import LetterTemplateForm
from gongkai.letters.kinds import LetterKind
from gongkai.letters.models import Letter, LetterTemplate
from gongkai.letters.permissions import (
    can_download_letter,
    can_edit_letter_templates,
    letter_download_is_logged,
)

PLACEHOLDERS_ZH: tuple[tuple[str, str], ...] = (
    ("{{ applicant.name }}", "申请人姓名或名称"),
    ("{{ application.received_on_zh }}", "收到申请之日"),
    ("{{ application.content }}", "申请公开的内容"),
    ("{{ application.form_wanted }}", "要求的形式和获取方式"),
    ("{{ application.query_code }}", "查询码"),
    ("{{ deadline.due_zh }}", "本文书所述期限（计算方法自动列入附注）"),
    ("{{ correction.items }} / {{ correction.due_zh }}", "补正事项 / 补正期限"),
    ("{{ extension.reason }} / {{ extension.workdays }}", "延期理由 / 延长工作日数"),
    ("{{ consultation.matter }}", "征求意见涉及的情况"),
    ("{{ fee.amount_zh }} / {{ fee.amount_upper }}", "收费金额 / 大写金额"),
    (
        "{{ fee.method_label }} / {{ fee.breakdown }} / {{ fee.payment }}",
        "计收方式 / 计算过程 / 缴纳方式",
    ),
    ("{{ reply.basis }}", "答复依据（根据……的规定），与处理结果一致"),
    ("{{ reply.decision }}", "处理决定"),
    ("{{ reply.reasons }} / {{ reply.access }}", "理由 / 获取方式、途径"),
    ("{{ agency.name }} / {{ agency.phone }}", "本机关名称 / 联系电话"),
)


def _admin_agency(request: HttpRequest, agency_id: int) -> Agency:
    agency = get_object_or_404(Agency, pk=agency_id)
    if not can_edit_letter_templates(request.user, agency):
        raise Http404("没有找到该机关。")
    return agency


def _kind(kind: str) -> LetterKind:
    try:
        return LetterKind(kind)
    except ValueError:
        raise Http404("没有这种文书。") from None


@staff_required
@require_GET
def template_list(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = _admin_agency(request, agency_id)
    own = {t.kind: t for t in LetterTemplate.objects.filter(agency=agency)}
    rows = [(kind, own.get(kind.value)) for kind in LetterKind]
    return render(
        request, "letters/template_list.html", {"agency": agency, "rows": rows}
    )


def _edit_page(
    request: HttpRequest, agency: Agency, kind: LetterKind, form: LetterTemplateForm
) -> HttpResponse:
    return render(
        request,
        "letters/template_edit.html",
        {
            "agency": agency,
            "kind": kind,
            "form": form,
            "placeholders": PLACEHOLDERS_ZH,
            "is_custom": LetterTemplate.objects.filter(
                agency=agency, kind=kind
            ).exists(),
        },
    )


@staff_required
@require_GET
def template_edit(request: HttpRequest, agency_id: int, kind: str) -> HttpResponse:
    agency, letter_kind = _admin_agency(request, agency_id), _kind(kind)
    title, body, _source = services.letter_template_for(agency, letter_kind)
    form = LetterTemplateForm(
        initial={"title": title, "body": body}, kind=letter_kind, agency=agency
    )
    return _edit_page(request, agency, letter_kind, form)


#: The session key of the last preview (the frame below shows it).
PREVIEW_SESSION_KEY = "letters.preview"


@staff_required
@require_POST
def template_preview(request: HttpRequest, agency_id: int, kind: str) -> HttpResponse:
    """Show the unsaved text rendered with sample data (no template is stored).

    The rendered letter is kept in the session for the preview frame: a
    ``srcdoc`` frame would inherit the page's ``frame-ancestors 'none'`` and
    stay blank.
    """
    agency, letter_kind = _admin_agency(request, agency_id), _kind(kind)
    form = LetterTemplateForm(request.POST, kind=letter_kind, agency=agency)
    if form.is_valid():
        request.session[PREVIEW_SESSION_KEY] = {
            "agency": agency.pk,
            "kind": letter_kind.value,
            "html": form.preview_html,
        }
    return _edit_page(request, agency, letter_kind, form)


@staff_required
@require_GET
@xframe_options_sameorigin
def template_preview_frame(
    request: HttpRequest, agency_id: int, kind: str
) -> HttpResponse:
    """The last preview of this template, for the frame on its edit page only."""
    agency, letter_kind = _admin_agency(request, agency_id), _kind(kind)
    preview = request.session.get(PREVIEW_SESSION_KEY) or {}
    if preview.get("agency") != agency.pk or preview.get("kind") != letter_kind:
        raise Http404("没有可预览的文书。")
    response = HttpResponse(preview["html"])
    response._csp_config = {  # type: ignore[attr-defined]
        **settings.SECURE_CSP,
        "frame-ancestors": [CSP.SELF],
    }
    return response


@staff_required
@require_POST
def template_save(request: HttpRequest, agency_id: int, kind: str) -> HttpResponse:
    agency, letter_kind = _admin_agency(request, agency_id), _kind(kind)
    form = LetterTemplateForm(request.POST, kind=letter_kind, agency=agency)
    if not form.is_valid():
        return _edit_page(request, agency, letter_kind, form)
    try:
        services.letter_template_save(
            agency=agency,
            kind=letter_kind,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            acting_user=request.user,
        )
    except services.LetterDataError as exc:
        form.add_error(None, str(exc))
        return _edit_page(request, agency, letter_kind, form)
    messages.success(request, f"已保存“{letter_kind.label}”模板。")
    return redirect("letters:template-list", agency_id=agency.pk)


@staff_required
@require_POST
def template_reset(request: HttpRequest, agency_id: int, kind: str) -> HttpResponse:
    agency, letter_kind = _admin_agency(request, agency_id), _kind(kind)
    services.letter_template_reset(
        agency=agency, kind=letter_kind, acting_user=request.user
    )
    messages.success(request, f"“{letter_kind.label}”已恢复为系统默认模板。")
    return redirect("letters:template-list", agency_id=agency.pk)


CONTENT_TYPES: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@staff_required
@require_http_methods(["GET", "HEAD"])
def letter_download(request: HttpRequest, uid: Any, ext: str) -> FileResponse:
    """A stored letter as issued; 404 for anyone who may not read its case.

    Downloaded by a reader outside the agency's case work (a supervisor, the
    机关管理员), it is a full view of the applicant's personal data: logged.
    """
    letter = get_object_or_404(Letter.objects.select_related("case__agency"), uid=uid)
    if ext not in CONTENT_TYPES or not can_download_letter(request.user, letter):
        raise Http404("没有找到该文书。")
    field = letter.docx if ext == "docx" else letter.pdf_file
    if field is None:
        raise Http404("该文书的 PDF 正在生成，请稍后刷新页面。")
    if request.method == "GET" and letter_download_is_logged(request.user, letter):
        services.letter_log_personal_data_view(
            letter=letter, acting_user=request.user, ext=ext
        )
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=letter.download_name(ext),
        content_type=CONTENT_TYPES[ext],
    )
