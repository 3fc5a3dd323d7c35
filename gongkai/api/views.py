"""机关管理员: the agency's API tokens (create, key shown once, revoke) and the log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)

from gongkai.accounts.decorators import staff_required
from gongkai.accounts.models import Role
from gongkai.accounts.permissions import can_manage_staff
from gongkai.accounts.users import staff_user
from gongkai.agencies.models import Agency
from gongkai.api.errors import ApiTokenError
from gongkai.api.forms import TokenCreateForm
from gongkai.api.models import ApiToken, ApiTokenEvent
from gongkai.api.services import acting_candidates, api_token_create, api_token_revoke
from gongkai.web.forms import LABEL_SUFFIX

LOG_SIZE = 50


def _managed(request: HttpRequest, agency_id: int) -> Agency:
    agency = get_object_or_404(Agency, pk=agency_id)
    if not can_manage_staff(request.user, agency):
        raise PermissionDenied("只有本机关的机关管理员可以管理接口令牌。")
    return agency


@staff_required
@require_GET
def token_home(request: HttpRequest) -> HttpResponse:
    """The agencies whose tokens the user manages; straight there when one."""
    agencies = Agency.objects.filter(
        memberships__user=staff_user(request.user), memberships__role=Role.ADMIN
    ).order_by("path")
    if len(agencies) == 1:
        return redirect("api-tokens:list", agency_id=agencies[0].pk)
    if not agencies:
        raise PermissionDenied("只有机关管理员可以管理接口令牌。")
    return render(request, "api/token_home.html", {"agencies": agencies})


@staff_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = _managed(request, agency_id)
    form = TokenCreateForm(
        request.POST or None,
        candidates=acting_candidates(agency),
        label_suffix=LABEL_SUFFIX,
    )
    new_key = ""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                _, new_key = api_token_create(
                    agency=agency, acting_user=request.user, **form.cleaned_data
                )
            except ApiTokenError as exc:
                form.add_error(exc.field, exc.message_zh)
            else:
                # The key is shown on this answer only: no redirect, never stored.
                status = 201
                form = TokenCreateForm(
                    candidates=acting_candidates(agency), label_suffix=LABEL_SUFFIX
                )
    tokens = ApiToken.objects.filter(agency=agency).select_related("acting_as")
    log = (
        ApiTokenEvent.objects.filter(token__agency=agency)
        .select_related("token", "actor")
        .order_by("-at", "-pk")[:LOG_SIZE]
    )
    return render(
        request,
        "api/token_list.html",
        {
            "agency": agency,
            "form": form,
            "tokens": tokens,
            "log": log,
            "new_key": new_key,
            "log_size": LOG_SIZE,
            "today": timezone.localdate(),
        },
        status=status,
    )


@staff_required
@require_POST
def token_revoke(request: HttpRequest, agency_id: int, pk: int) -> HttpResponse:
    agency = _managed(request, agency_id)
    token = get_object_or_404(ApiToken, agency=agency, pk=pk)
    try:
        api_token_revoke(token=token, acting_user=request.user)
    except ApiTokenError as exc:
        messages.error(request, exc.message_zh)
    else:
        messages.success(request, f"已吊销令牌“{token.name}”。")
    return redirect("api-tokens:list", agency_id=agency.pk)
