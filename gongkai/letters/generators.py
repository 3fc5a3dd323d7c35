"""One generator class per letter kind: context, Word (.docx) and PDF.

A generator takes plain data (dates, strings, numbers; no model instances) and
a body template (Django template syntax, editable per agency). It renders one
:class:`LetterDocument` — title, 文号, addressee, body paragraphs, the rights
notice, issuing body, date, seal placeholder and the 附注 with the clock
explanation — and writes that same document as .docx (python-docx) and as PDF
(WeasyPrint, from ``letters/pdf/letter.html``). The statutory elements of a
答复书 (legal.md §6.1) are added here, not by the editable body, so an edited
template cannot drop them.

Layout follows GB/T 9704—2012 《党政机关公文格式》: A4, 天头 37 mm, 订口 28 mm,
版心 156 × 225 mm, title in 2号小标宋, body in 3号仿宋, 22 lines a page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from django.template import Context, Engine, TemplateSyntaxError
from django.template.loader import render_to_string

from gongkai.letters import outcomes
from gongkai.letters.kinds import FAMILY_BY_REPLY_KIND, LetterKind

DEFAULTS_DIR = Path(__file__).parent / "templates" / "letters" / "defaults"

# Fonts: the 公文 faces first, then common aliases, then what Debian ships.
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
LATIN_FONT = "Times New Roman"
TITLE_FONT_STACK = (
    '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", '
    '"Noto Serif CJK SC", "Noto Sans CJK SC", serif'
)
BODY_FONT_STACK = (
    '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", '
    '"Noto Serif CJK SC", "Noto Sans CJK SC", serif'
)
TITLE_PT = 22  # 2号
BODY_PT = 16  # 3号
NOTE_PT = 14  # 4号, for 附注
LINE_PT = 28.95  # 225 mm / 22 lines
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}


class LetterDataError(ValueError):
    """The data or template cannot make a lawful letter; the message is Chinese."""


NEEDS_LABELS_ZH: dict[str, str] = {
    "access": "获取政府信息的方式、途径",
    "reasons": "理由",
    "withheld_part": "不予公开的内容",
    "referral": "依照有关法律、行政法规办理的途径",
    "basis_text": "法律依据",
    "decision_text": "处理决定",
}


def format_date_zh(value: dt.date | None) -> str:
    """`2026年3月5日`: Arabic numerals, as GB/T 9704—2012 requires for 成文日期."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_SECTIONS = ("", "万", "亿")


def rmb_upper(amount: Decimal) -> str:
    """The amount in capital numerals (大写金额), e.g. 3000 → 叁仟元整."""
    amount = amount.quantize(Decimal("0.01"))
    if amount < 0 or amount >= Decimal("1e12"):
        raise LetterDataError("收费金额超出可写范围。")
    yuan = int(amount)
    jiao, fen = divmod(int((amount - yuan) * 100), 10)
    parts: list[str] = []
    if yuan:
        text = ""
        zero = False
        for s_index in range(len(_SECTIONS) - 1, -1, -1):
            section = (yuan // 10000**s_index) % 10000
            if section == 0:
                zero = bool(text)
                continue
            if zero or (text and section < 1000):
                text += "零"
            zero = False
            chunk = ""
            pending_zero = False
            for u in range(3, -1, -1):
                d = (section // 10**u) % 10
                if d == 0:
                    pending_zero = bool(chunk)
                    continue
                if pending_zero:
                    chunk += "零"
                    pending_zero = False
                chunk += _DIGITS[d] + _UNITS[u]
            text += chunk + _SECTIONS[s_index]
        parts.append(text + "元")
    if jiao:
        parts.append(_DIGITS[jiao] + "角")
    elif fen and yuan:
        parts.append("零")
    if fen:
        parts.append(_DIGITS[fen] + "分")
    if not parts:
        return "零元整"
    return "".join(parts) + ("" if fen else "整")


@cache
def body_engine() -> Engine:
    """A template engine for agency-edited bodies: no loaders, no extra tags.

    Without loaders ``{% include %}`` and ``{% extends %}`` cannot reach other
    templates; the context holds only plain data, never model instances.
    """
    return Engine(loaders=[], libraries={}, autoescape=False, debug=False)


def check_body_template(body: str) -> None:
    """Refuse a body that does not compile, with a Chinese message."""
    try:
        body_engine().from_string(body)
    except TemplateSyntaxError as exc:
        raise LetterDataError(f"模板语法错误：{exc}") from None


def default_body(kind: str) -> str:
    return (DEFAULTS_DIR / f"{kind}.txt").read_text(encoding="utf-8")


@dataclass(frozen=True)
class LetterDocument:
    """One letter, laid out; both renderers write exactly this."""

    title: str
    number: str
    addressee: str
    paragraphs: tuple[str, ...]
    issuer: str
    date_zh: str
    notes: tuple[str, ...] = ()  # 附注 (clock explanation), smaller type
    seal: str = "（印章）"
    contact: str = ""

    def text(self) -> str:
        """The letter as plain text: stored with the letter and hashed."""
        lines = [self.title, self.number, self.addressee, *self.paragraphs]
        lines += [self.issuer, self.date_zh]
        if self.contact:
            lines.append(self.contact)
        if self.notes:
            lines += ["附注：", *self.notes]
        return "\n".join(line for line in lines if line)


def _deadline_context(deadline: Any) -> dict[str, Any] | None:
    """Accept a ``gongkai.workdays`` Deadline or a dict with ``due``/``text_zh``."""
    if deadline is None:
        return None
    if isinstance(deadline, Mapping):
        due = deadline.get("due")
        text = deadline.get("text_zh", "")
        extension_workdays = deadline.get("extension_workdays", 0)
        before = deadline.get("due_before_extension")
    else:
        due = deadline.due
        text = deadline.text_zh
        extension_workdays = getattr(deadline, "extension_workdays", 0)
        before = getattr(deadline, "due_before_extension", None)
    if isinstance(due, str):
        due = dt.date.fromisoformat(due)
    if isinstance(before, str):
        before = dt.date.fromisoformat(before)
    return {
        "due": due,
        "due_zh": format_date_zh(due),
        "text_zh": text,
        "lines": [line for line in str(text).splitlines() if line.strip()],
        "extension_workdays": extension_workdays,
        "due_before_extension_zh": format_date_zh(before),
    }


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        raise LetterDataError("日期应为日期，不是时间。")
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


class LetterGenerator:
    """Base: data + body template → context → :class:`LetterDocument` → files.

    Subclasses set ``kind`` and ``default_title`` and add their own data in
    :meth:`get_context_data`; ``required`` lists dotted data paths that must be
    present (checked before rendering, reported in Chinese).
    """

    kind: ClassVar[str]
    default_title: ClassVar[str]
    template_name: ClassVar[str] = "letters/pdf/letter.html"
    required: ClassVar[tuple[tuple[str, str], ...]] = ()
    addressed_to_applicant: ClassVar[bool] = True
    explains_clock: ClassVar[bool] = True  # a stated date gets its 附注

    def __init__(
        self,
        data: Mapping[str, Any],
        *,
        body: str | None = None,
        title: str | None = None,
    ) -> None:
        self.data = data
        self.body = body if body is not None else default_body(self.kind)
        self.title = title or self.default_title

    # -- context ---------------------------------------------------------------

    def _get(self, path: str) -> Any:
        value: Any = self.data
        for part in path.split("."):
            if not isinstance(value, Mapping):
                return None
            value = value.get(part)
        return value

    def check_required(self) -> None:
        missing = [
            label
            for path, label in self.required
            if self._get(path) in (None, "", [], ())
        ]
        if missing:
            raise LetterDataError(
                f"生成{LetterKind(self.kind).label}缺少：{'、'.join(missing)}"
            )

    def get_context_data(self) -> dict[str, Any]:
        self.check_required()
        data = self.data
        agency = dict(data.get("agency") or {})
        application = dict(data.get("application") or {})
        application["received_on"] = _date(application.get("received_on"))
        application["received_on_zh"] = format_date_zh(application["received_on"])
        letter = dict(data.get("letter") or {})
        letter["date"] = _date(letter.get("date"))
        letter["date_zh"] = format_date_zh(letter["date"])
        letter["title"] = self.title
        return {
            "kind": self.kind,
            "letter": letter,
            "agency": agency,
            "applicant": dict(data.get("applicant") or {}),
            "application": application,
            "deadline": _deadline_context(data.get("deadline")),
        }

    # -- document --------------------------------------------------------------

    def addressee(self, context: Mapping[str, Any]) -> str:
        return f"{context['applicant'].get('name', '')}："

    def render_body(self, context: Mapping[str, Any]) -> list[str]:
        try:
            template = body_engine().from_string(self.body)
            text = template.render(Context(dict(context), autoescape=False))
        except TemplateSyntaxError as exc:
            raise LetterDataError(f"模板语法错误：{exc}") from None
        return [
            re.sub(r"[ \t]+$", "", line).strip()
            for line in text.splitlines()
            if line.strip()
        ]

    def notes(self, context: Mapping[str, Any]) -> list[str]:
        deadline = context.get("deadline")
        if not self.explains_clock or not deadline or not deadline["lines"]:
            return []
        return ["期限计算说明", *deadline["lines"]]

    def contact(self, context: Mapping[str, Any]) -> str:
        agency = context["agency"]
        bits = []
        if agency.get("address"):
            bits.append(f"地址：{agency['address']}")
        if agency.get("postcode"):
            bits.append(f"邮编：{agency['postcode']}")
        if agency.get("phone"):
            bits.append(f"联系电话：{agency['phone']}")
        return "；".join(bits)

    def document(self) -> LetterDocument:
        context = self.get_context_data()
        return LetterDocument(
            title=self.title,
            number=context["letter"].get("number", ""),
            addressee=self.addressee(context),
            paragraphs=tuple(self.render_body(context)),
            issuer=context["agency"].get("name", ""),
            date_zh=context["letter"]["date_zh"],
            notes=tuple(self.notes(context)),
            contact=self.contact(context),
        )

    # -- renderers -------------------------------------------------------------

    def render_html(self, document: LetterDocument | None = None) -> str:
        doc = document or self.document()
        return render_to_string(
            self.template_name,
            {
                "doc": doc,
                "title_fonts": TITLE_FONT_STACK,
                "body_fonts": BODY_FONT_STACK,
                "margins": MARGINS_MM,
                "title_pt": TITLE_PT,
                "body_pt": BODY_PT,
                "note_pt": NOTE_PT,
                "line_pt": LINE_PT,
            },
        )

    def render_pdf(self, document: LetterDocument | None = None) -> bytes:
        from weasyprint import HTML  # heavy import, only when rendering

        pdf: bytes = HTML(string=self.render_html(document)).write_pdf()
        return pdf

    def render_docx(self, document: LetterDocument | None = None) -> bytes:
        from gongkai.letters.word import write_docx

        return write_docx(document or self.document())


# -- notices -------------------------------------------------------------------


class ReceiptLetter(LetterGenerator):
    """受理回执 — receipt date by channel (Art. 31) and the reply clock (Art. 33)."""

    kind = LetterKind.RECEIPT
    default_title = "政府信息公开申请接收回执"
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
        extension.setdefault("workdays", deadline["extension_workdays"] or 20)
        if int(extension["workdays"]) > 20:
            raise LetterDataError(
                "延长的期限最长不得超过20个工作日（条例第三十三条第二款）。"
            )
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
        context["fee"] = fee
        return context


# -- replies (答复书) ------------------------------------------------------------


class ReplyLetter(LetterGenerator):
    """答复书 — legal.md §6.1's elements, ground from :mod:`outcomes`."""

    default_title = "政府信息公开申请答复书"
    explains_clock = False
    required = (
        ("application.received_on", "收到申请日期"),
        ("reply.outcome", "办理结果"),
    )

    @property
    def family(self) -> outcomes.Family:
        return FAMILY_BY_REPLY_KIND[self.kind]

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        reply = dict(self.data["reply"])
        try:
            rule = outcomes.outcome_rule(reply["outcome"])
            ground = outcomes.ground_for(reply["outcome"], reply.get("ground"))
        except outcomes.UnknownOutcomeError as exc:
            raise LetterDataError(str(exc)) from None
        if rule.family is not self.family:
            raise LetterDataError(
                f"办理结果属于“{rule.family.label_zh}”，"
                f"不能生成“{self.family.label_zh}”答复书。"
            )
        missing = [
            NEEDS_LABELS_ZH[need] for need in ground.needs if not reply.get(need)
        ]
        if missing:
            raise LetterDataError(f"生成答复书缺少：{'、'.join(missing)}")
        reply["ground"] = ground.key
        reply["ground_label"] = ground.label_zh
        # Free text basis and decision only where the table has none (（六）3.其他):
        # everywhere else the citation comes from the table, never from input.
        free = "basis_text" in ground.needs
        reply["citation"] = reply["basis_text"] if free else ground.cite_zh
        reply["basis"] = f"根据{reply['basis_text']}的规定" if free else ground.basis_zh
        reply["decision"] = reply["decision_text"] if free else ground.decision_zh
        reply["family_label"] = rule.family.label_zh
        reply["provisions"] = [
            {"cite": p.cite_zh, "quote": p.quote} for p in ground.provisions
        ]
        if reply.get("withheld_ground"):
            withheld = _withheld_ground(reply["withheld_ground"])
            reply["withheld_citation"] = withheld.cite_zh
            reply["withheld_basis"] = withheld.basis_zh
            reply["withheld_reason"] = withheld.decision_zh
        context["reply"] = reply
        agency = context["agency"]
        context["rights_notice"] = outcomes.rights_notice_zh(
            self.family,
            reconsideration_body=agency.get("reconsideration_body", ""),
            court=agency.get("court", ""),
        )
        return context

    def render_body(self, context: Mapping[str, Any]) -> list[str]:
        """The body with the rights notice, which no edited template can drop.

        Placed where the template puts ``{{ rights_notice }}``; otherwise before
        a closing 特此答复/特此告知 line, or at the end.
        """
        paragraphs = super().render_body(context)
        notice = context["rights_notice"]
        if any(notice in p for p in paragraphs):
            return paragraphs
        if paragraphs and paragraphs[-1].startswith("特此"):
            return [*paragraphs[:-1], notice, paragraphs[-1]]
        return [*paragraphs, notice]


def _withheld_ground(key: str) -> outcomes.Ground:
    for rule in outcomes.OUTCOME_RULES.values():
        if rule.family is outcomes.Family.WITHHELD:
            for ground in rule.grounds:
                if ground.key == key:
                    return ground
    raise LetterDataError(f"不予公开部分的依据“{key}”不是不予公开的法定理由。")


class GrantedReply(ReplyLetter):
    """予以公开 — Art. 36 (一) already public / (二) can be disclosed."""

    kind = LetterKind.REPLY_GRANTED


class PartialReply(ReplyLetter):
    """部分公开 — Art. 37 区分处理, reasons for the withheld part."""

    kind = LetterKind.REPLY_PARTIAL


class WithheldReply(ReplyLetter):
    """不予公开 — Arts. 14, 15, 16 with Art. 36 (三), or Art. 36 (七)."""

    kind = LetterKind.REPLY_WITHHELD


class UnableReply(ReplyLetter):
    """无法提供 — Art. 36 (四)/(五), Art. 38, Art. 30 still unclear."""

    kind = LetterKind.REPLY_UNABLE


class NotProcessedReply(ReplyLetter):
    """不予处理 — Art. 39, Art. 36 (六), Art. 35."""

    kind = LetterKind.REPLY_NOT_PROCESSED


class OtherReply(ReplyLetter):
    """其他处理 — Art. 30 lapse (视为放弃申请), fee not paid, other."""

    kind = LetterKind.REPLY_OTHER


GENERATORS: dict[str, type[LetterGenerator]] = {
    cls.kind: cls
    for cls in (
        ReceiptLetter,
        CorrectionNotice,
        ExtensionNotice,
        ThirdPartyConsultation,
        AgencyConsultation,
        FeeNotice,
        GrantedReply,
        PartialReply,
        WithheldReply,
        UnableReply,
        NotProcessedReply,
        OtherReply,
    )
}


def generator_for(
    kind: str,
    data: Mapping[str, Any],
    *,
    body: str | None = None,
    title: str | None = None,
) -> LetterGenerator:
    try:
        cls = GENERATORS[kind]
    except KeyError:
        raise LetterDataError(f"未知的文书类型“{kind}”。") from None
    return cls(data, body=body, title=title)
