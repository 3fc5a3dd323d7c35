"""Forms: the public application, staff registration, and one form per action.

Forms only validate input and say what to pass to the service; they never save.
Every action form carries the ``version`` of the case the user saw.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import PurePath
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.cases.models import (
    DECISION_OUTCOMES,
    ApplicantType,
    Attachment,
    Case,
    Channel,
    Consultation,
    DeliveryWay,
    FeeMethod,
    IdType,
    InfoForm,
    Outcome,
)
from gongkai.cases.permissions import handlers_of

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
#: Allowed document types: extension → leading bytes (None = plain text).
ALLOWED_UPLOADS: dict[str, tuple[bytes, ...] | None] = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".ofd": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
    ".txt": None,
}

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
ID18_RE = re.compile(r"^\d{17}[\dX]$")
CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def resident_id_is_valid(number: str) -> bool:
    """GB 11643-1999: 18 characters, birth date, and the ISO 7064 MOD 11-2 check digit."""
    if not ID18_RE.match(number):
        return False
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == number[17]


def check_upload(upload: UploadedFile) -> None:
    """Refuse oversized files and anything that is not a document or an image."""
    if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
        raise forms.ValidationError("附件不能超过10MB。")
    if not upload.size:
        raise forms.ValidationError("附件是空文件。")
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in ALLOWED_UPLOADS:
        raise forms.ValidationError(
            "只接受 PDF、Word（.doc/.docx）、OFD、JPG、PNG 或 TXT 格式的附件。"
        )
    magic = ALLOWED_UPLOADS[suffix]
    head = upload.read(8)
    upload.seek(0)
    if magic is None:
        sample = upload.read(4096)
        upload.seek(0)
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError:
            try:
                sample.decode("gb18030")
            except UnicodeDecodeError:
                raise forms.ValidationError("TXT 附件不是文本文件。") from None
        if b"\x00" in sample:
            raise forms.ValidationError("TXT 附件不是文本文件。")
        return
    if not any(head.startswith(m) for m in magic):
        raise forms.ValidationError(
            "附件内容与其文件类型不符，请上传真实的文档或图片。"
        )


def _today() -> dt.date:
    return timezone.localdate()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(
    label: str, *, required: bool = True, initial_today: bool = True
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        initial=_today if initial_today else None,
        error_messages={
            "invalid": "请输入有效的日期（年-月-日）。",
            "required": f"请填写{label}。",
        },
    )


# -- the application --------------------------------------------------------------


class ApplicationFieldsMixin(forms.Form):
    applicant_type = forms.ChoiceField(
        label="申请人类型",
        choices=ApplicantType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择申请人类型。"},
    )
    applicant_name = forms.CharField(
        label="姓名或名称",
        max_length=100,
        error_messages={"required": "请填写申请人的姓名或名称。"},
    )
    id_type = forms.ChoiceField(label="身份证明类型", choices=IdType.choices)
    id_number = forms.CharField(
        label="证件号码",
        max_length=40,
        error_messages={"required": "请填写身份证明的证件号码。"},
    )
    legal_representative = forms.CharField(
        label="法定代表人或负责人", max_length=50, required=False
    )
    contact_person = forms.CharField(label="联系人", max_length=50, required=False)
    phone = forms.CharField(
        label="联系电话", max_length=20, error_messages={"required": "请填写联系电话。"}
    )
    email = forms.EmailField(
        label="电子邮箱",
        required=False,
        error_messages={"invalid": "请输入有效的电子邮箱地址。"},
    )
    address = forms.CharField(label="通信地址", max_length=200, required=False)
    postcode = forms.CharField(label="邮政编码", max_length=6, required=False)
    description = forms.CharField(
        label="所需政府信息的名称、文号或者便于查询的其他特征性描述",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "请描述所需的政府信息。"},
    )
    document_number = forms.CharField(
        label="文号（如知道）", max_length=100, required=False
    )
    info_form = forms.ChoiceField(label="获取信息的形式", choices=InfoForm.choices)
    delivery_way = forms.ChoiceField(
        label="获取信息的方式", choices=DeliveryWay.choices
    )
    needs_assistance = forms.BooleanField(
        label="我存在阅读困难或者视听障碍，需要帮助（条例第四十三条）", required=False
    )

    def clean_id_number(self) -> str:
        return self.cleaned_data["id_number"].strip().upper().replace(" ", "")

    def clean_phone(self) -> str:
        phone = re.sub(r"[\s()（）]", "", self.cleaned_data["phone"])
        if not (MOBILE_RE.match(phone) or LANDLINE_RE.match(phone)):
            raise forms.ValidationError(
                "请输入有效的手机号码（11位）或固定电话（含区号）。"
            )
        return phone

    def clean_postcode(self) -> str:
        code = self.cleaned_data["postcode"].strip()
        if code and not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("邮政编码应为6位数字。")
        return code

    def clean_description(self) -> str:
        text = self.cleaned_data["description"].strip()
        if len(text) < 5:
            raise forms.ValidationError(
                "所需政府信息的描述太短，请写明名称、文号或其他特征。"
            )
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("applicant_type")
        id_type = data.get("id_type")
        number = data.get("id_number", "")
        if (
            id_type == IdType.RESIDENT_ID
            and number
            and not resident_id_is_valid(number)
        ):
            self.add_error(
                "id_number", "居民身份证号码无效，请核对（18位，末位可为X）。"
            )
        if (
            id_type == IdType.CREDIT_CODE
            and number
            and not CREDIT_CODE_RE.match(number)
        ):
            self.add_error("id_number", "统一社会信用代码应为18位，请核对。")
        if kind and kind != ApplicantType.NATURAL_PERSON:
            if id_type == IdType.RESIDENT_ID:
                self.add_error(
                    "id_type", "法人或其他组织请选择“统一社会信用代码”或其他证件。"
                )
            if not data.get("legal_representative"):
                self.add_error(
                    "legal_representative", "法人或其他组织请填写法定代表人或负责人。"
                )
        if kind == ApplicantType.NATURAL_PERSON and id_type == IdType.CREDIT_CODE:
            self.add_error("id_type", "自然人不能使用统一社会信用代码作为身份证明。")
        way = data.get("delivery_way")
        if way == DeliveryWay.EMAIL and not data.get("email"):
            self.add_error("email", "选择电子邮件方式获取信息时，请填写电子邮箱。")
        if way == DeliveryWay.POST and not data.get("address"):
            self.add_error("address", "选择邮寄方式获取信息时，请填写通信地址。")
        return data


class PublicApplicationForm(ApplicationFieldsMixin):
    agency = forms.ModelChoiceField(
        label="向哪个机关申请",
        queryset=Agency.objects.none(),
        empty_label="请选择机关",
        error_messages={
            "required": "请选择受理申请的机关。",
            "invalid_choice": "请选择受理申请的机关。",
        },
    )
    attachment = forms.FileField(
        label="附件（身份证明或申请书扫描件，可选；PDF/Word/图片，不超过10MB）",
        required=False,
    )
    token = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "表单已失效，请重新填写。",
            "invalid": "表单已失效，请重新填写。",
        },
    )
    confirm_truthful = forms.BooleanField(
        label="我确认以上信息真实有效",
        error_messages={"required": "请确认所填信息真实有效。"},
    )

    field_order = ("agency",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            "forms.ModelChoiceField[Agency]", self.fields["agency"]
        ).queryset = Agency.objects.filter(accepts_applications=True)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())

    def clean_attachment(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("attachment")
        if upload:
            check_upload(upload)
        return upload


class StaffRegistrationForm(ApplicationFieldsMixin):
    agency = forms.ModelChoiceField(
        label="受理机关", queryset=Agency.objects.none(), empty_label=None
    )
    channel = forms.ChoiceField(
        label="提交渠道", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    arrived_on = date_field("收到日期")
    signed_on = date_field(
        "签收日期（邮寄需签收的）", required=False, initial_today=False
    )
    confirmed_on = date_field(
        "与申请人确认的日期（平常信函、传真、电子邮件）",
        required=False,
        initial_today=False,
    )
    confirmation_method = forms.CharField(
        label="确认方式（如电话确认）", max_length=100, required=False
    )
    token = forms.UUIDField(widget=forms.HiddenInput)

    field_order = (
        "agency",
        "channel",
        "arrived_on",
        "signed_on",
        "confirmed_on",
        "confirmation_method",
    )

    def __init__(self, *args: Any, agencies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Agency]", self.fields["agency"]).queryset = (
            agencies if agencies is not None else Agency.objects.none()
        )
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        channel = data.get("channel")
        arrived = data.get("arrived_on")
        if arrived and arrived > _today():
            self.add_error("arrived_on", "收到日期不能晚于今天。")
        if channel == Channel.POST_SIGNED and not data.get("signed_on"):
            self.add_error(
                "signed_on", "邮寄需签收的申请请填写签收日期（条例第三十一条第二项）。"
            )
        if data.get("confirmed_on") and not data.get("confirmation_method"):
            self.add_error("confirmation_method", "请填写与申请人确认的方式。")
        return data


# -- actions on a case -----------------------------------------------------------------


class CaseActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        self.case = case
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = case.version

    def service_kwargs(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


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
    assignee = forms.ModelChoiceField(
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
            .order_by("username")
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
        max_value=60,
        initial=15,
        error_messages={
            "min_value": "补正期限至少1个工作日。",
            "max_value": "补正期限不宜超过60个工作日。",
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
        max_value=20,
        initial=20,
        error_messages={
            "max_value": "延长的期限最长不得超过20个工作日（条例第三十三条第二款）。",
            "min_value": "至少延长1个工作日。",
        },
    )
    reason = forms.CharField(
        label="延期理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写延期理由。"},
    )


class ExtensionApproveForm(CaseActionForm):
    notice_on = date_field("告知申请人的日期")


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


class DecideForm(CaseActionForm):
    outcome = forms.ChoiceField(
        label="处理结果（年度报告表三的一项）",
        choices=[("", "请选择处理结果")]
        + [(o.value, o.label) for o in DECISION_OUTCOMES],
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
        label="其他法律依据（仅（六）3.其他，引用到条、款、项）",
        max_length=300,
        required=False,
    )
    reasons = forms.CharField(
        label="理由", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    access_info = forms.CharField(
        label="获取政府信息的方式、途径（予以公开、部分公开等）",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    withheld_part = forms.CharField(
        label="不予公开的内容（部分公开）",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    referral = forms.CharField(
        label="依照有关法律、行政法规办理的途径（行政查询事项）",
        required=False,
        max_length=500,
    )
    decision_text = forms.CharField(
        label="处理决定（其他处理）",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        by_outcome = decision_grounds()
        field = cast("forms.ChoiceField", self.fields["ground"])
        field.choices = [("", "请选择法律依据")] + [
            (Outcome(o).label, [(g.key, g.label_zh) for g in grounds])
            for o, grounds in by_outcome.items()
        ]
        field.widget.attrs["data-grounds"] = json.dumps(
            {o: [g.key for g in grounds] for o, grounds in by_outcome.items()}
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
    from gongkai.letters.outcomes import outcome_rule

    return {o.value: outcome_rule(o.value).grounds for o in DECISION_OUTCOMES}


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


class TrackForm(forms.Form):
    query_code = forms.CharField(
        label="查询码", max_length=30, error_messages={"required": "请填写查询码。"}
    )
    phone_last4 = forms.CharField(
        label="联系电话后四位",
        max_length=4,
        min_length=4,
        error_messages={
            "required": "请填写联系电话的后四位。",
            "min_length": "请填写联系电话的后四位数字。",
        },
    )

    def clean_phone_last4(self) -> str:
        value = self.cleaned_data["phone_last4"]
        if not value.isdigit():
            raise forms.ValidationError("请填写联系电话的后四位数字。")
        return value


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
