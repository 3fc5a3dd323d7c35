from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.services import login_begin, login_failed, login_succeeded
from gongkai.agencies.models import Agency
from gongkai.web.forms import LABEL_SUFFIX, ActionForm


class LoginForm(AuthenticationForm):
    """Django's login form plus lock-outs by account + address, address, and account."""

    error_messages = {
        "invalid_login": "用户名或密码不正确。连续多次错误后账号将被暂时锁定。",
        "inactive": "该账号已停用。",
        "locked": "登录失败次数过多，账号已暂时锁定，请于 %(until)s 后再试。",
    }

    def __init__(
        self, request: HttpRequest | None = None, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名"
        self.fields["password"].label = "密码"

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if not username:
            return super().clean()
        ip = (self.request.META.get("REMOTE_ADDR") if self.request else "") or "unknown"
        attempt = login_begin(username=username, ip=ip)
        if attempt.refused:
            until = timezone.localtime() + dt.timedelta(seconds=attempt.refused_for)
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"until": until.strftime("%H:%M")},
            )
        try:
            data = super().clean()
        except forms.ValidationError:
            login_failed(attempt, username=username, ip=ip)
            raise
        login_succeeded(attempt)
        return data


def _password_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text="至少10位，含大写字母、小写字母、数字、符号中的三类；对方首次登录时须改为自己的密码。",
    )


def _agency_field() -> forms.ModelChoiceField[Agency]:
    return forms.ModelChoiceField(
        label="机关",
        queryset=Agency.objects.none(),
        empty_label="请选择机关",
        error_messages={"invalid_choice": "请选择您管理的机关。"},
    )


#: Every role, as the checkbox or select lists it.
ROLE_CHOICES = Role.choices


class StaffCreateForm(forms.Form):
    """A new account: its home agency, name, initial password and roles there."""

    agency = _agency_field()
    username = forms.RegexField(
        label="用户名",
        regex=r"^[A-Za-z0-9_.-]{3,30}$",
        help_text="登录用，3—30位字母、数字、下划线、点或连字符。",
        error_messages={
            "invalid": "用户名只能使用3—30位字母、数字、下划线、点或连字符。"
        },
    )
    full_name = forms.CharField(label="姓名", max_length=50)
    password = _password_field("初始密码")
    roles = forms.MultipleChoiceField(
        label="角色",
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个角色。"},
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Agency]", self.fields["agency"])
        field.queryset = agencies
        if agencies.count() == 1:
            field.initial = agencies.first()


class AccountActionForm(ActionForm):
    """An action on an account; the agencies the acting administrator manages."""

    def __init__(
        self, *args: Any, account: User, agencies: QuerySet[Agency], **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
        self.account = account
        self.agencies = agencies


class AccountEmptyForm(AccountActionForm):
    """The button is the whole input (deactivate, reactivate)."""


class RoleGrantForm(AccountActionForm):
    agency = _agency_field()
    role = forms.ChoiceField(label="角色", choices=[("", "请选择角色"), *ROLE_CHOICES])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Agency]", self.fields["agency"])
        field.queryset = self.agencies
        if self.agencies.count() == 1:
            field.initial = self.agencies.first()

    def service_kwargs(self) -> dict[str, Any]:
        return {
            "agency": self.cleaned_data["agency"],
            "role": Role(self.cleaned_data["role"]),
        }


class RoleRevokeForm(AccountActionForm):
    membership = forms.ModelChoiceField(
        label="角色",
        queryset=Membership.objects.none(),
        error_messages={"invalid_choice": "该角色已不存在或不归您管理。"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            "forms.ModelChoiceField[Membership]", self.fields["membership"]
        ).queryset = Membership.objects.filter(
            user=self.account, agency__in=self.agencies
        )


class PasswordResetForm(AccountActionForm):
    password = _password_field("临时密码")

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password, self.account)
        return password


class SeparationForm(forms.Form):
    """分权审批 of one agency the administrator manages: on or off, and why."""

    agency = _agency_field()
    enabled = forms.TypedChoiceField(
        label="分权审批",
        choices=[("1", "开启（拟定人、申请人、提交人不得自行审批）"), ("0", "关闭")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        error_messages={"required": "请选择开启或关闭。"},
    )
    reason = forms.CharField(
        label="理由（关闭时必填，例如本机关只有一名工作人员）",
        required=False,
        max_length=200,
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
        cast(
            "forms.ModelChoiceField[Agency]", self.fields["agency"]
        ).queryset = agencies
