"""Access helpers and the case page shared by the staff views."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.cases.models import Case
from gongkai.cases.permissions import (
    can_perform,
    can_view_case,
    can_view_personal_data,
)
from gongkai.cases.views.action_specs import ACTION_SPECS, ActionSpec

__all__ = [
    "ATTACHMENT_AUTO_ID",
    "LABEL_SUFFIX",
    "get_case_or_404",
    "login_required",
    "render_case_page",
]

#: Chinese labels end with the full-width colon (Django's default is ":").
LABEL_SUFFIX = "："

#: The attachment form's element ids, apart from every action form's.
ATTACHMENT_AUTO_ID = "id_attachment_%s"


def get_case_or_404(request: HttpRequest, pk: int) -> Case:
    """The case if the user may see it; 404 otherwise (its existence is not disclosed)."""
    case = (
        Case.objects.select_related(
            "agency", "assignee", "extension_approved_by", "possible_duplicate_of"
        )
        .filter(pk=pk)
        .first()
    )
    if case is None or not can_view_case(request.user, case):
        raise Http404("没有找到该申请。")
    return case


def require_action(request: HttpRequest, case: Case, spec: ActionSpec) -> None:
    if not can_perform(request.user, case, spec.action):
        raise PermissionDenied("您没有办理此项操作的权限。")


def _action_forms(
    request: HttpRequest, case: Case, bound: dict[str, Any]
) -> list[tuple[ActionSpec, Any]]:
    forms = []
    for spec in ACTION_SPECS:
        if not spec.available(case) or not can_perform(request.user, case, spec.action):
            continue
        form = bound.get(spec.slug) or spec.form_class(
            case=case, auto_id=spec.auto_id, label_suffix=LABEL_SUFFIX
        )
        forms.append((spec, form))
    return forms


def render_case_page(
    request: HttpRequest,
    case: Case,
    *,
    bound: dict[str, Any] | None = None,
    status: int = 200,
    reveal: bool = False,
) -> HttpResponse:
    from gongkai.cases.forms import AttachmentForm
    from gongkai.cases.permissions import Action
    from gongkai.cases.services import letter_kinds_available

    bound = bound or {}
    can_letters = can_perform(request.user, case, Action.GENERATE_LETTER)
    context = {
        "case": case,
        "events": case.events.select_related("actor").order_by("at", "pk"),
        "consultations": case.consultations.all(),
        "attachments": case.attachments.all(),
        "letters": case.letters.order_by("created_at", "pk"),
        "letter_kinds": letter_kinds_available(case) if can_letters else [],
        "clocks": (case.clocks or {}).get("clocks", []),
        "receipt": (case.clocks or {}).get("receipt"),
        "action_forms": _action_forms(request, case, bound),
        "attachment_form": bound.get("attachment")
        or (
            AttachmentForm(
                case=case, auto_id=ATTACHMENT_AUTO_ID, label_suffix=LABEL_SUFFIX
            )
            if can_perform(request.user, case, Action.ADD_ATTACHMENT)
            else None
        ),
        "can_see_personal_data": can_view_personal_data(request.user, case),
        "reveal": reveal,
    }
    return render(request, "cases/case_detail.html", context, status=status)
