"""Forms of the catalogue pages: they validate input; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.disclosure.models import ART20_LABEL, Art20Item, Category, Guide, Item
from gongkai.law import provisions as law
from gongkai.web.forms import IsoDateInput

DATE_WIDGET = IsoDateInput()


class ItemForm(forms.ModelForm):
    agency = forms.ModelChoiceField(
        label="机关", queryset=Agency.objects.none(), empty_label=None
    )

    class Meta:
        model = Item
        fields = (
            "title",
            "summary",
            "generated_on",
            "doc_number",
            "publisher",
            "category",
            "art20_item",
            "body",
        )
        widgets = {
            "generated_on": DATE_WIDGET,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 12}),
        }
        error_messages = {
            "title": {"required": "请填写名称。"},
            "summary": {"required": "请填写内容概述。"},
            "generated_on": {
                "required": "请填写生成日期。",
                "invalid": "生成日期格式不对，应为“2026-03-02”的形式。",
            },
            "category": {
                "required": "请选择信息类别。",
                "invalid_choice": "请选择本机关的信息类别。",
            },
            "art20_item": {"required": f"请选择所属{ART20_LABEL}项目。"},
        }

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            "forms.ModelChoiceField[Agency]", self.fields["agency"]
        ).queryset = agencies
        self.fields["publisher"].required = False
        self.fields["publisher"].help_text = "留空则为本机关名称。"
        category = cast("forms.ModelChoiceField[Category]", self.fields["category"])
        category.queryset = Category.objects.filter(agency__in=agencies).select_related(
            "agency"
        )
        single = agencies.count() == 1
        category.label_from_instance = lambda c: (  # type: ignore[method-assign,assignment]  # per-instance override; stubs see a method
            c.name if single else f"{c.agency.display_name}：{c.name}"
        )
        if self.instance.pk:
            self.fields.pop("agency")

    def clean_generated_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["generated_on"]
        if value.year < 1949 or value.year > 2100:
            raise forms.ValidationError("生成日期不在合理范围内。")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        agency = data.get("agency") or (
            self.instance.agency if self.instance.pk else None
        )
        category = data.get("category")
        if (
            agency is not None
            and category is not None
            and category.agency_id != agency.pk
        ):
            self.add_error("category", "请选择本机关的信息类别。")
        return data

    def service_fields(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="附件", error_messages={"required": "请选择要上传的文件。"}
    )


class ReviewForm(forms.Form):
    result = forms.ChoiceField(
        label="保密审查结果",
        choices=Item.ReviewResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择保密审查结果。"},
    )
    basis = forms.CharField(
        label="审查依据和意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="依据《中华人民共和国保守国家秘密法》等法律法规；不能确定的，注明已报有关主管部门或者保密行政管理部门确定。",
        error_messages={"required": "请填写审查依据和意见。"},
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写理由。"},
    )


class AbolishForm(forms.Form):
    abolished_on = forms.DateField(
        label="废止日期",
        widget=DATE_WIDGET,
        error_messages={
            "required": "请填写废止日期。",
            "invalid": "废止日期格式不对，应为“2026-03-02”的形式。",
        },
    )
    abolishing_document = forms.CharField(
        label="废止文件",
        max_length=200,
        help_text="废止该文件的文件名称和文号。",
        error_messages={"required": "请填写废止文件。"},
    )


class ChangeForm(forms.Form):
    """Start a change (变更) of a published item: a new version to review again."""

    changed_on = forms.DateField(
        label="变更日期",
        widget=DATE_WIDGET,
        help_text=(
            "该信息变更之日；新版本的公开期限自此日起算"
            f"（{law.ART_26.short_quoted_zh}）。"
        ),
        error_messages={
            "required": "请填写变更日期。",
            "invalid": "变更日期格式不对，应为“2026-03-02”的形式。",
        },
    )
    change_note = forms.CharField(
        label="变更说明",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="变更了什么、为什么变更；将在公开目录的变更记录中显示。",
        error_messages={"required": "请填写变更说明。"},
    )


class SettingsForm(forms.Form):
    org_code = forms.CharField(label="机构代码", max_length=30, required=False)
    credit_code = forms.CharField(
        label="统一社会信用代码", max_length=18, required=False
    )
    index_pattern = forms.CharField(
        label="索引号格式",
        max_length=100,
        help_text="可用占位符：{机构代码}、{统一社会信用代码}、{年份}、{年月}、{类别代码}、{流水号:N}。例如 {机构代码}/{年份}-{流水号:5} 生成 000000001/2021-00151。",
        error_messages={"required": "请填写索引号格式。"},
    )


class CategoryForm(forms.Form):
    code = forms.CharField(
        label="类别代码", max_length=10, error_messages={"required": "请填写类别代码。"}
    )
    name = forms.CharField(
        label="类别名称", max_length=40, error_messages={"required": "请填写类别名称。"}
    )
    kind = forms.ChoiceField(label="文件性质", choices=Category.Kind.choices)


class GuideForm(forms.ModelForm):
    class Meta:
        model = Guide
        fields = (
            "classification",
            "arrangement",
            "access",
            "office_name",
            "address",
            "office_hours",
            "phone",
            "fax",
            "web_contact",
            "other",
        )
        widgets = {
            "classification": forms.Textarea(attrs={"rows": 4}),
            "arrangement": forms.Textarea(attrs={"rows": 4}),
            "access": forms.Textarea(attrs={"rows": 4}),
            "other": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "office_name": {"required": "请填写政府信息公开工作机构名称。"},
            "address": {"required": "请填写办公地址。"},
            "office_hours": {"required": "请填写办公时间。"},
            "phone": {"required": "请填写联系电话。"},
            "web_contact": {"required": "请填写互联网联系方式。"},
        }


class CatalogueFilterForm(forms.Form):
    category = forms.ModelChoiceField(
        label="信息类别",
        queryset=Category.objects.none(),
        required=False,
        empty_label="全部",
    )
    year = forms.TypedChoiceField(
        label="年份", coerce=int, required=False, empty_value=None
    )
    art20 = forms.ChoiceField(
        label=ART20_LABEL,
        choices=[("", "全部"), *Art20Item.choices],
        required=False,
    )

    def __init__(
        self, *args: Any, agency: Agency, years: list[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(
            "forms.ModelChoiceField[Category]", self.fields["category"]
        ).queryset = Category.objects.filter(agency=agency)
        cast("forms.ChoiceField", self.fields["year"]).choices = [
            ("", "全部"),
            *((y, f"{y}年") for y in years),
        ]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "筛选条件无效，请重新选择。"


class SearchFilterForm(forms.Form):
    """The search page's filters; the agency (by code) includes every agency
    below it, the category only exists within one agency."""

    year = forms.TypedChoiceField(
        label="年份", coerce=int, required=False, empty_value=None
    )
    art20 = forms.ChoiceField(
        label=ART20_LABEL,
        choices=[("", "全部"), *Art20Item.choices],
        required=False,
    )
    category = forms.ModelChoiceField(
        label="信息类别",
        queryset=Category.objects.none(),
        required=False,
        empty_label="全部",
    )

    def __init__(self, *args: Any, agency: Agency | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        cast("forms.ChoiceField", self.fields["year"]).choices = [
            ("", "全部"),
            *((y, f"{y}年") for y in range(this_year, 1999, -1)),
        ]
        if agency is None:
            del self.fields["category"]
        else:
            cast(
                "forms.ModelChoiceField[Category]", self.fields["category"]
            ).queryset = Category.objects.filter(agency=agency)
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "筛选条件无效，请重新选择。"

    def apply(self, items: QuerySet[Item]) -> QuerySet[Item]:
        data = self.cleaned_data
        if data.get("category"):
            items = items.filter(category=data["category"])
        if data.get("year"):
            items = items.filter(
                generated_on__gte=dt.date(data["year"], 1, 1),
                generated_on__lte=dt.date(data["year"], 12, 31),
            )
        if data.get("art20"):
            items = items.filter(art20_item=data["art20"])
        return items
