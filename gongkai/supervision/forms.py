"""Forms of the supervision pages (Chinese error messages throughout)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.cases.forms import TrackForm
from gongkai.supervision.models import Rating, Reason


class EvaluationForm(TrackForm):
    """The applicant proves who they are as on /track/, then rates the reply."""

    rating = forms.ChoiceField(
        label="对答复的评价",
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择对答复的评价。",
            "invalid_choice": "请选择“满意”“基本满意”或“不满意”。",
        },
    )
    reasons = forms.MultipleChoiceField(
        label="原因（可多选）",
        choices=Reason.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "请从列出的原因中选择。"},
    )
    comment = forms.CharField(
        label="意见和建议",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "意见和建议不能超过500字。"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "comment" in data and "\x00" in data["comment"]:
            self.add_error("comment", "意见和建议中含有无法识别的字符。")
        return data


class BulletinCreateForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="通报机关",
        queryset=Agency.objects.none(),
        empty_label=None,
        error_messages={
            "required": "请选择通报机关。",
            "invalid_choice": "请选择您负责监督的机关。",
        },
    )
    year = forms.IntegerField(
        label="年度",
        min_value=2019,
        max_value=2100,
        error_messages={
            "required": "请填写年度。",
            "invalid": "年度应为数字。",
            "min_value": "年度不能早于2019年。",
            "max_value": "年度不正确。",
        },
    )
    quarter = forms.TypedChoiceField(
        label="季度",
        coerce=int,
        choices=[(1, "第一季度"), (2, "第二季度"), (3, "第三季度"), (4, "第四季度")],
        error_messages={
            "required": "请选择季度。",
            "invalid_choice": "季度应为第一至第四季度。",
        },
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("year", today.year)
            self.initial.setdefault("quarter", (today.month - 1) // 3 + 1)


class OpinionForm(forms.Form):
    number = forms.CharField(
        label="文号",
        required=False,
        max_length=60,
        error_messages={"max_length": "文号不能超过60字。"},
    )
    opinion = forms.CharField(
        label="通报意见",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"max_length": "通报意见不能超过5000字。"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("number", "opinion"):
            if "\x00" in data.get(name, ""):
                self.add_error(name, "含有无法识别的字符。")
        return data
