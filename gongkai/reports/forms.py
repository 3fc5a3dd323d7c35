"""Forms of the staff report pages; every label comes from ``annual.formats``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.annual.formats import NARRATIVE_KEYS, CellKind, ReportFormat
from gongkai.annual.model import Cell, Report, is_number
from gongkai.web.forms import ActionForm

LABEL_SUFFIX = "："
FIRST_YEAR = 2019


def _field_name(ref: str) -> str:
    return ref.replace(".", "__")


class _Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", LABEL_SUFFIX)
        super().__init__(*args, **kwargs)


class AgencyYearForm(_Form):
    agency = forms.ModelChoiceField(
        label="机关", queryset=Agency.objects.none(), empty_label=None
    )
    year = forms.IntegerField(
        label="报告年度",
        min_value=FIRST_YEAR,
        error_messages={
            "min_value": "统一格式自2019年度起施行，报告年度不能早于2019年。",
            "invalid": "请填写四位数的年份。",
            "required": "请填写报告年度。",
        },
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies
        self.fields["year"].initial = timezone.localdate().year - 1

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(f"{year}年度尚未开始。")
        return year


class ImportForm(AgencyYearForm):
    file = forms.FileField(
        label="已发布的年度报告文件",
        help_text="纯文本、网页（HTML）、Word（.docx/.doc）或带文字层的 PDF。",
        error_messages={"required": "请选择要导入的文件。", "empty": "文件为空。"},
    )


class Table2Form(_Form):
    """One field per numeric cell of table 二 of the report's format."""

    def __init__(
        self,
        *args: Any,
        report: Report,
        catalogue: dict[str, dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fmt: ReportFormat = report.format
        self.refs: dict[str, str] = {}
        #: Cells pre-filled from the catalogue (``AnnualReport.table2_catalogue``).
        self.catalogue = catalogue or {}
        for block in self.fmt.table2:
            for row in block.rows:
                for column in block.columns:
                    ref = f"table2.{row.key}.{column.key}"
                    name = _field_name(ref)
                    label = f"{row.label}·{column.label}"
                    field: forms.Field
                    if column.kind is CellKind.MONEY:
                        field = forms.DecimalField(
                            label=label,
                            required=False,
                            min_value=Decimal(0),
                            max_digits=14,
                            decimal_places=4,
                            error_messages={
                                "invalid": "请填写数字。",
                                "min_value": "金额不能为负数。",
                            },
                        )
                    else:
                        field = forms.IntegerField(
                            label=label,
                            required=False,
                            min_value=0 if column.kind is CellKind.COUNT else None,
                            error_messages={
                                "invalid": "请填写整数。",
                                "min_value": "件数不能为负数。",
                            },
                        )
                    field.widget.attrs["aria-label"] = label
                    value = report.get(ref)
                    field.initial = value if is_number(value) else None
                    self.fields[name] = field
                    self.refs[name] = ref

    def blocks(self) -> list[dict[str, Any]]:
        """The fields grouped as the official table: heading, columns, rows."""
        out = []
        for block in self.fmt.table2:
            rows = [
                {
                    "label": row.label,
                    "fields": [
                        {
                            "field": self[_field_name(f"table2.{row.key}.{c.key}")],
                            "catalogue": self.catalogue.get(
                                f"table2.{row.key}.{c.key}"
                            ),
                        }
                        for c in block.columns
                    ],
                }
                for row in block.rows
            ]
            out.append(
                {"heading": block.heading, "columns": block.columns, "rows": rows}
            )
        return out

    def values(self) -> dict[str, Cell]:
        return {ref: self.cleaned_data[name] for name, ref in self.refs.items()}


class SectionsForm(_Form):
    """The narrative parts 一、五、六 under their official headings."""

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fmt = report.format
        for key in NARRATIVE_KEYS:
            field = forms.CharField(
                label=fmt.section(key).heading,
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 8}),
                initial=report.sections.get(key, ""),
                error_messages={
                    "max_length": "这一部分不能超过 %(limit_value)d 个字符。"
                },
            )
            if key == "other" and fmt.sixth_part_hint:
                field.help_text = fmt.sixth_part_hint
            if key == "overview":
                field.help_text = "篇幅原则上不超过一千字。"
            self.fields[key] = field


class SubmitForm(_Form, ActionForm):
    acknowledge_warnings = forms.BooleanField(
        label="已逐项核实上述警告", required=False
    )


class ReturnForm(_Form, ActionForm):
    reason = forms.CharField(
        label="退回理由",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写退回理由。"},
    )
