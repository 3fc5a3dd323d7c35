"""Staff pages of the catalogue: lists, the item page with its workflow actions,
settings and the guide. Each mutating view calls exactly one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.decorators import staff_required
from gongkai.accounts.permissions import can_view_agency
from gongkai.agencies.models import Agency
from gongkai.disclosure import forms, services
from gongkai.disclosure.deadlines import publication_deadline
from gongkai.disclosure.models import Category, Guide, Item
from gongkai.disclosure.permissions import (
    agencies_draftable_by,
    agencies_managed_by,
    can_approve,
    can_draft,
    can_manage,
    can_review,
    can_view_item,
    can_withdraw,
    items_visible_to,
)
from gongkai.disclosure.selectors import publication_due_lists
from gongkai.workdays.errors import GongkaiError


def _item(request: HttpRequest, pk: int) -> Item:
    item = Item.objects.select_related("agency", "category").filter(pk=pk).first()
    if item is None or not can_view_item(request.user, item):
        raise Http404("没有找到该信息。")
    return item


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


def _form_errors(form: Any) -> list[str]:
    return [str(e) for errors in form.errors.values() for e in errors]


@staff_required
def item_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    items = items_visible_to(request.user).select_related("agency", "category")
    if status in Item.Status.values:
        items = items.filter(status=status)
    return render(
        request,
        "disclosure/staff/list.html",
        {
            "items": items[:200],
            "status": status,
            "statuses": Item.Status.choices,
            "can_create": agencies_draftable_by(request.user).exists(),
            "managed": agencies_managed_by(request.user),
        },
    )


@staff_required
def due_list(request: HttpRequest) -> HttpResponse:
    lists = publication_due_lists(
        items_visible_to(request.user), today=timezone.localdate()
    )
    return render(request, "disclosure/staff/due.html", {"lists": lists})


@staff_required
@require_http_methods(["GET", "POST"])
def item_create_view(request: HttpRequest) -> HttpResponse:
    agencies = agencies_draftable_by(request.user)
    if not agencies.exists():
        raise PermissionDenied("您没有编辑主动公开信息的权限。")
    if request.method == "GET":
        # First visit: give each agency its default categories and scheme, so the
        # form has choices. A POST never writes anything but the item itself.
        for agency in agencies:
            services.disclosure_setup(agency=agency)
    form = forms.ItemForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(
                agency=form.cleaned_data["agency"],
                acting_user=request.user,
                **form.service_fields(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已保存草稿。")
            return redirect("disclosure:detail", pk=item.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "disclosure/staff/form.html",
        {"form": form, "item": None},
        status=status,
    )


@staff_required
@require_http_methods(["GET", "POST"])
def item_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    if not can_draft(request.user, item.agency):
        raise PermissionDenied("您只能查看该信息，不能修改。")
    form = forms.ItemForm(
        request.POST or None,
        instance=Item.objects.get(pk=pk),
        agencies=Agency.objects.filter(pk=item.agency_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(
                item=item, acting_user=request.user, **form.service_fields()
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("disclosure:detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "disclosure/staff/form.html",
        {"form": form, "item": item},
        status=status,
    )


@staff_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    user = request.user
    deadline, problem = None, item.publication_due_problem
    if item.is_open:
        try:
            deadline = publication_deadline(item.agency, item.generated_on)
        except GongkaiError as exc:
            problem = exc.message_zh
    return render(
        request,
        "disclosure/staff/detail.html",
        {
            "item": item,
            "deadline": deadline,
            "due_problem": problem,
            "events": item.events.select_related("actor"),
            "attachments": item.attachments.all(),
            "may": {
                "draft": can_draft(user, item.agency),
                "review": can_review(user, item),
                "approve": can_approve(user, item),
                "withdraw": can_withdraw(user, item),
            },
            "review_form": forms.ReviewForm(),
            "note_form": forms.NoteForm(),
            "reason_form": forms.ReasonForm(),
            "abolish_form": forms.AbolishForm(),
            "change_form": forms.ChangeForm(
                initial={"changed_on": timezone.localdate()}
            ),
            "versions": services.chain(item).select_related("created_by")
            if item.original_id or item.versions.exists()
            else [],
            "attachment_form": forms.AttachmentForm(),
        },
    )


@staff_required
@require_GET
def attachment_download(
    request: HttpRequest, pk: int, attachment_id: int
) -> FileResponse:
    item = _item(request, pk)
    attachment = item.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404("没有找到该附件。")
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
    )


def _action(
    request: HttpRequest,
    pk: int,
    form_class: type[Any] | None,
    call: Callable[..., Any],
    done: str,
) -> HttpResponse:
    """Validate the action's form, call its one service, report, redirect."""
    item = _item(request, pk)
    form = form_class(request.POST, request.FILES) if form_class else None
    if form is not None and not form.is_valid():
        for error in _form_errors(form):
            messages.error(request, error)
        return redirect("disclosure:detail", pk=pk)
    try:
        call(item=item, acting_user=request.user, **(form.cleaned_data if form else {}))
    except ValidationError as exc:
        for error in _errors(exc):
            messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect("disclosure:detail", pk=pk)


@staff_required
@require_POST
def item_attach_view(request: HttpRequest, pk: int) -> HttpResponse:
    def call(*, item: Item, acting_user: Any, file: Any) -> None:
        services.item_attach(item=item, upload=file, acting_user=acting_user)

    return _action(request, pk, forms.AttachmentForm, call, "已上传附件。")


@staff_required
@require_POST
def item_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, None, services.item_submit, "已提交保密审查。")


@staff_required
@require_POST
def item_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request, pk, forms.ReviewForm, services.item_review, "已记录保密审查结果。"
    )


@staff_required
@require_POST
def item_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, forms.NoteForm, services.item_approve, "已审核通过。")


@staff_required
@require_POST
def item_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, forms.ReasonForm, services.item_return, "已退回修改。")


@staff_required
@require_POST
def item_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, None, services.item_publish, "已发布。")


@staff_required
@require_POST
def item_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, forms.ReasonForm, services.item_withdraw, "已撤回。")


@staff_required
@require_POST
def item_abolish_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request, pk, forms.AbolishForm, services.item_abolish, "已登记废止。"
    )


@staff_required
@require_POST
def item_change_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a new version of a published item; opens the new draft."""
    item = _item(request, pk)
    form = forms.ChangeForm(request.POST)
    if not form.is_valid():
        for error in _form_errors(form):
            messages.error(request, error)
        return redirect("disclosure:detail", pk=pk)
    try:
        new = services.item_change(
            item=item, acting_user=request.user, **form.cleaned_data
        )
    except ValidationError as exc:
        for error in _errors(exc):
            messages.error(request, error)
        return redirect("disclosure:detail", pk=pk)
    messages.success(
        request,
        f"已建立第{new.version_number}版变更稿，修改后提交保密审查；"
        "发布后替换现行版本，索引号不变。",
    )
    return redirect("disclosure:detail", pk=new.pk)


def _managed_agency(request: HttpRequest, code: str) -> Agency:
    agency = get_object_or_404(Agency, code=code)
    if not can_view_agency(request.user, agency):
        raise Http404("没有找到该机关。")
    if not can_manage(request.user, agency):
        raise PermissionDenied("只有本机关负责人或管理员可以修改。")
    return agency


@staff_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest, code: str) -> HttpResponse:
    agency = _managed_agency(request, code)
    current = services.disclosure_setup(agency=agency)
    form = forms.SettingsForm(
        request.POST or None,
        initial={
            "org_code": current.org_code,
            "credit_code": current.credit_code,
            "index_pattern": current.index_pattern,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(
                agency=agency, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "已保存主动公开设置。")
            return redirect("disclosure:settings", code=code)
    return render(
        request,
        "disclosure/staff/settings.html",
        {
            "agency": agency,
            "form": form,
            "category_form": forms.CategoryForm(),
            "categories": Category.objects.filter(agency=agency),
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_POST
def category_add_view(request: HttpRequest, code: str) -> HttpResponse:
    agency = _managed_agency(request, code)
    form = forms.CategoryForm(request.POST)
    if not form.is_valid():
        for error in _form_errors(form):
            messages.error(request, error)
        return redirect("disclosure:settings", code=code)
    try:
        services.category_add(
            agency=agency, acting_user=request.user, **form.cleaned_data
        )
    except ValidationError as exc:
        for error in _errors(exc):
            messages.error(request, error)
    else:
        messages.success(request, "已新增信息类别。")
    return redirect("disclosure:settings", code=code)


@staff_required
@require_http_methods(["GET", "POST"])
def guide_edit_view(request: HttpRequest, code: str) -> HttpResponse:
    agency = _managed_agency(request, code)
    guide = Guide.objects.filter(agency=agency).first()
    initial = {}
    if guide is None:
        initial = {
            "office_name": agency.office_name,
            "address": agency.address,
            "phone": agency.phone,
            "fax": agency.fax,
            "web_contact": agency.email,
        }
    form = forms.GuideForm(request.POST or None, instance=guide, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.guide_update(
                agency=agency,
                acting_user=request.user,
                **{f: form.cleaned_data[f] for f in services.GUIDE_FIELDS},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已更新政府信息公开指南。")
            return redirect("disclosure:guide-edit", code=code)
    return render(
        request,
        "disclosure/staff/guide_form.html",
        {"agency": agency, "form": form},
        status=400 if request.method == "POST" else 200,
    )
