"""The applicant's remedies stated in a reply, chosen by the reply's ground.

- 行政复议: within 60 days of knowing of the act — 《行政复议法》第二十条第一款.
- 行政诉讼: within 6 months — 《行政诉讼法》第四十六条第一款; after a
  reconsideration decision, within 15 days of receiving it — 第四十五条.
- 复议前置 — 《行政复议法》第二十三条第一款第四项 "申请政府信息公开，行政机关不予
  公开": read, as the Supreme People's Court reads 不予公开, as decisions under
  Arts. 14, 15 and 16 of the 条例 only. A 部分公开 reply puts reconsideration first
  for its withheld part only (and only when that part is withheld under Arts.
  14–16); the rest of the reply keeps the ordinary route. 法释〔2025〕8号 第一条第
  三项 lets an applicant who thinks the information given does not match the
  request sue directly.
- Where the courts do not accept a suit (法释〔2025〕8号 第十条第二款), the notice
  names reconsideration only and says nothing that invites a suit.
- A reply delivered online names the online route for reconsideration
  (《行政复议法》第二十二条第二款).
- Who the reconsideration body and the court are, by agency type: :func:`guidance`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gongkai.law import outcomes as o
from gongkai.law import periods
from gongkai.law import provisions as p
from gongkai.law.citations import Citation

RECONSIDERATION_DAYS = periods.RECONSIDERATION_DAYS
LITIGATION_MONTHS = periods.LITIGATION_MONTHS


class Remedy(StrEnum):
    """Which rights notice a reply carries."""

    ORDINARY = "ordinary"  # 60-day reconsideration or 6-month suit
    RECONSIDERATION_FIRST = "reconsideration_first"  # 复议前置
    SPLIT = "split"  # 部分公开: 复议前置 for the withheld part, ordinary for the rest
    RECONSIDERATION_ONLY = "reconsideration_only"  # courts do not accept a suit

    @property
    def label_zh(self) -> str:
        return {
            Remedy.ORDINARY: "复议或诉讼（60日/6个月）",
            Remedy.RECONSIDERATION_FIRST: "复议前置",
            Remedy.SPLIT: "不予公开部分复议前置，其余复议或诉讼",
            Remedy.RECONSIDERATION_ONLY: "仅告知行政复议（法院不予受理诉讼）",
        }[self]


#: Grounds under Arts. 14, 15, 16: the only 不予公开 that needs reconsideration first.
RECONSIDERATION_FIRST_GROUNDS: frozenset[str] = frozenset(
    {
        o.GROUND_STATE_SECRET.key,
        o.GROUND_LAW_FORBIDDEN.key,
        o.GROUND_THREE_SAFETY.key,
        o.GROUND_THIRD_PARTY.key,
        o.GROUND_INTERNAL.key,
        o.GROUND_PROCESS.key,
        o.GROUND_ENFORCEMENT.key,
    }
)

#: Grounds whose reply the courts do not accept a suit against (法释〔2025〕8号
#: 第十条第二款), with the item that says so.
NO_SUIT_GROUNDS: dict[str, Citation] = {
    o.GROUND_REPEAT.key: p.SPC_10_2_4,
    o.GROUND_INQUIRY.key: p.SPC_10_2_5,
    o.GROUND_NEEDS_CREATION.key: p.SPC_10_2_6,
    o.GROUND_PETITION.key: p.SPC_10_2_7,
    o.GROUND_PUBLICATION.key: p.SPC_10_2_8,
}


class RemedyDataError(ValueError):
    """The notice cannot be written (no body or court named); message in Chinese."""


def remedy_for(ground: str, withheld_ground: str = "") -> Remedy:
    """The remedy a reply on ``ground`` states (``withheld_ground`` for 部分公开)."""
    if ground in RECONSIDERATION_FIRST_GROUNDS:
        return Remedy.RECONSIDERATION_FIRST
    if ground == o.GROUND_PARTIAL.key:
        if withheld_ground in RECONSIDERATION_FIRST_GROUNDS:
            return Remedy.SPLIT
        return Remedy.ORDINARY
    if ground in NO_SUIT_GROUNDS:
        return Remedy.RECONSIDERATION_ONLY
    return Remedy.ORDINARY


def remedy_citations(ground: str, withheld_ground: str = "") -> tuple[Citation, ...]:
    """The provisions the notice of ``ground`` rests on (for the lawyer's table)."""
    remedy = remedy_for(ground, withheld_ground)
    ordinary = (p.RECON_20_1, p.LITIG_46_1)
    first = (p.RECON_20_1, p.RECON_23_1_4, p.LITIG_45)
    if remedy is Remedy.RECONSIDERATION_FIRST:
        return first
    if remedy is Remedy.SPLIT:
        return (*first, p.LITIG_46_1)
    if remedy is Remedy.RECONSIDERATION_ONLY:
        return (p.RECON_20_1, NO_SUIT_GROUNDS[ground])
    return ordinary


def rights_notice_for(
    ground: str,
    *,
    withheld_ground: str = "",
    reconsideration_body: str,
    court: str,
    online_route: str = "",
) -> str:
    """The rights notice of a reply on ``ground``, naming the body and the court.

    A notice without the body named lets the applicant's period run up to a
    year (《行政复议法》第二十条第三款), so both names are required.
    """
    missing = [
        label
        for value, label in (
            (reconsideration_body, "行政复议机关"),
            (court, "管辖人民法院"),
        )
        if not value.strip()
    ]
    if missing:
        raise RemedyDataError(
            f"机关设置缺少{'、'.join(missing)}，答复书不能告知救济途径，"
            "请先在机关设置中填写。"
        )
    recon = p.RECON_20_1.instrument.title
    litig = p.LITIG_46_1.instrument.title
    remedy = remedy_for(ground, withheld_ground)
    online = (
        f"行政复议申请也可以通过互联网渠道提交：{online_route}。"
        if online_route
        else ""
    )
    first = (
        f"依据{recon}{p.RECON_20_1.article_zh}、{p.RECON_23_1_4.article_zh}的规定，"
        f"应当先自收到本答复书之日起{RECONSIDERATION_DAYS}日内向{reconsideration_body}"
        f"申请行政复议；对行政复议决定不服的，可以依照{litig}{p.LITIG_45.article_zh}"
        f"的规定，自收到行政复议决定书之日起"
        f"{periods.LITIGATION_AFTER_RECONSIDERATION_DAYS}日内向{court}提起行政诉讼。"
    )
    ordinary = (
        f"可以依照{recon}{p.RECON_20_1.article_zh}的规定，自收到本答复书之日起"
        f"{RECONSIDERATION_DAYS}日内向{reconsideration_body}申请行政复议；"
        f"也可以依照{litig}{p.LITIG_46_1.article_zh}的规定，自收到本答复书之日起"
        f"{LITIGATION_MONTHS}个月内向{court}提起行政诉讼。"
    )
    if remedy is Remedy.RECONSIDERATION_FIRST:
        return f"如对本答复中不予公开的决定不服，{first}{online}"
    if remedy is Remedy.SPLIT:
        return (
            f"如对本答复中不予公开部分的决定不服，{first}"
            f"如对本答复的其他内容不服，{ordinary}{online}"
        )
    if remedy is Remedy.RECONSIDERATION_ONLY:
        return (
            f"如对本答复不服，可以依照{recon}{p.RECON_20_1.article_zh}的规定，"
            f"自收到本答复书之日起{RECONSIDERATION_DAYS}日内向{reconsideration_body}"
            f"申请行政复议。{online}"
        )
    return f"如对本答复不服，{ordinary}{online}"


# -- who the body and the court are, by agency type ---------------------------


class CourtLevel(StrEnum):
    BASIC = "basic"
    INTERMEDIATE = "intermediate"


@dataclass(frozen=True)
class RemedyGuidance:
    """What an agency of one type names as reconsideration body and court."""

    agency_type_zh: str
    body_zh: str
    body_basis: tuple[Citation, ...]
    court_zh: str
    court_basis: tuple[Citation, ...]
    court_level: CourtLevel | None

    @property
    def text_zh(self) -> str:
        from gongkai.law.citations import cite_all_zh

        return (
            f"{self.agency_type_zh}：行政复议机关为{self.body_zh}"
            f"（{cite_all_zh(self.body_basis, joiner='；')}）；"
            f"管辖法院为{self.court_zh}（{cite_all_zh(self.court_basis, joiner='；')}）。"
            "实行行政案件集中管辖的地区，按当地指定的法院填写。"
        )


#: Keys are the agency kinds of ``agencies.Agency.Kind`` (values only).
GUIDANCE: dict[str, RemedyGuidance] = {
    "government": RemedyGuidance(
        "县级以上地方人民政府",
        "上一级地方人民政府（省、自治区、直辖市人民政府为本机关）",
        (p.RECON_24_1_2, p.RECON_24_2),
        "所在地的中级人民法院",
        (p.LITIG_15_1, p.LITIG_18),
        CourtLevel.INTERMEDIATE,
    ),
    "town": RemedyGuidance(
        "乡镇人民政府（街道办事处）",
        "县级人民政府（不设区的市、市辖区人民政府）",
        (p.RECON_24_1_2,),
        "所在地的基层人民法院",
        (p.LITIG_14, p.LITIG_18),
        CourtLevel.BASIC,
    ),
    "department": RemedyGuidance(
        "县级以上人民政府工作部门",
        "本级人民政府；海关、金融、外汇管理等实行垂直领导的机关和税务、国家安全机关为"
        "上一级主管部门",
        (p.RECON_24_1_1, p.RECON_27),
        "所在地的基层人民法院",
        (p.LITIG_14, p.LITIG_18),
        CourtLevel.BASIC,
    ),
    "office": RemedyGuidance(
        "以自己名义答复的政府办公室（厅）",
        "本级人民政府",
        (p.RECON_24_1_1, p.SPC_4_3),
        "所在地的基层人民法院（以本级人民政府名义答复的，按人民政府填写）",
        (p.LITIG_14, p.LITIG_18),
        CourtLevel.BASIC,
    ),
}


def guidance(agency_kind: str) -> RemedyGuidance | None:
    return GUIDANCE.get(agency_kind)


def court_problem(agency_kind: str, court: str) -> str | None:
    """Why ``court`` is the wrong level for an agency of this type, or None."""
    g = GUIDANCE.get(agency_kind)
    if g is None or not court.strip():
        return None
    intermediate = "中级人民法院" in court
    if g.court_level is CourtLevel.INTERMEDIATE and not intermediate:
        return (
            f"{g.agency_type_zh}作被告的第一审行政案件由中级人民法院管辖"
            f"（{p.LITIG_15_1.cite_zh}），请填写中级人民法院。"
        )
    if g.court_level is CourtLevel.BASIC and intermediate:
        return (
            f"{g.agency_type_zh}作被告的第一审行政案件由基层人民法院管辖"
            f"（{p.LITIG_14.cite_zh}），中级人民法院只管辖以县级以上地方人民政府"
            "为被告等案件，请填写基层人民法院。"
        )
    return None
