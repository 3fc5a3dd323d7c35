"""A letter body as paragraphs with named placeholders, for the simple editor.

A body template is one paragraph per line in Django template syntax
(``{{ correction.items }}``, ``{% if … %}``). A clerk edits the same text as
paragraphs in which each placeholder is a name in lenticular brackets —
``【补正事项】`` — and never sees template syntax. Lines that carry template
logic (``{% … %}``, possibly over several lines) or an expression this module
does not name stay as they are: the editor shows them read-only, and the raw
template editor remains for experts.

Framework-free: strings in, strings out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Template expression → the name a clerk sees (and types) in brackets.
PLACEHOLDERS: dict[str, str] = {
    "applicant.name": "申请人姓名或名称",
    "application.received_on_zh": "收到申请之日",
    "application.content": "申请公开的内容",
    "application.form_wanted": "要求的形式和获取方式",
    "application.query_code": "查询码",
    "deadline.due_zh": "本文书所述期限",
    "deadline.due_before_extension_zh": "延长前的答复期限",
    "correction.items": "补正事项",
    "correction.due_zh": "补正期限",
    "extension.reason": "延期理由",
    "extension.workdays": "延长工作日数",
    "consultation.matter": "征求意见涉及的情况",
    "fee.amount_zh": "收费金额",
    "fee.amount_upper": "大写金额",
    "fee.method_label": "计收方式",
    "fee.breakdown": "计算过程",
    "fee.payment": "缴纳方式",
    "reply.basis": "答复依据",
    "reply.decision": "处理决定",
    "reply.reasons": "理由",
    "reply.access": "获取方式、途径",
    "reply.withheld_part": "不予公开的内容",
    "reply.withheld_basis": "不予公开的依据",
    "reply.search": "检索情况",
    "reply.other_agency": "负责公开的机关",
    "reply.referral": "办理途径",
    "reply.previous_reply": "此前的答复",
    "reply.channel_hint": "申请渠道提示",
    "agency.name": "本机关名称",
    "agency.phone": "本机关联系电话",
}
#: Always offered, whatever the letter.
COMMON = (
    "applicant.name",
    "application.received_on_zh",
    "application.content",
    "application.query_code",
    "agency.name",
    "agency.phone",
)
BY_NAME: dict[str, str] = {name: expr for expr, name in PLACEHOLDERS.items()}

EXPR_RE = re.compile(r"\{\{\s*([A-Za-z_][\w.]*)\s*\}\}")
NAME_RE = re.compile(r"【([^【】]{1,30})】")
TAG_OPEN_RE = re.compile(r"\{%\s*(if|for|with|block|filter|spaceless|autoescape)\b")
TAG_CLOSE_RE = re.compile(r"\{%\s*end(if|for|with|block|filter|spaceless|autoescape)\b")


TAG_RE = re.compile(r"\{%\s*(\w+)[^%]*%\}")


def _tag_shown(match: re.Match[str]) -> str:
    return {
        "if": "〔视情况：",
        "elif": "〕〔或者：",
        "else": "〕〔否则：",
        "endif": "〕",
    }.get(match.group(1), "")


class ParagraphError(ValueError):
    """A paragraph the editor cannot turn into a template (Chinese message)."""


@dataclass(frozen=True)
class Paragraph:
    """One editable paragraph (``text`` with 【名称】) or a fixed block (``raw``)."""

    text: str = ""
    raw: str = ""

    @property
    def fixed(self) -> bool:
        return bool(self.raw)

    @property
    def shown(self) -> str:
        """A fixed block as the clerk reads it: names for the known expressions,
        conditions as 〔视情况：…〕."""
        if not self.raw:
            return self.text
        text = TAG_RE.sub(_tag_shown, to_names(self.raw))
        return text


def to_names(text: str) -> str:
    return EXPR_RE.sub(
        lambda m: (
            f"【{PLACEHOLDERS[m.group(1)]}】"
            if m.group(1) in PLACEHOLDERS
            else m.group(0)
        ),
        text,
    )


def _editable(line: str) -> bool:
    if "{%" in line or "{#" in line:
        return False
    return all(expr in PLACEHOLDERS for expr in EXPR_RE.findall(line)) and (
        "{{" not in EXPR_RE.sub("", line)
    )


def split(body: str) -> list[Paragraph]:
    """The body as paragraphs: a line of text, or a fixed block of template logic.

    A block opened by ``{% if %}`` (or another block tag) runs until its lines
    close it, so a condition spanning lines stays whole.
    """
    paragraphs: list[Paragraph] = []
    pending: list[str] = []
    depth = 0
    for line in body.replace("\r\n", "\n").split("\n"):
        depth += len(TAG_OPEN_RE.findall(line)) - len(TAG_CLOSE_RE.findall(line))
        if pending or depth > 0:
            pending.append(line)
            if depth <= 0:
                paragraphs.append(Paragraph(raw="\n".join(pending)))
                pending, depth = [], 0
            continue
        if not line.strip():
            continue
        if _editable(line):
            paragraphs.append(Paragraph(text=to_names(line)))
        else:
            paragraphs.append(Paragraph(raw=line))
    if pending:
        paragraphs.append(Paragraph(raw="\n".join(pending)))
    return paragraphs


def to_template(text: str) -> str:
    """One paragraph typed by a clerk → its template line.

    Every 【名称】 must be a known placeholder; template syntax typed by hand is
    refused (it belongs in the raw editor).
    """
    line = " ".join(text.split())  # one paragraph: no line breaks
    if "{{" in line or "{%" in line or "{#" in line or "}}" in line or "%}" in line:
        raise ParagraphError(
            "段落中不能直接写模板代码，请使用【占位符】，或改用原始模板编辑。"
        )
    unknown = [name for name in NAME_RE.findall(line) if name not in BY_NAME]
    if unknown:
        raise ParagraphError(f"未知的占位符：【{unknown[0]}】。请从占位符列表中选择。")
    return NAME_RE.sub(lambda m: "{{ " + BY_NAME[m.group(1)] + " }}", line)


def join(paragraphs: list[Paragraph]) -> str:
    """Paragraphs back into a body template (fixed blocks verbatim)."""
    lines = []
    for paragraph in paragraphs:
        if paragraph.fixed:
            lines.append(paragraph.raw)
        elif paragraph.text.strip():
            lines.append(to_template(paragraph.text))
    return "\n".join(lines)


def offered(default_body: str) -> list[tuple[str, str]]:
    """The placeholders to offer for a letter: those its default uses, then the common ones."""
    used = [e for e in EXPR_RE.findall(default_body) if e in PLACEHOLDERS]
    order = list(dict.fromkeys([*used, *COMMON]))
    return [(PLACEHOLDERS[e], e) for e in order]
