"""Forms of the data center pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from gongkai.annual.commands.audit import SUFFIXES

ACCEPT = ",".join(sorted(SUFFIXES | {".zip"}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"multiple": True, "accept": ACCEPT})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if not isinstance(data, (list, tuple)):
            data = [data] if data else []
        return [single(d, initial) for d in data if d]


class UploadForm(forms.Form):
    scope = forms.ChoiceField(label="数据范围")
    reports = MultipleFileField(
        label="年度报告文件",
        help_text=(
            "可一次选择多个文件（文本、网页、Word、PDF），或一个包含它们的 ZIP 压缩包；"
            "超过 100 个文件请打包成 ZIP 上传。"
        ),
        required=False,
    )
    urls = forms.CharField(
        label="从内网镜像下载（每行一个网址）",
        required=False,
        max_length=500_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="只能是管理员允许的内网主机；由后台进程下载并解析。",
    )

    def __init__(
        self, *args: Any, scopes: dict[str, str], fetching: bool, **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)
        if not fetching:
            del self.fields["urls"]
        field = self.fields["scope"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = list(scopes.items())
        if len(scopes) == 1:
            field.initial = next(iter(scopes))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("reports") and not (data.get("urls") or "").strip():
            if not self.errors:
                self.add_error("reports", "请选择要上传的文件。")
        return data


class CorrectionForm(forms.Form):
    ref = forms.ChoiceField(label="单元格")
    value = forms.CharField(
        label="更正值",
        required=False,
        max_length=40,
        help_text="填数字；留空表示原文该格为空白；也可填“/”等原文文字。",
    )
    reason = forms.CharField(
        label="理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请说明更正的理由。"},
    )

    def __init__(self, *args: Any, cells: list[tuple[str, str]], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "：")
        super().__init__(*args, **kwargs)
        field = self.fields["ref"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = cells
