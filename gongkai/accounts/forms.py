from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.accounts.services import (
    login_locked_until,
    login_record_failure,
    login_record_success,
)


class LoginForm(AuthenticationForm):
    """Django's login form plus a per-username lock-out after repeated failures."""

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
        until = login_locked_until(username=username) if username else None
        if until is not None:
            local = timezone.localtime(until).strftime("%H:%M")
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"until": local}
            )
        try:
            data = super().clean()
        except forms.ValidationError:
            if username:
                login_record_failure(username=username)
            raise
        login_record_success(username=username)
        return data


class StaffCreateForm(forms.Form):
    username = forms.RegexField(
        label="用户名",
        regex=r"^[A-Za-z0-9_.-]{3,30}$",
        error_messages={
            "invalid": "用户名只能使用3—30位字母、数字、下划线、点或连字符。"
        },
    )
    full_name = forms.CharField(label="姓名", max_length=50)
    password = forms.CharField(
        label="初始密码", widget=forms.PasswordInput, strip=False
    )
    roles = forms.MultipleChoiceField(
        label="角色",
        choices=[c for c in Role.choices if c[0] != Role.SUPERVISOR],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一个角色。"},
    )
