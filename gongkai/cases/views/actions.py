"""POST views on a case outside the action table: attachments and letters.

The state transitions are generated from ``action_specs.ACTION_SPECS`` by
``gongkai.web.actions.action_view`` (see ``cases/urls.py``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.accounts.decorators import staff_required
from gongkai.cases.errors import CaseError
from gongkai.cases.forms import AttachmentForm
from gongkai.cases.permissions import Action, can_perform
from gongkai.cases.services import case_add_attachment, case_issue_letter
from gongkai.cases.views.action_specs import render_case_page
from gongkai.cases.views.common import ATTACHMENT_AUTO_ID, get_case_or_404
from gongkai.web.forms import LABEL_SUFFIX


def _detail(pk: int) -> str:
    return reverse("cases:detail", args=[pk])


@staff_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_or_404(request, pk)
    if not can_perform(request.user, case, Action.ADD_ATTACHMENT):
        raise PermissionDenied("您没有添加材料的权限。")
    form = AttachmentForm(
        request.POST,
        request.FILES,
        case=case,
        auto_id=ATTACHMENT_AUTO_ID,
        label_suffix=LABEL_SUFFIX,
    )
    if not form.is_valid():
        messages.error(request, "添加材料：请改正下面标出的错误。")
        return render_case_page(request, case, bound={"attachment": form}, status=400)
    case_add_attachment(case=case, acting_user=request.user, **form.service_kwargs())
    messages.success(request, "材料已保存。")
    return redirect(_detail(pk))


@staff_required
@require_POST
def letter_issue(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_or_404(request, pk)
    if not can_perform(request.user, case, Action.GENERATE_LETTER):
        raise PermissionDenied("您没有制发文书的权限。")
    try:
        letter = case_issue_letter(
            case=case, kind=request.POST.get("kind", ""), acting_user=request.user
        )
    except CaseError as exc:
        messages.error(request, f"制发文书：{exc.message_zh}")
        return redirect(_detail(pk))
    messages.success(request, f"已制发《{letter.title}》（{letter.number}）。")
    return redirect(_detail(pk))
