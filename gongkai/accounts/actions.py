"""The actions on an account: roles granted and revoked, deactivation, a reset.

Each row becomes one URL and one POST view (``gongkai.web.actions``); every view
loads the account through :func:`get_account_or_404` (an account the signed-in
administrator does not manage is a 404) and calls one service of
``gongkai.accounts.services``, which checks the rules again and records the change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from gongkai.accounts import forms, services
from gongkai.accounts.models import Membership, StaffProfile
from gongkai.accounts.permissions import (
    accounts_managed_by,
    can_manage_account,
    manageable_agencies,
)
from gongkai.accounts.users import AnyUser
from gongkai.agencies.models import Agency
from gongkai.errors import DomainError
from gongkai.web.actions import ActionSpec, ActionTarget


@dataclass(frozen=True)
class ManagedAccount:
    """An account as one administrator sees it: with the agencies they manage."""

    user: User
    agencies: QuerySet[Agency]


def get_account_or_404(request: HttpRequest, pk: int) -> ManagedAccount:
    """An account the signed-in administrator manages, else 404."""
    account = (
        accounts_managed_by(request.user)
        .filter(pk=pk)
        .select_related("staff_profile__agency")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("agency").order_by(
                    "agency__path", "role"
                ),
            )
        )
        .first()
    )
    if account is None:
        raise Http404("没有找到该账号，或该账号不归您管理。")
    return ManagedAccount(account, manageable_agencies(request.user).order_by("path"))


def _profile(account: User) -> StaffProfile | None:
    try:
        return account.staff_profile
    except StaffProfile.DoesNotExist:
        return None


def render_account_page(
    request: HttpRequest,
    managed: ManagedAccount,
    *,
    bound: Mapping[str, django_forms.BaseForm] | None = None,
    error: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    """The account's page: its roles and every action that fits."""
    bound = bound or {}
    account = managed.user
    reach = {a.pk for a in managed.agencies}
    forms_by_slug = {
        spec.slug: bound.get(spec.slug) or spec.form(managed)
        for spec in ACCOUNT_SPECS
        if spec.available(managed)
    }
    return render(
        request,
        "accounts/account_detail.html",
        {
            "account": account,
            "profile": _profile(account),
            "memberships": list(account.memberships.all()),
            "reach": reach,
            "actions": [
                (spec, forms_by_slug[spec.slug])
                for spec in ACCOUNT_SPECS
                if spec.slug in forms_by_slug and spec.slug != "revoke-role"
            ],
            "revoke_form": forms_by_slug.get("revoke-role"),
            "error": error,
        },
        status=status,
    )


def _account_url(managed: ManagedAccount) -> str:
    return reverse("accounts:account-detail", args=[managed.user.pk])


ACCOUNT = ActionTarget[ManagedAccount](
    name="account",
    load=get_account_or_404,
    render=render_account_page,
    url=_account_url,
    form_kwargs=lambda spec, managed: {
        "account": managed.user,
        "agencies": managed.agencies,
        "auto_id": spec.auto_id,
    },
)


def _on_user(service: Callable[..., Any]) -> Callable[..., Any]:
    """The service, called with the account's user rather than the wrapper."""

    def call(*, account: ManagedAccount, **kwargs: Any) -> Any:
        return service(account=account.user, **kwargs)

    return call


def _may(user: AnyUser, managed: ManagedAccount) -> bool:
    return can_manage_account(user, managed.user)


def _active(managed: ManagedAccount) -> bool:
    return managed.user.is_active


ACCOUNT_SPECS: tuple[ActionSpec[ManagedAccount], ...] = (
    ActionSpec(
        slug="grant-role",
        target=ACCOUNT,
        title="授予角色",
        form_class=forms.RoleGrantForm,
        service=_on_user(services.role_grant),
        success="已授予角色。",
        allowed=_may,
        forbidden="该账号不归您管理。",
        button="授予",
    ),
    ActionSpec(
        slug="revoke-role",
        target=ACCOUNT,
        title="撤销角色",
        form_class=forms.RoleRevokeForm,
        service=_on_user(services.role_revoke),
        success="已撤销角色。",
        allowed=_may,
        forbidden="该账号不归您管理。",
        available=lambda managed: bool(managed.user.memberships.all()),
        button="撤销",
        danger=True,
    ),
    ActionSpec(
        slug="reset-password",
        target=ACCOUNT,
        title="重置密码",
        form_class=forms.PasswordResetForm,
        service=_on_user(services.staff_reset_password),
        success="已设置临时密码。请另行告知本人，本人下次登录时须修改密码。",
        allowed=_may,
        forbidden="该账号不归您管理。",
        available=_active,
        button="重置密码",
    ),
    ActionSpec(
        slug="deactivate",
        target=ACCOUNT,
        title="停用账号",
        form_class=forms.AccountEmptyForm,
        service=_on_user(services.staff_deactivate),
        success="账号已停用，已不能登录。",
        allowed=_may,
        forbidden="该账号不归您管理。",
        available=_active,
        button="停用账号",
        danger=True,
    ),
    ActionSpec(
        slug="reactivate",
        target=ACCOUNT,
        title="恢复账号",
        form_class=forms.AccountEmptyForm,
        service=_on_user(services.staff_reactivate),
        success="账号已恢复，可以登录。",
        allowed=_may,
        forbidden="该账号不归您管理。",
        available=lambda managed: not managed.user.is_active,
        button="恢复账号",
    ),
)
