"""The upload form."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from gongkai.agencies.models import Agency
from gongkai.imports.models import Kind


class UploadForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="机关",
        queryset=Agency.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "请选择机关。", "required": "请选择机关。"},
    )
    kind = forms.ChoiceField(label="导入内容", choices=Kind.choices)
    file = forms.FileField(
        label="Excel文件（.xlsx，用下方模板填写）",
        error_messages={"required": "请选择要上传的文件。", "empty": "文件是空的。"},
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            "forms.ModelChoiceField[Agency]", self.fields["agency"]
        ).queryset = agencies
