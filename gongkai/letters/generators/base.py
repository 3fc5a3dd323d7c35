"""What every letter shares: the layout (GB/T 9704—2012), text helpers, the
document and the generator base class that renders it to .docx and PDF."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from django.template import Context, Engine, TemplateSyntaxError
from django.template.loader import render_to_string

from gongkai.errors import DomainError
from gongkai.law import outcomes
from gongkai.law.holidays import PROVISIONAL_ZH
from gongkai.letters.kinds import LetterKind

DEFAULTS_DIR = Path(__file__).parent.parent / "templates" / "letters" / "defaults"


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
#: What the letter's stylesheet (``letters/pdf/letter.css``) is rendered with.
STYLE_CONTEXT: dict[str, Any] = {
    "title_fonts": TITLE_FONT_STACK,
    "body_fonts": BODY_FONT_STACK,
    "margins": MARGINS_MM,
    "title_pt": TITLE_PT,
    "body_pt": BODY_PT,
    "note_pt": NOTE_PT,
    "line_pt": LINE_PT,
}


def letter_stylesheet() -> str:
    """The letter's stylesheet, as inlined in its HTML and as the static file
    ``gongkai/static/gongkai/letter.css`` the preview links (kept equal by a test)."""
    return render_to_string("letters/pdf/letter.css", STYLE_CONTEXT)


class LetterDataError(DomainError, ValueError):
    """The data or template cannot make a lawful letter; the message is Chinese."""


#: The labels of the fields a reply may print (one vocabulary, in the law).
NEEDS_LABELS_ZH: dict[str, str] = outcomes.FIELD_LABELS_ZH


_END_PUNCT = "。．.；;，,、 \t\n"


def clause(text: Any) -> str:
    """Outside text used inside a sentence: no closing punctuation of its own."""
    return str(text or "").strip().rstrip(_END_PUNCT)


def sentence(text: Any) -> str:
    """Outside text used as a sentence: closed by exactly one 。."""
    body = clause(text)
    if not body:
        return ""
    return body if body[-1] in "！？" else body + "。"


_DOUBLED = (
    (re.compile(r"。+(?=[。，；：])"), ""),
    (re.compile(r"[，；、]+(?=[。])"), ""),
    (re.compile(r"。{2,}"), "。"),
)


def tidy(paragraph: str) -> str:
    """Remove doubled or clashing punctuation left where two texts meet."""
    for pattern, repl in _DOUBLED:
        paragraph = pattern.sub(repl, paragraph)
    return paragraph


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
    #: Laid out tighter (smaller 附注, less space): a receipt fits one page.
    compact: bool = False

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
        provisional = bool(deadline.get("provisional"))
    else:
        due = deadline.due
        text = deadline.text_zh
        extension_workdays = getattr(deadline, "extension_workdays", 0)
        before = getattr(deadline, "due_before_extension", None)
        provisional = bool(getattr(deadline, "provisional", False))
    if isinstance(due, str):
        due = dt.date.fromisoformat(due)
    if isinstance(before, str):
        before = dt.date.fromisoformat(before)
    # A date counted on a year whose 节假日安排 is not entered is marked 暂定 in
    # the body too; the 附注 (the clock's text) says why.
    mark = f"（{PROVISIONAL_ZH}）" if provisional else ""
    return {
        "due": due,
        "due_zh": format_date_zh(due) + mark,
        "provisional": provisional,
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
    compact: ClassVar[bool] = False

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
        # Quoted inside “…”。: the applicant's own closing 。 would double it.
        application["content"] = clause(application.get("content"))
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
            tidy(re.sub(r"[ \t]+$", "", line).strip())
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
            compact=self.compact,
        )

    # -- renderers -------------------------------------------------------------

    def render_html(
        self, document: LetterDocument | None = None, *, stylesheet_href: str = ""
    ) -> str:
        """The letter as HTML, its stylesheet inlined (for WeasyPrint, which
        fetches nothing) or, with ``stylesheet_href``, linked (a preview in a
        page whose Content Security Policy refuses inline styles)."""
        doc = document or self.document()
        return render_to_string(
            self.template_name,
            {"doc": doc, "stylesheet_href": stylesheet_href, **STYLE_CONTEXT},
        )

    def render_pdf(self, document: LetterDocument | None = None) -> bytes:
        from weasyprint import HTML  # heavy import, only when rendering

        pdf: bytes = HTML(string=self.render_html(document)).write_pdf()
        return pdf

    def render_docx(self, document: LetterDocument | None = None) -> bytes:
        from gongkai.letters.word import write_docx

        return write_docx(document or self.document())
