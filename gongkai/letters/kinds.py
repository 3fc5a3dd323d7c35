"""The kinds of letter Gongkai writes, and which 答复书 answers which outcome."""

from __future__ import annotations

from django.db import models

from gongkai.law.outcomes import Family, family_for


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", "受理回执"
    CORRECTION = "correction", "补正告知书"
    EXTENSION = "extension", "延期答复告知书"
    CONSULT_THIRD_PARTY = "consult_third_party", "征求意见书（第三方）"
    CONSULT_AGENCY = "consult_agency", "征求意见书（共同制作机关）"
    FEE_NOTICE = "fee_notice", "收费通知书"
    THIRD_PARTY_DECISION = "third_party_decision", "决定公开告知书（第三方）"
    ART35_REASONS = "art35_reasons", "说明理由告知书"
    ART35_DELAY = "art35_delay", "延迟答复告知书"
    REPLY_GRANTED = "reply_granted", "答复书（予以公开）"
    REPLY_PARTIAL = "reply_partial", "答复书（部分公开）"
    REPLY_WITHHELD = "reply_withheld", "答复书（不予公开）"
    REPLY_UNABLE = "reply_unable", "答复书（无法提供）"
    REPLY_NOT_PROCESSED = "reply_not_processed", "答复书（不予处理）"
    REPLY_OTHER = "reply_other", "答复书（其他处理）"


REPLY_KIND_BY_FAMILY: dict[Family, LetterKind] = {
    Family.GRANTED: LetterKind.REPLY_GRANTED,
    Family.PARTIAL: LetterKind.REPLY_PARTIAL,
    Family.WITHHELD: LetterKind.REPLY_WITHHELD,
    Family.UNABLE: LetterKind.REPLY_UNABLE,
    Family.NOT_PROCESSED: LetterKind.REPLY_NOT_PROCESSED,
    Family.OTHER: LetterKind.REPLY_OTHER,
}
FAMILY_BY_REPLY_KIND: dict[str, Family] = {
    kind.value: family for family, kind in REPLY_KIND_BY_FAMILY.items()
}


def reply_kind_for(outcome: str) -> LetterKind:
    """The 答复书 kind for a leaf outcome of table 三."""
    return REPLY_KIND_BY_FAMILY[family_for(outcome)]


def is_reply(kind: str) -> bool:
    return kind in FAMILY_BY_REPLY_KIND
