"""The table 三 statistics page's choice of agency and year."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from gongkai.agencies.models import Agency


class Table3Form(forms.Form):
    agency = forms.ModelChoiceField(
        label="机关", queryset=Agency.objects.none(), empty_label=None
    )
    year = forms.IntegerField(label="年度", min_value=2019, max_value=2100)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            "forms.ModelChoiceField[Agency]", self.fields["agency"]
        ).queryset = agencies
