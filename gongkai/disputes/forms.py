"""Forms of the dispute pages (labels end with the full-width colon)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from gongkai.agencies.models import Agency
from gongkai.cases.models import Case
from gongkai.disputes.models import Dispute
from gongkai.web.forms import IsoDateInput

LABEL_SUFFIX = "："


class DisputeForm(forms.ModelForm[Dispute]):
    agency = forms.ModelChoiceField(
        label="机关", queryset=Agency.objects.none(), empty_label=None
    )
    case_number = forms.CharField(
        label="涉及申请的登记号",
        required=False,
        max_length=40,
        help_text="可不填；填写的，应为本机关已登记的公开申请。",
    )

    class Meta:
        model = Dispute
        fields = (
            "kind",
            "number",
            "party",
            "party_is_person",
            "body",
            "filed_on",
            "result",
            "decided_on",
            "co_defendant_only",
            "note",
        )
        widgets = {
            "filed_on": IsoDateInput(),
            "decided_on": IsoDateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        *args: Any,
        agencies: QuerySet[Agency],
        party_hidden: bool = False,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
        if party_hidden:
            # The applicant or plaintiff is a person whose name this editor (a
            # 机关管理员, no case work) reads only masked: the field is not
            # offered (its value would be in the page) and is kept as it is.
            del self.fields["party"]
            del self.fields["party_is_person"]
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        agency_field.queryset = agencies
        if self.instance.pk is not None:
            del self.fields["agency"]
            if self.instance.case is not None:
                self.initial["case_number"] = self.instance.case.number

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = (data.get("case_number") or "").strip()
        agency = data.get("agency") or getattr(self.instance, "agency", None)
        data["case"] = None
        if number and agency is not None:
            case = Case.objects.filter(agency=agency, number=number).first()
            if case is None:
                self.add_error("case_number", "本机关没有这个登记号的公开申请。")
            data["case"] = case
        return data

    def _post_clean(self) -> None:
        # Model validation runs in the services (full_clean there).
        pass

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name in self.fields}
        fields["case"] = data.get("case")
        return fields
