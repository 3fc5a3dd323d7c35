"""Staff pages of the import: upload, templates, the batch page (preview, confirm)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.decorators import staff_required
from gongkai.imports import applications, catalogue, disputes
from gongkai.imports.errors import ImportRefused
from gongkai.imports.forms import UploadForm
from gongkai.imports.models import Kind
from gongkai.imports.permissions import agencies_importable_by, batches_visible_to
from gongkai.imports.services import import_confirm, import_upload
from gongkai.imports.sheets import template
from gongkai.web.forms import LABEL_SUFFIX

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATES = {
    Kind.APPLICATIONS: ("依申请公开件", applications.COLUMNS, applications.EXAMPLE),
    Kind.DISPUTES: (disputes.TITLE, disputes.COLUMNS, disputes.EXAMPLE),
    Kind.CATALOGUE: (catalogue.TITLE, catalogue.COLUMNS, catalogue.EXAMPLE),
}


@staff_required
@require_http_methods(["GET", "POST"])
def batch_list(request: HttpRequest) -> HttpResponse:
    agencies = agencies_importable_by(request.user)
    if not agencies.exists():
        raise PermissionDenied("只有机关的负责人或机关管理员可以导入历史记录。")
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        agencies=agencies,
        label_suffix=LABEL_SUFFIX,
    )
    if request.method == "POST" and form.is_valid():
        try:
            batch = import_upload(
                agency=form.cleaned_data["agency"],
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                acting_user=request.user,
            )
        except ImportRefused as exc:
            form.add_error(
                exc.field if exc.field in form.fields else None, exc.message_zh
            )
        else:
            return redirect("imports:detail", pk=batch.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "imports/batch_list.html",
        {
            "form": form,
            "batches": batches_visible_to(request.user)[:50],
            "kinds": Kind.choices,
        },
        status=status,
    )


@staff_required
@require_GET
def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in Kind.values:
        raise Http404("没有这种导入内容。")
    title, columns, example = TEMPLATES[Kind(kind)]
    response = HttpResponse(template(title, columns, example), content_type=XLSX)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{_quote(f'导入模板-{title}.xlsx')}"
    )
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@staff_required
@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(batches_visible_to(request.user), pk=pk)
    return render(request, "imports/batch_detail.html", {"batch": batch})


@staff_required
@require_POST
def batch_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(batches_visible_to(request.user), pk=pk)
    try:
        import_confirm(batch=batch, acting_user=request.user)
    except ImportRefused as exc:
        messages.error(request, exc.message_zh)
    else:
        messages.success(request, "已确认导入，正在后台写入。")
    return redirect("imports:detail", pk=batch.pk)
