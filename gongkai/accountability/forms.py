from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from gongkai.accountability.models import Measure
from gongkai.accountability.services import RecordFields
from gongkai.agencies.models import Agency
from gongkai.cases.models import Case
from gongkai.disputes.models import Dispute
from gongkai.law.accountability import GROUNDS
from gongkai.supervision.models import Bulletin
from gongkai.web.forms import LABEL_SUFFIX, IsoDateInput


class RecordForm(forms.Form):
    """A record's fields; the linked application and case are found by their numbers."""

    agency = forms.ModelChoiceField(
        label="被追责人员所在机关",
        queryset=Agency.objects.none(),
        empty_label="（请选择）",
    )
    decided_by = forms.ModelChoiceField(
        label="作出决定的机关", queryset=Agency.objects.none(), empty_label="（请选择）"
    )
    person_name = forms.CharField(label="被追责人员", max_length=50)
    person_post = forms.CharField(label="职务", max_length=100, required=False)
    ground = forms.ChoiceField(
        label="追责依据", choices=[(g.key, g.label) for g in GROUNDS]
    )
    facts = forms.CharField(label="事由", widget=forms.Textarea(attrs={"rows": 3}))
    case_code = forms.CharField(
        label="关联申请（查询码）",
        max_length=40,
        required=False,
        help_text="例如超期答复的申请，填写其查询码。",
    )
    dispute_number = forms.CharField(
        label="关联行政复议、行政诉讼案件（案号）", max_length=100, required=False
    )
    bulletin = forms.ModelChoiceField(
        label="关联通报",
        queryset=Bulletin.objects.none(),
        required=False,
        empty_label="（不关联）",
    )
    bulletin_problem = forms.CharField(
        label="通报指出的问题", max_length=200, required=False
    )
    measure = forms.ChoiceField(label="处理措施", choices=Measure.choices)
    measure_detail = forms.CharField(
        label="处理情况", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decided_on = forms.DateField(label="决定日期", widget=IsoDateInput())

    def __init__(
        self,
        *args: Any,
        agencies: QuerySet[Agency],
        deciders: QuerySet[Agency],
        bulletins: QuerySet[Bulletin],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["decided_by"].queryset = deciders  # type: ignore[attr-defined]
        self.fields["bulletin"].queryset = bulletins  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        agency = data.get("agency")
        code = (data.get("case_code") or "").strip().upper()
        if agency is not None and code:
            case = Case.objects.filter(agency=agency, query_code=code).first()
            if case is None:
                self.add_error("case_code", "该机关没有这个查询码的申请。")
            data["case"] = case
        number = (data.get("dispute_number") or "").strip()
        if agency is not None and number:
            dispute = Dispute.objects.filter(agency=agency, number=number).first()
            if dispute is None:
                self.add_error("dispute_number", "该机关没有这个案号的复议、诉讼案件。")
            data["dispute"] = dispute
        return data

    def record_fields(self) -> RecordFields:
        d = self.cleaned_data
        return RecordFields(
            person_name=d["person_name"],
            person_post=d["person_post"],
            ground=d["ground"],
            facts=d["facts"],
            case=d.get("case"),
            dispute=d.get("dispute"),
            bulletin=d.get("bulletin"),
            bulletin_problem=d["bulletin_problem"],
            measure=d["measure"],
            measure_detail=d["measure_detail"],
            decided_on=d["decided_on"],
        )
