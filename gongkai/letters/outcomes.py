"""Leaf outcome → reply family → legal ground: the one table for 答复书.

Pure module (no Django). Every final outcome of an application is a leaf row
of table 三 (``gongkai.annual.formats``, keys such as ``withheld_third_party``).
Each row maps here to

- a **family**, which selects the 答复书 letter kind (予以公开, 部分公开, 不予公开,
  无法提供, 不予处理, 其他处理), and
- one or more **grounds**: the provisions a reply with that outcome must cite,
  to 条/款/项, and the decision sentence. The first ground is the default; an
  outcome with several lawful grounds (e.g. 予以公开 under Art. 36 (一) or (二))
  lets the handler choose one.

Jiangsu's 答复规范 (legal.md §6.1): "引用的条文要与政府信息公开处理决定一致" — a
reply cites exactly the provisions of its ground, so ground and decision can
never disagree. Rights to 行政复议 and 行政诉讼 are stated by
:func:`rights_notice_zh`.

Citation style follows ``gongkai.workdays.law`` (第三十六条第二项, 第十六条第二款).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》"
RECONSIDERATION_LAW = "《中华人民共和国行政复议法》"
LITIGATION_LAW = "《中华人民共和国行政诉讼法》"
JIANGSU_NORMS = "《江苏省政府信息公开申请办理答复规范》"


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
        return {
            Family.GRANTED: "予以公开",
            Family.PARTIAL: "部分公开",
            Family.WITHHELD: "不予公开",
            Family.UNABLE: "无法提供",
            Family.NOT_PROCESSED: "不予处理",
            Family.OTHER: "其他处理",
        }[self]


@dataclass(frozen=True)
class Provision:
    """One cited provision: instrument plus 条 (and 款/项 where the rule sits)."""

    instrument: str
    article: str  # e.g. 第三十六条第三项
    quote: str = ""  # the words that carry the rule, where verified

    @property
    def cite_zh(self) -> str:
        return f"{self.instrument}{self.article}"


@dataclass(frozen=True)
class Ground:
    """A lawful ground for an outcome: what is cited and what is decided."""

    key: str
    label_zh: str  # shown in the handler's choice list
    provisions: tuple[Provision, ...]
    decision_zh: str  # the decision, one sentence, in the reply's voice
    needs: tuple[str, ...] = ()  # extra fields the reply must state
    binding: bool = True  # False: a reference norm, cited with 参照 not 根据

    @property
    def cite_zh(self) -> str:
        """`《…条例》第十四条、第三十六条第三项`: grouped by instrument, in order."""
        by_instrument: dict[str, list[str]] = {}
        for p in self.provisions:
            articles = by_instrument.setdefault(p.instrument, [])
            if p.article not in articles:
                articles.append(p.article)
        return "和".join(f"{i}{'、'.join(a)}" for i, a in by_instrument.items())

    @property
    def basis_zh(self) -> str:
        """The citation phrase of a reply: `根据《…》第…条的规定`."""
        verb = "根据" if self.binding else "参照"
        return f"{verb}{self.cite_zh}的规定"


@dataclass(frozen=True)
class OutcomeRule:
    outcome: str  # leaf key of table 三 (gongkai.annual.formats)
    family: Family
    grounds: tuple[Ground, ...]

    @property
    def default_ground(self) -> Ground:
        return self.grounds[0]


class UnknownOutcomeError(ValueError):
    """The outcome or ground is not in the table; the message is Chinese."""


# -- provisions ----------------------------------------------------------------
# Quotations are from legal.md §4 where it quotes them; Arts. 14–16 are cited
# by number with the category words the table 三 labels use.

ART_14 = Provision(
    REGULATION,
    "第十四条",
    "依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能"
    "危及国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开",
)
ART_15 = Provision(
    REGULATION,
    "第十五条",
    "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开",
)
ART_16_1 = Provision(
    REGULATION,
    "第十六条第一款",
    "行政机关的内部事务信息，包括人事管理、后勤管理、内部工作流程等方面的信息，"
    "可以不予公开",
)
ART_16_2 = Provision(
    REGULATION,
    "第十六条第二款",
    "讨论记录、过程稿、磋商信函、请示报告等过程性信息以及行政执法案卷信息，"
    "可以不予公开",
)
ART_30 = Provision(
    REGULATION,
    "第三十条",
    "申请人无正当理由逾期不补正的，视为放弃申请，行政机关不再处理该政府信息公开申请",
)
ART_35 = Provision(
    REGULATION,
    "第三十五条",
    "行政机关认为申请理由不合理的，告知申请人不予处理",
)
ART_36_1 = Provision(
    REGULATION,
    "第三十六条第一项",
    "所申请公开信息已经主动公开的，告知申请人获取该政府信息的方式、途径",
)
ART_36_2 = Provision(
    REGULATION,
    "第三十六条第二项",
    "所申请公开信息可以公开的，向申请人提供该政府信息，或者告知申请人获取该政府信息"
    "的方式、途径和时间",
)
ART_36_3 = Provision(
    REGULATION,
    "第三十六条第三项",
    "行政机关依据本条例的规定决定不予公开的，告知申请人不予公开并说明理由",
)
ART_36_4 = Provision(
    REGULATION,
    "第三十六条第四项",
    "经检索没有所申请公开信息的，告知申请人该政府信息不存在",
)
ART_36_5 = Provision(
    REGULATION,
    "第三十六条第五项",
    "所申请公开信息不属于本行政机关负责公开的，告知申请人并说明理由；能够确定负责"
    "公开该政府信息的行政机关的，告知申请人该行政机关的名称、联系方式",
)
ART_36_6 = Provision(
    REGULATION,
    "第三十六条第六项",
    "行政机关已就申请人提出的政府信息公开申请作出答复、申请人重复申请公开相同政府"
    "信息的，告知申请人不予重复处理",
)
ART_36_7 = Provision(
    REGULATION,
    "第三十六条第七项",
    "有关法律、行政法规对信息的获取有特别规定的，告知申请人依照有关法律、行政法规"
    "的规定办理",
)
ART_37 = Provision(
    REGULATION,
    "第三十七条",
    "能够作区分处理的，行政机关应当向申请人提供可以公开的政府信息内容，并对不予公开"
    "的内容说明理由",
)
ART_38 = Provision(
    REGULATION,
    "第三十八条",
    "需要行政机关对现有政府信息进行加工、分析的，行政机关可以不予提供",
)
ART_39_1 = Provision(
    REGULATION,
    "第三十九条第一款",
    "告知申请人不作为政府信息公开申请处理并可以告知通过相应渠道提出",
)
ART_39_2 = Provision(REGULATION, "第三十九条第二款", "可以告知获取的途径")
ART_42 = Provision(
    REGULATION,
    "第四十二条",
    "申请人申请公开政府信息的数量、频次明显超过合理范围的，行政机关可以收取信息处理费",
)
# legal.md §5: the article number of the payment rule is unverified; cite by words.
FEE_NON_PAYMENT = Provision(
    FEE_MEASURES,
    "（国办函〔2020〕109号）",
    "申请人应当在收到收费通知次日起20个工作日内缴纳费用，逾期未缴纳的视为放弃申请，"
    "行政机关不再处理该政府信息公开申请",
)
# legal.md §4.7: no article of the Regulation; forwarded nationally "供工作中参考"
# by 国办公开办函〔2020〕2号, so a reply cites it with 参照.
JIANGSU_CONFIRM = Provision(
    JIANGSU_NORMS,
    "（苏政办函〔2019〕98号）",
    "申请人要求对已获取的政府信息进行确认或者重新出具的，行政机关可以不予处理",
)

# -- grounds -------------------------------------------------------------------


def _withheld(key: str, label: str, provision: Provision, reason: str) -> Ground:
    """不予公开 on a ground of Arts. 14–16, replied to under Art. 36 (三)."""
    return Ground(
        key,
        label,
        (provision, ART_36_3),
        f"您申请公开的政府信息{reason}，本机关决定不予公开。",
        needs=("reasons",),
    )


GROUND_PROACTIVE = Ground(
    "art36_1",
    "已主动公开，告知获取方式、途径（第三十六条第一项）",
    (ART_36_1,),
    "您申请公开的政府信息已经主动公开，现告知您获取该政府信息的方式、途径。",
    needs=("access",),
)
GROUND_PROVIDE = Ground(
    "art36_2",
    "可以公开，予以提供（第三十六条第二项）",
    (ART_36_2,),
    "您申请公开的政府信息属于可以公开的政府信息，本机关决定予以公开。",
    needs=("access",),
)
GROUND_PARTIAL = Ground(
    "art37",
    "区分处理，部分公开（第三十七条）",
    (ART_37, ART_36_2),
    "您申请公开的信息中含有不应当公开或者不属于政府信息的内容，但能够作区分处理，"
    "本机关决定向您提供可以公开的政府信息内容，对不予公开的内容说明理由如下。",
    needs=("access", "withheld_part", "reasons"),
)
GROUND_STATE_SECRET = _withheld(
    "art14_secret", "属于国家秘密（第十四条）", ART_14, "依法确定为国家秘密"
)
GROUND_LAW_FORBIDDEN = _withheld(
    "art14_law",
    "法律、行政法规禁止公开（第十四条）",
    ART_14,
    "属于法律、行政法规禁止公开的政府信息",
)
GROUND_THREE_SAFETY = _withheld(
    "art14_safety",
    "危及“三安全一稳定”（第十四条）",
    ART_14,
    "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
)
GROUND_THIRD_PARTY = _withheld(
    "art15",
    "保护第三方合法权益（第十五条）",
    ART_15,
    "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
)
GROUND_INTERNAL = _withheld(
    "art16_1",
    "三类内部事务信息（第十六条第一款）",
    ART_16_1,
    "属于行政机关的内部事务信息（人事管理、后勤管理、内部工作流程等方面的信息）",
)
GROUND_PROCESS = _withheld(
    "art16_2_process",
    "四类过程性信息（第十六条第二款）",
    ART_16_2,
    "属于行政机关在履行行政管理职能过程中形成的过程性信息"
    "（讨论记录、过程稿、磋商信函、请示报告等）",
)
GROUND_ENFORCEMENT = _withheld(
    "art16_2_enforcement",
    "行政执法案卷（第十六条第二款）",
    ART_16_2,
    "属于行政执法案卷信息",
)
GROUND_INQUIRY = Ground(
    "art36_7",
    "属于行政查询事项（第三十六条第七项）",
    (ART_36_7,),
    "您申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的信息，"
    "请依照有关法律、行政法规的规定办理。",
    needs=("referral",),
)
GROUND_NOT_EXIST = Ground(
    "art36_4",
    "经检索不存在（第三十六条第四项）",
    (ART_36_4,),
    "经检索，本机关没有您所申请公开的政府信息，现告知您该政府信息不存在。",
)
GROUND_NOT_OURS = Ground(
    "art36_5",
    "不属于本机关负责公开（第三十六条第五项）",
    (ART_36_5,),
    "您所申请公开的政府信息不属于本机关负责公开。",
    needs=("reasons",),
)
GROUND_NEEDS_CREATION = Ground(
    "art38",
    "需要另行加工、分析（第三十八条）",
    (ART_38,),
    "您所申请的信息需要本机关对现有政府信息进行加工、分析才能形成，本机关不予提供。",
)
GROUND_STILL_UNCLEAR = Ground(
    "art30_unclear",
    "补正后仍不明确（第三十条）",
    (ART_30,),
    "经补正，您的申请内容仍不明确，本机关无法确定您所申请公开的政府信息，无法向您提供。",
)
GROUND_PETITION = Ground(
    "art39_1",
    "信访、投诉、举报（第三十九条第一款）",
    (ART_39_1,),
    "您以政府信息公开申请的形式提出的事项属于信访、投诉、举报等诉求，本机关不作为"
    "政府信息公开申请处理，您可以通过相应渠道提出。",
)
GROUND_REPEAT = Ground(
    "art36_6",
    "重复申请（第三十六条第六项）",
    (ART_36_6,),
    "本机关已就您提出的政府信息公开申请作出答复，您重复申请公开相同政府信息，本机关"
    "不予重复处理。",
)
GROUND_PUBLICATION = Ground(
    "art39_2",
    "要求提供公开出版物（第三十九条第二款）",
    (ART_39_2,),
    "您申请的内容为要求提供政府公报、报刊、书籍等公开出版物，现告知您获取的途径。",
    needs=("access",),
)
GROUND_MASSIVE = Ground(
    "art35",
    "无正当理由大量反复申请（第三十五条）",
    (ART_35,),
    "您申请公开政府信息的数量、频次明显超过合理范围，经要求说明理由，本机关认为申请"
    "理由不合理，决定不予处理。",
)
GROUND_CONFIRM = Ground(
    "confirm",
    "要求确认或重新出具已获取信息（参照江苏答复规范）",
    (JIANGSU_CONFIRM,),
    "您要求本机关对已获取的政府信息进行确认或者重新出具，本机关不予处理。",
    binding=False,
)
GROUND_LAPSE = Ground(
    "art30_lapse",
    "逾期不补正，视为放弃申请（第三十条）",
    (ART_30,),
    "您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
)
GROUND_UNPAID = Ground(
    "fee_unpaid",
    "逾期未缴纳信息处理费（《信息处理费管理办法》）",
    (ART_42, FEE_NON_PAYMENT),
    "您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息"
    "公开申请。",
)
GROUND_OTHER = Ground(
    "other",
    "其他（须写明依据）",
    (),
    "",
    needs=("basis_text", "decision_text"),
)

# -- the table -----------------------------------------------------------------

_RULES: tuple[OutcomeRule, ...] = (
    OutcomeRule("granted", Family.GRANTED, (GROUND_PROVIDE, GROUND_PROACTIVE)),
    OutcomeRule("partially_granted", Family.PARTIAL, (GROUND_PARTIAL,)),
    OutcomeRule("withheld_state_secret", Family.WITHHELD, (GROUND_STATE_SECRET,)),
    OutcomeRule("withheld_law_forbidden", Family.WITHHELD, (GROUND_LAW_FORBIDDEN,)),
    OutcomeRule(
        "withheld_three_safety_one_stability", Family.WITHHELD, (GROUND_THREE_SAFETY,)
    ),
    OutcomeRule("withheld_third_party", Family.WITHHELD, (GROUND_THIRD_PARTY,)),
    OutcomeRule("withheld_internal_affairs", Family.WITHHELD, (GROUND_INTERNAL,)),
    OutcomeRule("withheld_process_info", Family.WITHHELD, (GROUND_PROCESS,)),
    OutcomeRule("withheld_enforcement_file", Family.WITHHELD, (GROUND_ENFORCEMENT,)),
    OutcomeRule("withheld_inquiry_matter", Family.WITHHELD, (GROUND_INQUIRY,)),
    OutcomeRule("unable_not_held", Family.UNABLE, (GROUND_NOT_EXIST, GROUND_NOT_OURS)),
    OutcomeRule("unable_needs_creation", Family.UNABLE, (GROUND_NEEDS_CREATION,)),
    OutcomeRule(
        "unable_unclear_after_correction", Family.UNABLE, (GROUND_STILL_UNCLEAR,)
    ),
    OutcomeRule("not_processed_petition", Family.NOT_PROCESSED, (GROUND_PETITION,)),
    OutcomeRule("not_processed_repeat", Family.NOT_PROCESSED, (GROUND_REPEAT,)),
    OutcomeRule(
        "not_processed_publication", Family.NOT_PROCESSED, (GROUND_PUBLICATION,)
    ),
    OutcomeRule("not_processed_massive", Family.NOT_PROCESSED, (GROUND_MASSIVE,)),
    OutcomeRule("not_processed_confirm", Family.NOT_PROCESSED, (GROUND_CONFIRM,)),
    OutcomeRule("other_overdue_correction", Family.OTHER, (GROUND_LAPSE,)),
    OutcomeRule("other_unpaid_fee", Family.OTHER, (GROUND_UNPAID,)),
    OutcomeRule("other_other", Family.OTHER, (GROUND_OTHER,)),
    # 2019 format (report years 2019–2020): one （六）其他处理 row.
    OutcomeRule("other", Family.OTHER, (GROUND_LAPSE, GROUND_UNPAID, GROUND_OTHER)),
)

OUTCOME_RULES: dict[str, OutcomeRule] = {r.outcome: r for r in _RULES}


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


# -- remedies ------------------------------------------------------------------

RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6


def reconsideration_first(family: Family) -> bool:
    """Whether 行政复议 must come before 行政诉讼 (复议前置).

    《行政复议法》(2023年修订) 第二十三条第一款第四项: "申请政府信息公开，行政机关不予
    公开" — the applicant "应当先向行政复议机关申请行政复议". A 部分公开 reply withholds
    part of the information, so it is treated the same way.
    (Not quoted in legal.md; from the 2023 revision, in force 2024-01-01.)
    """
    return family in (Family.WITHHELD, Family.PARTIAL)


def rights_notice_zh(
    family: Family,
    *,
    reconsideration_body: str = "",
    court: str = "",
) -> str:
    """The applicant's rights to 行政复议 and 行政诉讼, with their time limits.

    - 行政复议: within 60 days of knowing of the act — 《行政复议法》第二十条第一款.
    - 行政诉讼: within 6 months — 《行政诉讼法》第四十六条第一款; after a
      reconsideration decision, within 15 days of receiving it — 第四十五条.
    - 不予公开 (and 部分公开): reconsideration first — see
      :func:`reconsideration_first`.
    """
    body = reconsideration_body or "行政复议机关"
    court_name = court or "有管辖权的人民法院"
    if reconsideration_first(family):
        return (
            f"如对本答复中不予公开的决定不服，依据{RECONSIDERATION_LAW}第二十条第一款、"
            f"第二十三条第一款第四项的规定，应当先自收到本答复书之日起"
            f"{RECONSIDERATION_DAYS}日内向{body}申请行政复议；对行政复议决定不服的，"
            f"可以依照{LITIGATION_LAW}第四十五条的规定，自收到行政复议决定书之日起"
            f"15日内向{court_name}提起行政诉讼。"
        )
    return (
        f"如对本答复不服，可以依照{RECONSIDERATION_LAW}第二十条第一款的规定，"
        f"自收到本答复书之日起{RECONSIDERATION_DAYS}日内向{body}申请行政复议；"
        f"也可以依照{LITIGATION_LAW}第四十六条第一款的规定，自收到本答复书之日起"
        f"{LITIGATION_MONTHS}个月内向{court_name}提起行政诉讼。"
    )
