"""One POST view per action on a case (POST-redirect-GET).

Each view: load the case through the access helper (404), check the role (403),
validate the action's form (invalid → the case page again with Chinese errors,
nothing saved), call exactly one service, add a message, redirect.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.cases.errors import CaseError, StaleCase
from gongkai.cases.forms import AttachmentForm
from gongkai.cases.permissions import Action, can_perform
from gongkai.cases.services import case_add_attachment, case_issue_letter
from gongkai.cases.views.action_specs import ActionSpec
from gongkai.cases.views.common import (
    ATTACHMENT_AUTO_ID,
    LABEL_SUFFIX,
    get_case_or_404,
    render_case_page,
    require_action,
)

View = Callable[[HttpRequest, int], HttpResponse]


def _detail(pk: int) -> str:
    return reverse("cases:detail", args=[pk])


def make_action_view(spec: ActionSpec) -> View:
    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        case = get_case_or_404(request, pk)
        require_action(request, case, spec)
        form = spec.form_class(
            request.POST, case=case, auto_id=spec.auto_id, label_suffix=LABEL_SUFFIX
        )
        if not form.is_valid():
            messages.error(request, f"{spec.title}：请改正下面标出的错误。")
            return render_case_page(request, case, bound={spec.slug: form}, status=400)
        try:
            spec.service(
                case=case,
                acting_user=request.user,
                expected_version=form.cleaned_data["version"],
                **form.service_kwargs(),
            )
        except StaleCase as exc:
            messages.error(request, exc.message_zh)
            return redirect(_detail(pk))
        except CaseError as exc:
            form.add_error(None, exc.message_zh)
            messages.error(request, f"{spec.title}：{exc.message_zh}")
            return render_case_page(request, case, bound={spec.slug: form}, status=400)
        messages.success(request, spec.success)
        return redirect(_detail(pk))

    view.__name__ = f"case_{spec.slug.replace('-', '_')}"
    return view


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_or_404(request, pk)
    if not can_perform(request.user, case, Action.ADD_ATTACHMENT):
        from django.core.exceptions import PermissionDenied

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


@login_required
@require_POST
def letter_issue(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_or_404(request, pk)
    if not can_perform(request.user, case, Action.GENERATE_LETTER):
        from django.core.exceptions import PermissionDenied

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
