"""The 机关管理员's form for a new API token."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone

from gongkai.api.models import Scope
from gongkai.cases.forms.fields import date_field


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label="用途（调用方系统）",
        max_length=100,
        error_messages={"required": "请填写令牌的用途。"},
    )
    scope = forms.ChoiceField(label="权限范围", choices=Scope.choices)
    acting_as = forms.ModelChoiceField(
        label="以哪位工作人员的身份",
        queryset=User.objects.none(),
        error_messages={
            "required": "请选择工作人员。",
            "invalid_choice": "请选择工作人员。",
        },
    )
    expires_on = date_field("有效期至", initial_today=False)

    def __init__(self, *args: Any, candidates: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["acting_as"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(pk__in=[u.pk for u in candidates])
        field.label_from_instance = lambda u: (  # type: ignore[method-assign,assignment]
            f"{u.get_full_name() or u.username}（{u.username}）"
        )
        self.initial.setdefault(
            "expires_on", timezone.localdate() + dt.timedelta(days=180)
        )
