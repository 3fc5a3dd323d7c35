"""The notices: receipt, 补正, extension, consultations, fee, the Art. 32 decision
notice and the Art. 35 notices."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from gongkai.law import periods
from gongkai.letters.generators.base import (
    LetterDataError,
    LetterGenerator,
    _date,
    clause,
    format_date_zh,
    rmb_upper,
    sentence,
)
from gongkai.letters.kinds import LetterKind


class ReceiptLetter(LetterGenerator):
    """受理回执 — receipt date by channel (Art. 31) and the reply clock (Art. 33)."""

    kind = LetterKind.RECEIPT
    default_title = "政府信息公开申请接收回执"
    compact = True
    required = (
        ("application.received_on", "收到申请日期"),
        ("application.query_code", "查询码"),
    )


class CorrectionNotice(LetterGenerator):
    """补正告知书 — Art. 30: one notice within 7 working days, items and deadline."""

    kind = LetterKind.CORRECTION
    default_title = "政府信息公开申请补正告知书"
    required = (
        ("application.received_on", "收到申请日期"),
        ("correction.items", "需要补正的事项"),
    )

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        correction = dict(self.data.get("correction") or {})
        due = _date(correction.get("due"))
        if due is None and context["deadline"]:
            due = context["deadline"]["due"]
        if due is None:
            raise LetterDataError("生成补正告知书缺少：补正期限")
        correction["due"] = due
        correction["due_zh"] = format_date_zh(due)
        context["correction"] = correction
        return context


class ExtensionNotice(LetterGenerator):
    """延期答复告知书 — Art. 33 ¶2: head's approval, at most 20 more working days."""

    kind = LetterKind.EXTENSION
    default_title = "政府信息公开申请延期答复告知书"
    required = (
        ("application.received_on", "收到申请日期"),
        ("extension.reason", "延期理由"),
        ("deadline", "延长后的答复期限"),
    )

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        extension = dict(self.data.get("extension") or {})
        deadline = context["deadline"]
        extension.setdefault(
            "workdays",
            deadline["extension_workdays"] or periods.EXTENSION_MAX.workdays,
        )
        if not periods.extension_in_range(int(extension["workdays"])):
            raise LetterDataError(periods.extension_cap_message())
        extension["reason"] = clause(extension.get("reason"))
        context["extension"] = extension
        return context


class _Consultation(LetterGenerator):
    addressed_to_applicant = False
    required = (
        ("application.received_on", "收到申请日期"),
        ("consultation.addressee", "征求意见对象"),
    )

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        context["consultation"] = dict(self.data.get("consultation") or {})
        return context

    def addressee(self, context: Mapping[str, Any]) -> str:
        return f"{context['consultation']['addressee']}："


class ThirdPartyConsultation(_Consultation):
    """征求意见书（第三方）— Art. 32: written consultation, 15 working days."""

    kind = LetterKind.CONSULT_THIRD_PARTY
    default_title = "政府信息公开申请征求意见书"


class AgencyConsultation(_Consultation):
    """征求意见书（共同制作机关）— Art. 34: no reply in 15 working days = consent."""

    kind = LetterKind.CONSULT_AGENCY
    default_title = "政府信息公开申请征求意见书"


class FeeNotice(LetterGenerator):
    """收费通知书 — Art. 42 and the fee measures: basis, standard, amount, 20 days."""

    kind = LetterKind.FEE_NOTICE
    default_title = "政府信息公开申请收费通知书"
    required = (
        ("application.received_on", "收到申请日期"),
        ("fee.amount", "收费金额"),
        ("fee.method", "计收方式（按件或按量）"),
        ("fee.payment", "缴纳方式"),
    )
    METHODS: ClassVar[dict[str, str]] = {
        "per_item": "按件计收",
        "per_page": "按量计收",
        "按件": "按件计收",
        "按量": "按量计收",
    }

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        fee = dict(self.data["fee"])
        try:
            amount = Decimal(str(fee["amount"]))
        except InvalidOperation:
            raise LetterDataError("收费金额不是有效的数字。") from None
        if amount <= 0:
            raise LetterDataError("收费金额应大于零；不收费的申请不发收费通知书。")
        if fee["method"] not in self.METHODS:
            raise LetterDataError(
                "计收方式只能是按件计收或按量计收，不得同时适用两种标准。"
            )
        fee["amount"] = amount
        fee["amount_zh"] = f"{amount:,.2f}元"
        fee["amount_upper"] = rmb_upper(amount)
        fee["method_label"] = self.METHODS[fee["method"]]
        fee["breakdown"] = sentence(fee.get("breakdown"))
        fee["payment"] = sentence(fee.get("payment"))
        context["fee"] = fee
        return context


class ThirdPartyDecisionNotice(LetterGenerator):
    """决定公开告知书（第三方）— Art. 32: disclosure despite the third party's objection.

    "本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的
    政府信息内容和理由书面告知第三方". Addressed to the third party.
    """

    kind = LetterKind.THIRD_PARTY_DECISION
    default_title = "政府信息公开决定告知书（第三方）"
    addressed_to_applicant = False
    explains_clock = False
    required = (
        ("application.received_on", "收到申请日期"),
        ("consultation.addressee", "第三方名称"),
        ("consultation.letter_on", "征求意见书发出日期"),
        ("decision.content", "决定公开的政府信息内容"),
        ("decision.reasons", "决定公开的理由"),
    )

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        consultation = dict(self.data.get("consultation") or {})
        consultation["letter_on_zh"] = format_date_zh(
            _date(consultation.get("letter_on"))
        )
        consultation["reply_on_zh"] = format_date_zh(
            _date(consultation.get("reply_on"))
        )
        decision = dict(self.data.get("decision") or {})
        decision["content"] = sentence(decision.get("content"))
        decision["reasons"] = sentence(decision.get("reasons"))
        context["consultation"] = consultation
        context["decision"] = decision
        return context

    def addressee(self, context: Mapping[str, Any]) -> str:
        return f"{context['consultation']['addressee']}："


class _Art35(LetterGenerator):
    explains_clock = False

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        art35 = dict(self.data.get("art35") or {})
        for name in ("requested_on", "due_on"):
            art35[f"{name}_zh"] = format_date_zh(_date(art35.get(name)))
        art35["grounds"] = clause(art35.get("grounds"))
        art35["reason"] = clause(art35.get("reason"))
        context["art35"] = art35
        return context


class Art35ReasonsNotice(_Art35):
    """说明理由告知书 — Art. 35: the applicant is asked to explain a massive request."""

    kind = LetterKind.ART35_REASONS
    default_title = "政府信息公开申请说明理由告知书"
    required = (
        ("application.received_on", "收到申请日期"),
        ("art35.requested_on", "要求说明理由的日期"),
    )


class Art35DelayNotice(_Art35):
    """延迟答复告知书 — Art. 35: reasons accepted, a reasonable later date fixed."""

    kind = LetterKind.ART35_DELAY
    default_title = "政府信息公开申请延迟答复告知书"
    required = (
        ("application.received_on", "收到申请日期"),
        ("art35.requested_on", "要求说明理由的日期"),
        ("art35.due_on", "延迟答复的期限"),
    )
