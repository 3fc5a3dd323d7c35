"""One form per action on a case; each carries the ``version`` of the case the user saw."""

from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile

from gongkai.annual.formats import FORMAT_2021
from gongkai.cases.forms.fields import (
    check_upload,
    date_field,
)
from gongkai.cases.models import (
    DECISION_OUTCOMES,
    OUTCOME_LABELS,
    Attachment,
    Case,
    Consultation,
    DeliveryWay,
    FeeMethod,
)
from gongkai.cases.permissions import handlers_of
from gongkai.law import periods
from gongkai.law import provisions as law
from gongkai.web.forms import ActionForm, PersonChoiceField


class CaseActionForm(ActionForm):
    """An action on a case; ``version`` is the case's version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        self.case = case
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = case.version

    def service_kwargs(self) -> dict[str, Any]:
        kwargs = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        return {"expected_version": self.cleaned_data["version"], **kwargs}


class ConfirmForm(CaseActionForm):
    confirmed_on = date_field("确认日期")
    confirmation_method = forms.CharField(
        label="确认方式",
        max_length=100,
        initial="电话确认",
        error_messages={"required": "请填写确认方式。"},
    )


class ReasonForm(CaseActionForm):
    reason = forms.CharField(
        label="理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写理由。"},
    )


class AssignForm(CaseActionForm):
    assignee = PersonChoiceField(
        label="承办人",
        queryset=get_user_model().objects.none(),
        empty_label="请选择承办人",
        error_messages={"required": "请选择承办人。"},
    )
    reason = forms.CharField(label="说明（可选）", required=False, max_length=500)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        cast("forms.ModelChoiceField[User]", self.fields["assignee"]).queryset = (
            get_user_model()
            .objects.filter(handlers_of(case.agency))
            .distinct()
            .order_by("first_name", "username")
        )


class RequestCorrectionForm(CaseActionForm):
    items = forms.CharField(
        label="需要补正的事项",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请写明需要补正的事项。"},
    )
    notice_on = date_field("告知日期")
    period_workdays = forms.IntegerField(
        label="补正期限（工作日）",
        min_value=1,
        max_value=periods.CORRECTION_PERIOD_CEILING,
        initial=periods.CORRECTION_PERIOD_DEFAULT.workdays,
        error_messages={
            "min_value": "补正期限至少1个工作日。",
            "max_value": (
                f"补正期限不宜超过{periods.CORRECTION_PERIOD_CEILING}个工作日。"
            ),
        },
    )


class ReceiveCorrectionForm(CaseActionForm):
    received_on = date_field("收到补正申请的日期")
    note = forms.CharField(label="说明（可选）", required=False, max_length=500)


class LapseCorrectionForm(CaseActionForm):
    reason = forms.CharField(label="说明（可选）", required=False, max_length=500)


class ConsultationForm(CaseActionForm):
    kind = forms.ChoiceField(label="征求对象类型", choices=Consultation.Kind.choices)
    party = forms.CharField(
        label="征求对象名称",
        max_length=200,
        error_messages={"required": "请填写征求意见的对象。"},
    )
    letter_on = date_field("征求意见书发出日期")
    delivered_on = date_field(
        "对方收到日期（如已知）", required=False, initial_today=False
    )


class ConsultationReplyForm(CaseActionForm):
    opinion = forms.ChoiceField(label="意见", choices=Consultation.Opinion.choices)
    reply_on = date_field("回复日期（逾期未答复的不填）", required=False)
    opinion_text = forms.CharField(
        label="意见内容", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ExtensionRequestForm(CaseActionForm):
    workdays = forms.IntegerField(
        label="延长工作日数",
        min_value=1,
        max_value=periods.EXTENSION_MAX.workdays,
        initial=periods.EXTENSION_MAX.workdays,
        error_messages={
            "max_value": periods.extension_cap_message(),
            "min_value": "至少延长1个工作日。",
        },
    )
    reason = forms.CharField(
        label="延期理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写延期理由。"},
    )


class ExtensionApproveForm(CaseActionForm):
    workdays = forms.IntegerField(
        label="批准延长的工作日数（可少于或多于申请，但不超过上限）",
        min_value=1,
        max_value=periods.EXTENSION_MAX.workdays,
        required=False,  # empty: as many as the handler asked for
        error_messages={
            "max_value": periods.extension_cap_message(),
            "min_value": "至少延长1个工作日。",
        },
    )
    notice_on = date_field("告知申请人的日期")

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        if not self.is_bound and case.extension_requested_workdays:
            self.initial["workdays"] = case.extension_requested_workdays


class ExtensionRefuseForm(CaseActionForm):
    reason = forms.CharField(
        label="不批准的理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写不批准延期的理由。"},
    )


class Art35DelayForm(CaseActionForm):
    due_on = date_field("延迟答复的期限", initial_today=False)
    notice_on = date_field("告知申请人的日期")
    reason = forms.CharField(
        label="理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写理由。"},
    )


class FeeNoticeForm(CaseActionForm):
    method = forms.ChoiceField(
        label="计费方式", choices=FeeMethod.choices, widget=forms.RadioSelect
    )
    items = forms.IntegerField(
        label="按件：本申请计件数（一事一申请）", min_value=1, initial=1, required=False
    )
    pages = forms.IntegerField(label="按量：页数", min_value=0, required=False)
    sent_on = date_field("收费通知发出日期")
    received_on = date_field("申请人收到日期", required=False, initial_today=False)
    confirm_late = forms.BooleanField(
        label="确认在答复期限届满后发出收费通知", required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("method") == FeeMethod.PER_PAGE and not data.get("pages"):
            self.add_error("pages", "按量计收请填写页数。")
        if data.get("method") == FeeMethod.PER_ITEM and not data.get("items"):
            self.add_error("items", "按件计收请填写件数。")
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = super().service_kwargs()
        data["items"] = data.get("items") or 1
        data["pages"] = data.get("pages") or 0
        return data


class FeePaidForm(CaseActionForm):
    paid_on = date_field("缴费日期")


class EmptyActionForm(CaseActionForm):
    pass


#: Decision-form field name of each field of ``gongkai.law.outcomes`` (same name if absent).
FORM_NAME: dict[str, str] = {"access": "access_info", "basis_text": "legal_basis"}


def _withheld_choices() -> list[tuple[str, str]]:
    from gongkai.law.outcomes import WITHHELD_GROUNDS

    return [("", "请选择不予公开部分的依据")] + [
        (g.key, g.label_zh) for g in WITHHELD_GROUNDS.values()
    ]


def _text(label: str, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=False
    )


class DecideForm(CaseActionForm):
    """The decision: outcome, ground, and exactly the fields that ground's letter prints.

    Which fields belong to which ground is the law's table
    (``gongkai.law.outcomes.Ground.form_fields``); ``decide.js`` shows only those,
    and the service clears the rest when it saves.
    """

    outcome = forms.ChoiceField(
        label="处理结果（年度报告表三的一项）",
        choices=[("", "请选择处理结果")]
        + [(key, OUTCOME_LABELS[key]) for key in DECISION_OUTCOMES],
        error_messages={
            "required": "请选择一项处理结果。",
            "invalid_choice": "请选择一项处理结果。",
        },
    )
    ground = forms.ChoiceField(
        label="法律依据（条、款、项）",
        error_messages={
            "required": "请选择法律依据。",
            "invalid_choice": "请选择法律依据。",
        },
    )
    legal_basis = forms.CharField(
        label=(
            f"其他法律依据（仅{FORMAT_2021.outcome_label('other_other')}，"
            "写明法律、法规名称并引用到条、款、项）"
        ),
        max_length=300,
        required=False,
    )
    access_info = _text("获取政府信息的方式、途径")
    withheld_part = _text("不予公开的内容")
    withheld_ground = forms.ChoiceField(
        label="不予公开部分的依据", choices=(), required=False
    )
    reasons = _text("理由", rows=3)
    referral = forms.CharField(
        label="依照有关法律、行政法规办理的途径", required=False, max_length=500
    )
    other_agency = forms.CharField(
        label="负责公开该政府信息的行政机关名称", required=False, max_length=100
    )
    other_agency_contact = forms.CharField(
        label="该行政机关的联系方式", required=False, max_length=200
    )
    other_agency_unknown = _text("无法确定负责公开的行政机关的，写明原因")
    decision_text = _text("处理决定（其他处理）")
    disclosure_reason = _text(
        "决定公开的理由（第三方不同意公开的，须填写并书面告知第三方）"
    )
    confirm_unconsulted = forms.BooleanField(
        label=f"确认未征求第三方意见即依据{law.ART_15.short_zh}不予公开", required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        by_outcome = decision_grounds()
        field = cast("forms.ChoiceField", self.fields["ground"])
        field.choices = [("", "请选择法律依据")] + [
            (OUTCOME_LABELS[o], [(g.key, g.label_zh) for g in grounds])
            for o, grounds in by_outcome.items()
        ]
        field.widget.attrs["data-grounds"] = json.dumps(
            {o: [g.key for g in grounds] for o, grounds in by_outcome.items()}
        )
        field.widget.attrs["data-fields"] = json.dumps(
            {
                g.key: [FORM_NAME.get(f, f) for f in g.form_fields]
                + (["confirm_unconsulted"] if g.warn_unconsulted else [])
                for grounds in by_outcome.values()
                for g in grounds
            }
        )
        cast(
            "forms.ChoiceField", self.fields["withheld_ground"]
        ).choices = _withheld_choices()
        if not self.is_bound and case.decision_draft:
            # A draft handed back (退回) comes back as it was submitted.
            self.initial.update(
                {k: v for k, v in case.decision_draft.items() if k in self.fields}
            )

    def clean(self) -> dict[str, Any]:
        """The ground must be one the chosen outcome allows (legal.md §6.1)."""
        data = super().clean() or {}
        outcome, ground = data.get("outcome"), data.get("ground")
        if outcome and ground:
            allowed = decision_grounds()[outcome]
            if ground not in {g.key for g in allowed}:
                labels = "、".join(g.label_zh for g in allowed)
                self.add_error(
                    "ground", f"所选法律依据与处理结果不一致，只能选择：{labels}。"
                )
            elif "basis_text" not in next(
                g for g in allowed if g.key == ground
            ).needs and data.get("legal_basis"):
                self.add_error(
                    "legal_basis", "只有“其他”处理需要另行填写法律依据，请清空此栏。"
                )
        return data


def decision_grounds() -> dict[str, tuple[Any, ...]]:
    """Outcome key → the grounds the outcomes table allows for it (in table order)."""
    from gongkai.law.outcomes import outcome_rule

    return {key: outcome_rule(key).grounds for key in DECISION_OUTCOMES}


class ApproveDecisionForm(CaseActionForm):
    comment = forms.CharField(label="审批意见（可选）", required=False, max_length=500)


class DeliveryForm(CaseActionForm):
    method = forms.ChoiceField(label="送达方式", choices=DeliveryWay.choices)
    delivered_on = date_field("送达日期")
    proof = forms.CharField(
        label="送达凭证（如邮件单号）", required=False, max_length=200
    )


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=Attachment.Kind.choices)
    upload = forms.FileField(
        label="文件（PDF/Word/OFD/图片/TXT，不超过10MB）",
        error_messages={"required": "请选择要上传的文件。"},
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        self.case = case
        super().__init__(*args, **kwargs)

    def clean_upload(self) -> UploadedFile:
        upload = self.cleaned_data["upload"]
        check_upload(upload)
        return upload

    def service_kwargs(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
