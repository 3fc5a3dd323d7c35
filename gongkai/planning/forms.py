"""Forms of the planning pages (labels end with the full-width colon)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from gongkai.agencies.models import Agency
from gongkai.planning.models import PlanTask, Proposal, Satisfaction, WorkPlan
from gongkai.web.forms import IsoDateInput

LABEL_SUFFIX = "："
DATE = IsoDateInput()


class _AgencyForm(forms.ModelForm):
    agency = forms.ModelChoiceField(
        label="机关", queryset=Agency.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies
        if self.instance.pk is not None:
            del self.fields["agency"]

    def _post_clean(self) -> None:
        # Model validation runs in the services (full_clean there).
        pass


class ProposalForm(_AgencyForm):
    class Meta:
        model = Proposal
        fields = (
            "kind",
            "number",
            "session",
            "year",
            "title",
            "proposers",
            "role",
            "received_on",
            "due_on",
        )
        widgets = {"received_on": DATE, "due_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["due_on"].required = False

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReplyForm(forms.Form):
    replied_on = forms.DateField(label="答复日期", widget=DATE)
    reply_summary = forms.CharField(
        label="答复摘要", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    satisfaction = forms.ChoiceField(
        label="代表委员意见",
        required=False,
        choices=[("", "尚未反馈"), *Satisfaction.choices],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)


class PublishForm(forms.Form):
    public_text = forms.CharField(
        label="公开文本",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text="公开前应删去涉及个人隐私等不宜公开的内容。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)


class PlanForm(_AgencyForm):
    class Meta:
        model = WorkPlan
        fields = ("year", "title", "doc_number")


class TaskForm(forms.ModelForm[PlanTask]):
    class Meta:
        model = PlanTask
        fields = ("content", "responsible", "due_on", "status", "postpone_reason")
        widgets = {
            "due_on": DATE,
            "content": forms.Textarea(attrs={"rows": 2}),
            "postpone_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)

    def _post_clean(self) -> None:
        pass

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ProgressForm(forms.Form):
    on = forms.DateField(label="日期", widget=DATE)
    text = forms.CharField(
        label="进展情况", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
