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

The package: ``base`` (layout, helpers, the document and the base class),
``notices`` and ``replies`` (one class per kind); ``generator_for`` picks one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gongkai.letters.generators.base import (
    BODY_FONT,
    BODY_FONT_STACK,
    BODY_PT,
    DEFAULTS_DIR,
    LATIN_FONT,
    LINE_PT,
    MARGINS_MM,
    NEEDS_LABELS_ZH,
    NOTE_PT,
    TITLE_FONT,
    TITLE_FONT_STACK,
    TITLE_PT,
    LetterDataError,
    LetterDocument,
    LetterGenerator,
    body_engine,
    check_body_template,
    clause,
    default_body,
    format_date_zh,
    rmb_upper,
    sentence,
    tidy,
)
from gongkai.letters.generators.notices import (
    AgencyConsultation,
    Art35DelayNotice,
    Art35ReasonsNotice,
    CorrectionNotice,
    ExtensionNotice,
    FeeNotice,
    ReceiptLetter,
    ThirdPartyConsultation,
    ThirdPartyDecisionNotice,
)
from gongkai.letters.generators.replies import (
    GrantedReply,
    NotProcessedReply,
    OtherReply,
    PartialReply,
    ReplyLetter,
    UnableReply,
    WithheldReply,
)

GENERATORS: dict[str, type[LetterGenerator]] = {
    cls.kind: cls
    for cls in (
        ReceiptLetter,
        CorrectionNotice,
        ExtensionNotice,
        ThirdPartyConsultation,
        AgencyConsultation,
        FeeNotice,
        ThirdPartyDecisionNotice,
        Art35ReasonsNotice,
        Art35DelayNotice,
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


__all__ = [
    "BODY_FONT",
    "BODY_FONT_STACK",
    "BODY_PT",
    "DEFAULTS_DIR",
    "GENERATORS",
    "LATIN_FONT",
    "LINE_PT",
    "MARGINS_MM",
    "NEEDS_LABELS_ZH",
    "NOTE_PT",
    "TITLE_FONT",
    "TITLE_FONT_STACK",
    "TITLE_PT",
    "AgencyConsultation",
    "Art35DelayNotice",
    "Art35ReasonsNotice",
    "CorrectionNotice",
    "ExtensionNotice",
    "FeeNotice",
    "GrantedReply",
    "LetterDataError",
    "LetterDocument",
    "LetterGenerator",
    "NotProcessedReply",
    "OtherReply",
    "PartialReply",
    "ReceiptLetter",
    "ReplyLetter",
    "ThirdPartyConsultation",
    "ThirdPartyDecisionNotice",
    "UnableReply",
    "WithheldReply",
    "body_engine",
    "check_body_template",
    "clause",
    "default_body",
    "format_date_zh",
    "generator_for",
    "rmb_upper",
    "sentence",
    "tidy",
]
