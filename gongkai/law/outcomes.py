"""Outcome family → grounds → table 三 leaf row: the one table for decisions.

Every final outcome of an application is a leaf row of table 三
(``gongkai.annual.formats``, keys such as ``withheld_third_party``). Each row
belongs to a **family** (予以公开, 部分公开, 不予公开, 无法提供, 不予处理, 其他处理),
which selects the 答复书, and has one or more lawful **grounds**: the provisions
a reply with that outcome cites, to 条/款/项, and the decision sentence. The first
ground is the default; an outcome with several grounds (予以公开 under Art. 36
(一) or (二)) lets the handler choose.

Jiangsu's 答复规范 (legal.md §6.1): "引用的条文要与政府信息公开处理决定一致" — a
reply cites exactly the provisions of its ground, so ground and decision never
disagree. The leaf keys and the family labels come from ``annual.formats``; a
test holds this table to the formats' leaf rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from gongkai.annual.formats import FORMAT_2019, FORMAT_2021
from gongkai.law import provisions as p
from gongkai.law.citations import Citation


class Family(StrEnum):
    """The six result groups of table 三 （一）–（六）, one 答复书 each."""

    GRANTED = "granted"
    PARTIAL = "partial"
    WITHHELD = "withheld"
    UNABLE = "unable"
    NOT_PROCESSED = "not_processed"
    OTHER = "other"

    @property
    def label_zh(self) -> str:
        """予以公开 … 其他处理: the official row or group label without its number."""
        return _FAMILY_LABELS[self]


#: Where each family's label sits in the 2021 format: a leaf row or a group.
_FAMILY_SOURCES: dict[Family, str] = {
    Family.GRANTED: "granted",
    Family.PARTIAL: "partially_granted",
    Family.WITHHELD: "withheld",
    Family.UNABLE: "unable",
    Family.NOT_PROCESSED: "not_processed",
    Family.OTHER: "other_handling",
}


def _family_label(source: str) -> str:
    if source in FORMAT_2021.table3_by_key:
        return FORMAT_2021.table3_by_key[source].short
    label = FORMAT_2021.table3_groups_by_key[source].label
    return label.split("）", 1)[1]


_FAMILY_LABELS: dict[Family, str] = {
    f: _family_label(source) for f, source in _FAMILY_SOURCES.items()
}

#: The family of each group of table 三 (rows directly under 三、 are named above).
_FAMILY_OF_GROUP: dict[str, Family] = {
    "withheld": Family.WITHHELD,
    "unable": Family.UNABLE,
    "not_processed": Family.NOT_PROCESSED,
    "other_handling": Family.OTHER,
}
_FAMILY_OF_RESULT_ROW: dict[str, Family] = {
    "granted": Family.GRANTED,
    "partially_granted": Family.PARTIAL,
    "other": Family.OTHER,  # 2019: one （六）其他处理 row
}


def family_of_leaf(outcome: str) -> Family:
    """The family of a leaf row, read from its place in table 三."""
    for fmt in (FORMAT_2021, FORMAT_2019):
        row = fmt.table3_by_key.get(outcome)
        if row is not None and row.leaf:
            if row.group in _FAMILY_OF_GROUP:
                return _FAMILY_OF_GROUP[row.group]
            return _FAMILY_OF_RESULT_ROW[row.key]
    raise UnknownOutcomeError(
        f"未知的办理结果“{outcome}”：答复书只能按年度报告表三的末级办理结果生成"
    )


#: Every field a reply may print, with the label a handler and an error message use.
FIELD_LABELS_ZH: dict[str, str] = {
    "access": "获取政府信息的方式、途径",
    "withheld_part": "不予公开的内容",
    "withheld_ground": "不予公开部分的依据",
    "reasons": "理由",
    "referral": "依照有关法律、行政法规办理的途径",
    "other_agency": "负责公开该政府信息的行政机关名称",
    "other_agency_contact": "该行政机关的联系方式",
    "other_agency_unknown": "无法确定负责公开的行政机关的原因",
    "basis_text": "法律依据（写明法律、法规的名称和条款）",
    "decision_text": "处理决定",
    "art35_requested_on": "要求申请人说明理由的日期",
    "disclosure_reason": "决定公开的理由（第三方不同意公开时书面告知第三方）",
}
#: The fields a handler types on the decision form (the rest come from the case).
FORM_FIELDS: tuple[str, ...] = (
    "access",
    "withheld_part",
    "withheld_ground",
    "reasons",
    "referral",
    "other_agency",
    "other_agency_contact",
    "other_agency_unknown",
    "basis_text",
    "decision_text",
    "disclosure_reason",
)


def _given(values: Mapping[str, object], name: str) -> bool:
    value = values.get(name)
    return bool(value.strip()) if isinstance(value, str) else bool(value)


@dataclass(frozen=True)
class Ground:
    """A lawful ground for an outcome: what is cited and what is decided."""

    key: str
    label_zh: str  # shown in the handler's choice list
    provisions: tuple[Citation, ...]
    decision_zh: str  # the decision, one sentence, in the reply's voice
    needs: tuple[str, ...] = ()  # fields the reply must state
    optional: tuple[str, ...] = ()  # fields the reply prints when given
    #: Alternatives of which one complete set must be given (Art. 36 (五):
    #: the responsible agency's name and contact, or why it cannot be determined).
    one_of: tuple[tuple[str, ...], ...] = ()
    #: Art. 15: warn before saving when no third party was consulted (Art. 32).
    warn_unconsulted: bool = False
    #: Art. 35: the request for reasons (and its date) must be on record first.
    needs_art35_request: bool = False
    #: For a withheld part (Art. 37): what the part is, e.g. 依法确定为国家秘密.
    nature_zh: str = ""

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field the letter of this ground prints; nothing else prints."""
        seen: list[str] = []
        for name in (*self.needs, *self.optional, *(f for s in self.one_of for f in s)):
            if name not in seen:
                seen.append(name)
        return tuple(seen)

    @property
    def form_fields(self) -> tuple[str, ...]:
        """The fields a handler fills in on the decision form for this ground."""
        return tuple(f for f in self.fields if f in FORM_FIELDS)

    def unused(self, values: Mapping[str, object]) -> tuple[str, ...]:
        """Fields of the alternatives not taken: the first complete one is kept."""
        for chosen in self.one_of:
            if all(_given(values, f) for f in chosen):
                return tuple(
                    f
                    for alt in self.one_of
                    if alt is not chosen
                    for f in alt
                    if f not in chosen
                )
        return ()

    def missing(self, values: Mapping[str, object]) -> list[str]:
        """Labels of what the letter still lacks (Chinese), in form order."""

        def given(name: str) -> bool:
            return _given(values, name)

        missing = [FIELD_LABELS_ZH[n] for n in self.needs if not given(n)]
        if self.one_of and not any(all(given(f) for f in s) for s in self.one_of):
            options = "；或者".join(
                "、".join(FIELD_LABELS_ZH[f] for f in s) for s in self.one_of
            )
            missing.append(f"{options}")
        return missing

    @property
    def binding(self) -> bool:
        """False where the only provision is a reference norm (cited with 参照)."""
        return all(c.instrument.binding for c in self.provisions)

    @property
    def cite_zh(self) -> str:
        """`《…条例》第十四条、第三十六条第三项`: grouped by instrument, in order."""
        by_instrument: dict[str, list[str]] = {}
        titles: dict[str, str] = {}
        for c in self.provisions:
            titles.setdefault(c.instrument.key, c.instrument.title)
            articles = by_instrument.setdefault(c.instrument.key, [])
            if c.article_zh not in articles:
                articles.append(c.article_zh)
        return "和".join(f"{titles[k]}{'、'.join(a)}" for k, a in by_instrument.items())

    @property
    def basis_zh(self) -> str:
        """The citation phrase of a reply: `根据《…》第…条的规定`."""
        verb = "根据" if self.binding else "参照"
        return f"{verb}{self.cite_zh}的规定"


@dataclass(frozen=True)
class OutcomeRule:
    outcome: str  # leaf key of table 三 (gongkai.annual.formats)
    grounds: tuple[Ground, ...]

    @property
    def family(self) -> Family:
        return family_of_leaf(self.outcome)

    @property
    def default_ground(self) -> Ground:
        return self.grounds[0]


class UnknownOutcomeError(ValueError):
    """The outcome or ground is not in the table; the message is Chinese."""


# -- grounds -------------------------------------------------------------------


def _withheld(key: str, label: str, provision: Citation, reason: str) -> Ground:
    """不予公开 on a ground of Arts. 14–16, replied to under Art. 36 (三)."""
    return Ground(
        key,
        label,
        (provision, p.ART_36_3),
        f"您申请公开的政府信息{reason}，本机关决定不予公开。",
        needs=("reasons",),
        warn_unconsulted=provision is p.ART_15,
        nature_zh=reason,
    )


GROUND_PROACTIVE = Ground(
    "art36_1",
    f"已主动公开，告知获取方式、途径（{p.ART_36_1.article_zh}）",
    (p.ART_36_1,),
    "您申请公开的政府信息已经主动公开，现告知您获取该政府信息的方式、途径。",
    needs=("access",),
)
GROUND_PROVIDE = Ground(
    "art36_2",
    f"可以公开，予以提供（{p.ART_36_2.article_zh}）",
    (p.ART_36_2,),
    "您申请公开的政府信息属于可以公开的政府信息，本机关决定予以公开。",
    needs=("access",),
    optional=("disclosure_reason",),
)
GROUND_PARTIAL = Ground(
    "art37",
    f"区分处理，部分公开（{p.ART_37.article_zh}）",
    (p.ART_37, p.ART_36_2),
    "您申请公开的信息中含有不应当公开或者不属于政府信息的内容，但能够作区分处理，"
    "本机关决定向您提供可以公开的政府信息内容，对不予公开的内容说明理由如下。",
    needs=("access", "withheld_part", "withheld_ground", "reasons"),
    optional=("disclosure_reason",),
)
GROUND_STATE_SECRET = _withheld(
    "art14_secret",
    f"属于国家秘密（{p.ART_14.article_zh}）",
    p.ART_14,
    "依法确定为国家秘密",
)
GROUND_LAW_FORBIDDEN = _withheld(
    "art14_law",
    f"法律、行政法规禁止公开（{p.ART_14.article_zh}）",
    p.ART_14,
    "属于法律、行政法规禁止公开的政府信息",
)
GROUND_THREE_SAFETY = _withheld(
    "art14_safety",
    f"危及“三安全一稳定”（{p.ART_14.article_zh}）",
    p.ART_14,
    "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
)
GROUND_THIRD_PARTY = _withheld(
    "art15",
    f"保护第三方合法权益（{p.ART_15.article_zh}）",
    p.ART_15,
    "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
)
GROUND_INTERNAL = _withheld(
    "art16_1",
    f"三类内部事务信息（{p.ART_16_1.article_zh}）",
    p.ART_16_1,
    "属于行政机关的内部事务信息（人事管理、后勤管理、内部工作流程等方面的信息）",
)
GROUND_PROCESS = _withheld(
    "art16_2_process",
    f"四类过程性信息（{p.ART_16_2.article_zh}）",
    p.ART_16_2,
    "属于行政机关在履行行政管理职能过程中形成的过程性信息"
    "（讨论记录、过程稿、磋商信函、请示报告等）",
)
GROUND_ENFORCEMENT = _withheld(
    "art16_2_enforcement",
    f"行政执法案卷（{p.ART_16_2.article_zh}）",
    p.ART_16_2,
    "属于行政执法案卷信息",
)
GROUND_INQUIRY = Ground(
    "art36_7",
    f"属于行政查询事项（{p.ART_36_7.article_zh}）",
    (p.ART_36_7,),
    "您申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的信息，"
    "请依照有关法律、行政法规的规定办理。",
    needs=("referral", "reasons"),
)
GROUND_NOT_EXIST = Ground(
    "art36_4",
    f"经检索不存在（{p.ART_36_4.article_zh}）",
    (p.ART_36_4,),
    "经检索，本机关没有您所申请公开的政府信息，现告知您该政府信息不存在。",
    needs=("reasons",),
)
GROUND_NOT_OURS = Ground(
    "art36_5",
    f"不属于本机关负责公开（{p.ART_36_5.article_zh}）",
    (p.ART_36_5,),
    "您所申请公开的政府信息不属于本机关负责公开。",
    needs=("reasons",),
    one_of=(("other_agency", "other_agency_contact"), ("other_agency_unknown",)),
)
GROUND_NEEDS_CREATION = Ground(
    "art38",
    f"需要另行加工、分析（{p.ART_38.article_zh}）",
    (p.ART_38,),
    "您所申请的信息需要本机关对现有政府信息进行加工、分析才能形成，本机关不予提供。",
    needs=("reasons",),
)
GROUND_STILL_UNCLEAR = Ground(
    "art30_unclear",
    f"补正后仍不明确（{p.ART_30_UNCLEAR.article_zh}）",
    (p.ART_30_UNCLEAR,),
    "经补正，您的申请内容仍不明确，本机关无法确定您所申请公开的政府信息，无法向您提供。",
    needs=("reasons",),
)
GROUND_PETITION = Ground(
    "art39_1",
    f"信访、投诉、举报（{p.ART_39_1.article_zh}）",
    (p.ART_39_1,),
    "您以政府信息公开申请的形式提出的事项属于信访、投诉、举报等诉求，本机关不作为"
    "政府信息公开申请处理，您可以通过相应渠道提出。",
    needs=("reasons",),
)
GROUND_REPEAT = Ground(
    "art36_6",
    f"重复申请（{p.ART_36_6.article_zh}）",
    (p.ART_36_6,),
    "本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同政府信息，本机关"
    "不予重复处理。",
    needs=("reasons",),
)
GROUND_PUBLICATION = Ground(
    "art39_2",
    f"要求提供公开出版物（{p.ART_39_2.article_zh}）",
    (p.ART_39_2,),
    "您申请的内容为要求提供政府公报、报刊、书籍等公开出版物，现告知您获取的途径。",
    needs=("access", "reasons"),
)
GROUND_MASSIVE = Ground(
    "art35",
    f"无正当理由大量反复申请（{p.ART_35_REFUSE.article_zh}）",
    (p.ART_35_REFUSE,),
    "您申请公开政府信息的数量、频次明显超过合理范围，经要求说明理由，本机关认为申请"
    "理由不合理，决定不予处理。",
    needs=("reasons", "art35_requested_on"),
    needs_art35_request=True,
)
GROUND_CONFIRM = Ground(
    "confirm",
    "要求确认或重新出具已获取信息（参照江苏答复规范）",
    (p.JIANGSU_CONFIRM,),
    "您要求本机关对已获取的政府信息进行确认或者重新出具，本机关不予处理。",
    needs=("reasons",),
)
GROUND_LAPSE = Ground(
    "art30_lapse",
    f"逾期不补正，视为放弃申请（{p.ART_30_LAPSE.article_zh}）",
    (p.ART_30_LAPSE,),
    "您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
    needs=("reasons",),
)
GROUND_UNPAID = Ground(
    "fee_unpaid",
    f"逾期未缴纳信息处理费（《{p.FEE_PAYMENT.instrument.short}》）",
    (p.ART_42, p.FEE_PAYMENT),
    "您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息"
    "公开申请。",
    needs=("reasons",),
)
GROUND_OTHER = Ground(
    "other",
    "其他（须写明依据）",
    (),
    "",
    needs=("basis_text", "decision_text", "reasons"),
)

# -- the table -----------------------------------------------------------------

_GROUNDS_BY_OUTCOME: dict[str, tuple[Ground, ...]] = {
    "granted": (GROUND_PROVIDE, GROUND_PROACTIVE),
    "partially_granted": (GROUND_PARTIAL,),
    "withheld_state_secret": (GROUND_STATE_SECRET,),
    "withheld_law_forbidden": (GROUND_LAW_FORBIDDEN,),
    "withheld_three_safety_one_stability": (GROUND_THREE_SAFETY,),
    "withheld_third_party": (GROUND_THIRD_PARTY,),
    "withheld_internal_affairs": (GROUND_INTERNAL,),
    "withheld_process_info": (GROUND_PROCESS,),
    "withheld_enforcement_file": (GROUND_ENFORCEMENT,),
    "withheld_inquiry_matter": (GROUND_INQUIRY,),
    "unable_not_held": (GROUND_NOT_EXIST, GROUND_NOT_OURS),
    "unable_needs_creation": (GROUND_NEEDS_CREATION,),
    "unable_unclear_after_correction": (GROUND_STILL_UNCLEAR,),
    "not_processed_petition": (GROUND_PETITION,),
    "not_processed_repeat": (GROUND_REPEAT,),
    "not_processed_publication": (GROUND_PUBLICATION,),
    "not_processed_massive": (GROUND_MASSIVE,),
    "not_processed_confirm": (GROUND_CONFIRM,),
    "other_overdue_correction": (GROUND_LAPSE,),
    "other_unpaid_fee": (GROUND_UNPAID,),
    "other_other": (GROUND_OTHER,),
    # 2019 format (report years 2019–2020): one （六）其他处理 row.
    "other": (GROUND_LAPSE, GROUND_UNPAID, GROUND_OTHER),
}

OUTCOME_RULES: dict[str, OutcomeRule] = {
    outcome: OutcomeRule(outcome, grounds)
    for outcome, grounds in _GROUNDS_BY_OUTCOME.items()
}

GROUND_NOT_GOV_INFO = Ground(
    "art2_not_gov_info",
    f"不属于政府信息（{p.ART_2.article_zh}）",
    (p.ART_2,),
    "该部分内容不属于政府信息，本机关不予提供。",
    nature_zh="不属于《条例》所称的政府信息",
)

#: The grounds a 部分公开 reply may give for its withheld part (Art. 37): the
#: Arts. 14–16 grounds, or that the part is not government information (Art. 2).
#: Art. 36 (七) (行政查询) is no ground for withholding a part.
WITHHELD_GROUNDS: dict[str, Ground] = {
    g.key: g
    for g in (
        GROUND_STATE_SECRET,
        GROUND_LAW_FORBIDDEN,
        GROUND_THREE_SAFETY,
        GROUND_THIRD_PARTY,
        GROUND_INTERNAL,
        GROUND_PROCESS,
        GROUND_ENFORCEMENT,
        GROUND_NOT_GOV_INFO,
    )
}

_NAMED_LAW = re.compile(r"《[^》]+》.*第[一二三四五六七八九十百零〇\d]+条")


def basis_text_problem(text: str) -> str | None:
    """Why a free-text basis (（六）3 其他) is no citation, or None if it is one.

    The reply must name the law (in 书名号) and cite it to the article, e.g.
    《中华人民共和国政府信息公开条例》第三十六条第二项.
    """
    if _NAMED_LAW.search(text or ""):
        return None
    return (
        "“其他”处理须写明所依据的法律、法规的名称（加书名号）并引用到条、款、项，"
        f"例如：{p.ART_36_2.cite_zh}。"
    )


def withheld_ground(key: str) -> Ground:
    """The ground of a 部分公开 reply's withheld part; a Chinese error otherwise."""
    try:
        return WITHHELD_GROUNDS[key]
    except KeyError:
        raise UnknownOutcomeError(
            f"不予公开部分的依据“{key}”不是不予公开的法定理由。"
        ) from None


def outcome_rule(outcome: str) -> OutcomeRule:
    """The table row of a leaf outcome key; a Chinese error for an unknown key."""
    try:
        return OUTCOME_RULES[outcome]
    except KeyError:
        raise UnknownOutcomeError(
            f"未知的办理结果“{outcome}”：答复书只能按年度报告表三的末级办理结果生成"
        ) from None


def family_for(outcome: str) -> Family:
    return outcome_rule(outcome).family


def ground_for(outcome: str, ground_key: str | None = None) -> Ground:
    """The ground a reply cites: the chosen one, or the outcome's default.

    A ground that does not belong to the outcome is refused, so the cited
    provision always matches the decision (Jiangsu 答复规范 section 五).
    """
    rule = outcome_rule(outcome)
    if not ground_key:
        return rule.default_ground
    for ground in rule.grounds:
        if ground.key == ground_key:
            return ground
    allowed = "、".join(g.label_zh for g in rule.grounds)
    raise UnknownOutcomeError(
        f"法律依据“{ground_key}”与办理结果不一致：该结果只能引用{allowed}"
    )
