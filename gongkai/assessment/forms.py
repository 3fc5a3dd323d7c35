"""Forms of the assessment pages (Chinese error messages throughout)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.assessment import indicators as ind
from gongkai.assessment.models import Indicator
from gongkai.cases.forms.application import MultipleFileField
from gongkai.web.forms import LABEL_SUFFIX, ActionForm


def _decimal(
    label: str, *, required: bool = True, places: int = 2
) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=6,
        decimal_places=places,
        error_messages={
            "required": f"请填写{label}。",
            "invalid": f"{label}应为数字。",
            "max_digits": f"{label}的数字太长。",
            "max_decimal_places": f"{label}最多{places}位小数。",
            "max_whole_digits": f"{label}的数字太大。",
        },
    )


class AssessmentCreateForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="考核机关",
        queryset=Agency.objects.none(),
        empty_label=None,
        error_messages={
            "required": "请选择考核机关。",
            "invalid_choice": "请选择您负责监督的机关。",
        },
    )
    year = forms.IntegerField(
        label="考核年度",
        min_value=2019,
        max_value=2100,
        error_messages={
            "required": "请填写考核年度。",
            "invalid": "考核年度应为四位数字。",
            "min_value": "考核年度不能早于2019年。",
            "max_value": "考核年度无效。",
        },
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["year"].initial = timezone.localdate().year - 1


FIGURE_CHOICES = [("", "（人工评分，无自动数据）")] + [
    (key, figure.label) for key, figure in ind.FIGURES.items()
]


class IndicatorForm(forms.Form):
    """One row of the indicator set; ``DELETE`` (from the formset) drops it."""

    key = forms.SlugField(
        label="指标代码",
        max_length=40,
        error_messages={
            "required": "请填写指标代码。",
            "invalid": "指标代码只能由英文字母、数字、下划线和连字符组成。",
        },
    )
    name = forms.CharField(
        label="指标名称",
        max_length=60,
        error_messages={
            "required": "请填写指标名称。",
            "max_length": "指标名称不能超过60字。",
        },
    )
    kind = forms.ChoiceField(
        label="计分方法",
        choices=[("", "请选择")]
        + [(k.value, label) for k, label in ind.KIND_LABELS.items()],
        error_messages={
            "required": "请选择计分方法。",
            "invalid_choice": "请选择列出的计分方法。",
        },
    )
    figure = forms.ChoiceField(
        label="自动计算的数据",
        choices=FIGURE_CHOICES,
        required=False,
        error_messages={"invalid_choice": "请选择列出的数据。"},
    )
    max_score = _decimal("分值")
    weight = _decimal("权重")
    low = _decimal("下限比率", required=False, places=4)
    high = _decimal("上限比率", required=False, places=4)
    per = _decimal("每件扣分", required=False)
    when_none = forms.ChoiceField(
        label="无可计量记录时",
        choices=[("", "按满分计（默认）"), *ind.WHEN_NONE.items()],
        required=False,
        error_messages={"invalid_choice": "请选择“按满分计”或“按零分计”。"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A row of a table: each input is named by its column's heading for
        # screen readers (a visually hidden label would overflow the table's
        # scrolling box).
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = str(field.label)

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if "\x00" in name:
            raise forms.ValidationError("指标名称中含有无法识别的字符。")
        return name

    def indicator(self) -> ind.Indicator:
        data = self.cleaned_data
        params = {
            name: str(data[name])
            for name in ("low", "high", "per", "when_none")
            if data.get(name) not in (None, "")
        }
        return ind.Indicator(
            key=data["key"],
            name=data["name"],
            kind=ind.Kind(data["kind"]),
            max_score=data["max_score"],
            weight=data["weight"],
            figure=data.get("figure") or "",
            params=params,
        )


class BaseIndicatorFormSet(forms.BaseFormSet[IndicatorForm]):
    def add_fields(self, form: IndicatorForm, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "删除"
            form.fields["DELETE"].widget.attrs["aria-label"] = "删除"

    def indicators(self) -> list[ind.Indicator]:
        return [
            form.indicator()
            for form in self.forms
            if form.has_changed() or form.initial
            if not form.cleaned_data.get("DELETE")
        ]


IndicatorFormSet = forms.formset_factory(
    IndicatorForm,
    formset=BaseIndicatorFormSet,
    extra=1,
    can_delete=True,
    max_num=30,
    validate_max=True,
)


def initial_rows(indicators: list[Indicator]) -> list[dict[str, Any]]:
    """The stored indicators as the formset's initial rows."""
    rows = []
    for i in indicators:
        params = i.params or {}
        rows.append(
            {
                "key": i.key,
                "name": i.name,
                "kind": i.kind,
                "figure": i.figure,
                "max_score": i.max_score,
                "weight": i.weight,
                "low": params.get("low"),
                "high": params.get("high"),
                "per": params.get("per"),
                "when_none": params.get("when_none", "full"),
            }
        )
    return rows


class ManualScoreForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label="指标",
        queryset=Indicator.objects.none(),
        empty_label=None,
        error_messages={
            "required": "请选择指标。",
            "invalid_choice": "请选择本考核的人工评分指标。",
        },
    )
    score = _decimal("得分")
    reason = forms.CharField(
        label="评分理由",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "请填写评分理由。",
            "max_length": "评分理由不能超过2000字。",
        },
    )
    evidence = MultipleFileField(label="佐证材料（可多选）", required=False)

    def __init__(
        self, *args: Any, indicators: QuerySet[Indicator], **kwargs: Any
    ) -> None:
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators  # type: ignore[attr-defined]

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"]
        if "\x00" in reason:
            raise forms.ValidationError("评分理由中含有无法识别的字符。")
        return reason

    def clean_score(self) -> Decimal:
        score: Decimal = self.cleaned_data["score"]
        if score < 0:
            raise forms.ValidationError("得分不能为负数。")
        return score


class ReturnForm(ActionForm):
    reason = forms.CharField(
        label="退回理由",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "请填写退回理由。",
            "max_length": "退回理由不能超过2000字。",
        },
    )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].replace("\x00", "")
        if not reason.strip():
            raise forms.ValidationError("请填写退回理由。")
        return reason
