"""责任追究: when the Regulation holds people accountable, and what a record states.

- Art. 47: the 主管部门 urges correction or criticises by circular; where the
  leaders or staff responsible must be held accountable, it proposes measures
  to the appointing body or the supervisory commission.
- Art. 52: no 保密审查 mechanism for what is published.
- Art. 53: an agency that does not perform its disclosure duties, does not
  publish or update in time, or otherwise breaks the Regulation is ordered to
  correct it; in serious cases the leaders and staff responsible are punished
  according to law.
- Art. 50 item 4: the annual report of a people's government covers
  "工作考核、社会评议和责任追究结果情况" (``report_sentence`` drafts it).

Framework-free; ``gongkai/accountability`` keeps the records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from gongkai.law.citations import Citation
from gongkai.law.instruments import REGULATION

ART_47 = Citation(
    REGULATION,
    47,
    quote="需要对负有责任的领导人员和直接责任人员追究责任的，依法向任免机关或者监察"
    "机关提出处理建议",
)
ART_52 = Citation(REGULATION, 52, quote="未建立健全政府信息发布保密审查机制")
ART_53_1 = Citation(REGULATION, 53, item=1, quote="不依法履行政府信息公开职能")
ART_53_2 = Citation(
    REGULATION,
    53,
    item=2,
    quote="不及时发布、更新政府信息的内容、政府信息公开指南和政府信息公开目录",
)
ART_53_3 = Citation(REGULATION, 53, item=3, quote="违反本条例规定的其他情形")
ART_50_4 = Citation(
    REGULATION, 50, item=4, quote="工作考核、社会评议和责任追究结果情况"
)


@dataclass(frozen=True)
class Ground:
    """A ground for holding someone accountable, as a record states it."""

    key: str
    citation: Citation

    @property
    def label(self) -> str:
        return f"{self.citation.short_zh}：{self.citation.quote}"


GROUNDS: tuple[Ground, ...] = (
    Ground("art53_1", ART_53_1),
    Ground("art53_2", ART_53_2),
    Ground("art52", ART_52),
    Ground("art53_3", ART_53_3),
)
GROUNDS_BY_KEY: Mapping[str, Ground] = {g.key: g for g in GROUNDS}


def report_sentence(
    year: int, counts: Mapping[str, int], labels: Mapping[str, str]
) -> str:
    """The 责任追究 sentence of an annual report (Art. 50 item 4).

    ``counts`` maps a measure key to the number of people it was taken against
    in ``year``; ``labels`` gives each measure's Chinese name, in the order to
    print them.
    """
    total = sum(counts.values())
    if total == 0:
        return f"{year}年，本机关未发生因政府信息公开工作被追究责任的情况。"
    parts = [f"{labels[key]}{counts[key]}人次" for key in labels if counts.get(key)]
    return (
        f"{year}年，本机关因政府信息公开工作追究责任{total}人次，"
        f"其中{'、'.join(parts)}。"
    )
