"""The application: the public form, staff registration, and tracking by query code."""

from __future__ import annotations

import re
import unicodedata
import uuid
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile

from gongkai.agencies.models import Agency
from gongkai.cases.forms.fields import (
    CREDIT_CODE_RE,
    LANDLINE_RE,
    MOBILE_RE,
    _today,
    check_upload,
    credit_code_is_valid,
    date_field,
    resident_id_is_valid,
)
from gongkai.cases.models import (
    ApplicantType,
    Channel,
    DeliveryWay,
    IdType,
    InfoForm,
)
from gongkai.law import provisions as law


class ApplicationFieldsMixin(forms.Form):
    #: Labels of required fields get this class (a red * on the page).
    required_css_class = "required"

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
        label=f"我存在阅读困难或者视听障碍，需要帮助（{law.ART_43.short_zh}）",
        required=False,
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
        if id_type == IdType.CREDIT_CODE and number:
            if not CREDIT_CODE_RE.match(number):
                self.add_error(
                    "id_number",
                    "统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V），请核对。",
                )
            elif not credit_code_is_valid(number):
                self.add_error(
                    "id_number",
                    "统一社会信用代码的校验位不符（GB 32100-2015），请逐位核对。",
                )
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
                "signed_on",
                f"邮寄需签收的申请请填写签收日期（{law.ART_31_POST_SIGNED.short_zh}）。",
            )
        if data.get("confirmed_on") and not data.get("confirmation_method"):
            self.add_error("confirmation_method", "请填写与申请人确认的方式。")
        return data


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
        # Full-width digits typed with a Chinese IME (１２３４) are the same digits;
        # anything else that str.isdigit() accepts (²) is not a phone digit.
        value = unicodedata.normalize("NFKC", self.cleaned_data["phone_last4"])
        if not (value.isascii() and value.isdigit()):
            raise forms.ValidationError("请填写联系电话的后四位数字。")
        return value


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked like an application's attachment."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


MAX_CORRECTION_FILES = 5


class CorrectionForm(forms.Form):
    """The applicant's 补正 sent from the tracking page (Art. 30)."""

    text = forms.CharField(
        label="补正内容（针对补正告知书所列事项逐项说明）",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        required=False,
    )
    attachments = MultipleFileField(
        label=f"补正材料（可选，最多{MAX_CORRECTION_FILES}个；PDF/Word/图片，每个不超过10MB）",
        required=False,
    )

    def clean_attachments(self) -> list[UploadedFile]:
        uploads: list[UploadedFile] = self.cleaned_data.get("attachments") or []
        if len(uploads) > MAX_CORRECTION_FILES:
            raise forms.ValidationError(f"最多上传{MAX_CORRECTION_FILES}个文件。")
        for upload in uploads:
            check_upload(upload)
        return uploads

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not data.get("attachments"):
            if not self.errors:
                raise forms.ValidationError("请填写补正内容或上传补正材料。")
        return data
