"""Access helpers and the case page shared by the staff views."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.cases.forms import AttachmentForm
from gongkai.cases.models import Case
from gongkai.cases.permissions import Action, can_perform, can_view_personal_data
from gongkai.cases.selectors import case_for_user
from gongkai.cases.services import letter_kinds_available
from gongkai.web.actions import ActionSpec
from gongkai.web.forms import LABEL_SUFFIX

__all__ = [
    "ATTACHMENT_AUTO_ID",
    "LABEL_SUFFIX",
    "case_page",
    "get_case_or_404",
]

#: The attachment form's element ids, apart from every action form's.
ATTACHMENT_AUTO_ID = "id_attachment_%s"


def get_case_or_404(request: HttpRequest, pk: int) -> Case:
    """The case if the user may see it; 404 otherwise (its existence is not disclosed)."""
    case = case_for_user(request.user, pk)
    if case is None:
        raise Http404("没有找到该申请。")
    return case


def _action_forms(
    request: HttpRequest,
    case: Case,
    actions: Sequence[ActionSpec[Case]],
    bound: Mapping[str, forms.BaseForm],
) -> list[tuple[ActionSpec[Case], forms.BaseForm]]:
    offered = []
    for spec in actions:
        if not spec.available(case) or not spec.allowed(request.user, case):
            continue
        offered.append((spec, bound.get(spec.slug) or spec.form(case)))
    return offered


def case_page(
    request: HttpRequest,
    case: Case,
    *,
    actions: Sequence[ActionSpec[Case]],
    bound: Mapping[str, forms.BaseForm] | None = None,
    status: int = 200,
    reveal: bool = False,
) -> HttpResponse:
    """The case page, offering ``actions`` that fit (``bound`` forms shown as sent)."""
    bound = bound or {}
    can_letters = can_perform(request.user, case, Action.GENERATE_LETTER)
    consultations = list(case.consultations.all())
    context = {
        "case": case,
        "events": case.events.select_related("actor").order_by("at", "pk"),
        "consultations": consultations,
        # Third parties' names, masked in the case's free text for viewers
        # who are not its case workers (cases_tags.case_text).
        "third_parties": [c.party for c in consultations if c.kind == "third_party"],
        "attachments": case.attachments.all(),
        "letters": case.letters.select_related("rendition").order_by(
            "created_at", "pk"
        ),
        "notifications": case.notifications.exclude(channel="inbox").order_by(
            "created_at", "pk"
        ),
        "letter_kinds": letter_kinds_available(case) if can_letters else [],
        "clocks": (case.clocks or {}).get("clocks", []),
        "receipt": (case.clocks or {}).get("receipt"),
        "action_forms": _action_forms(request, case, actions, bound),
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
