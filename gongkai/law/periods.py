"""The statutory periods, in working days, each with its citation and message.

One constant per rule; the clocks (``gongkai.workdays.clocks``), the forms, the
services and the letters read these and type no number of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.law import provisions as p
from gongkai.law.citations import Citation


@dataclass(frozen=True)
class Period:
    """A period of ``workdays`` working days set by ``basis``."""

    key: str
    workdays: int
    basis: Citation
    label_zh: str

    @property
    def text_zh(self) -> str:
        return f"{self.workdays}个工作日"


#: Art. 30: the single 补正 notice within 7 working days of receipt.
CORRECTION_NOTICE = Period("correction_notice", 7, p.ART_30_NOTICE, "补正告知期限")
#: Art. 33 ¶2: the reply within 20 working days of receipt.
REPLY = Period("reply", 20, p.ART_33_2, "答复期限")
#: Art. 33 ¶2: an extension of at most 20 working days.
EXTENSION_MAX = Period("extension_max", 20, p.ART_33_2_EXTENSION, "延长答复期限的上限")
#: Art. 32: the third party's 15 working days from receiving the letter.
THIRD_PARTY_CONSULTATION = Period(
    "third_party_consultation", 15, p.ART_32, "第三方提出意见的期限"
)
#: Art. 34: the co-producing agency's 15 working days; silence = consent.
AGENCY_CONSULTATION = Period(
    "agency_consultation", 15, p.ART_34, "共同制作机关提出意见的期限"
)
#: Fee measures: payment within 20 working days from the day after the notice.
FEE_PAYMENT = Period("fee_payment", 20, p.FEE_PAYMENT, "缴费期限")
#: Art. 26: proactive publication within 20 working days of creation or change.
PUBLICATION = Period("publication", 20, p.ART_26, "主动公开期限")
#: Art. 30 fixes no number for the applicant's 补正 period; Jiangsu's norms
#: (reference only) say "一般不超过15个工作日". The agency's default.
CORRECTION_PERIOD_DEFAULT = Period(
    "correction_period_default", 15, p.JIANGSU_CORRECTION, "补正期限（参考）"
)
#: The longest 补正 period the forms accept (an agency setting's ceiling, not law:
#: a period far beyond Jiangsu's 15 days is no longer "合理").
CORRECTION_PERIOD_CEILING = 60

#: The consulted party's period, by kind (Arts. 32, 34): the same length.
CONSULTATION_WORKDAYS = THIRD_PARTY_CONSULTATION.workdays

#: Appeal periods (for the rights notice and table 四 counting).
RECONSIDERATION_DAYS = 60  # 行政复议法 第二十条第一款: 六十日
RECONSIDERATION_NO_NOTICE_MAX = "一年"  # 行政复议法 第二十条第三款
LITIGATION_MONTHS = 6  # 行政诉讼法 第四十六条第一款: 六个月
LITIGATION_AFTER_RECONSIDERATION_DAYS = 15  # 行政诉讼法 第四十五条: 十五日


def extension_cap_message(asked: int | None = None) -> str:
    """The Chinese refusal of an extension longer than the cap (Art. 33 ¶2)."""
    text = (
        f"延长的期限最长不得超过{EXTENSION_MAX.workdays}个工作日"
        f"（{EXTENSION_MAX.basis.short_zh}）"
    )
    if asked is not None:
        return f"{text}，收到的是{asked}个。"
    return f"{text}。"


def extension_in_range(workdays: int) -> bool:
    return 1 <= workdays <= EXTENSION_MAX.workdays


def correction_notice_late_message(due_zh: str) -> str:
    return (
        f"补正告知晚于{CORRECTION_NOTICE.basis.short_zh}规定的"
        f"{CORRECTION_NOTICE.text_zh}期限（{due_zh}）"
    )


#: 网络安全法 Art. 21 (3): security-log entries are kept "不少于六个月". Six
#: calendar months are at most 184 days (July to December), so no entry younger
#: than that may be deleted (``gongkai.accounts.securitylog.purge``).
SECURITY_LOG_RETENTION_DAYS = 184
SECURITY_LOG_RETENTION_BASIS = p.CYBERSECURITY_LOG_RETENTION
