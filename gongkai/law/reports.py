"""When an annual report is due, by reporter (legal.md §2.7).

- 县级以上人民政府部门, 乡镇人民政府 (which follow the departments' rule) and the
  办公厅（室） reporting for 本政府机关: 每年1月31日前 (条例第四十九条第一款;
  国办公开办函〔2021〕30号 二、报告方式及时间);
- a government's 汇总 of its departments and lower governments, by the level of
  its 政府信息公开工作主管部门: 县级 2月20日前, 地市级 3月10日前, 省级 3月31日前
  (国办公开办函〔2021〕30号 二、报告方式及时间);
- a government's own 本级政府 report: 每年3月31日前 (条例第四十九条第二款).

Local earlier deadlines are agency settings (``reports.ReportSettings``) and are
applied by ``reports.selectors.report_deadline``; these are the national upper
bounds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from gongkai.law import provisions as p
from gongkai.law.citations import Citation


class Level(StrEnum):
    """The level of a government, for the 汇总 deadline."""

    COUNTY = "county"
    PREFECTURE = "prefecture"
    PROVINCE = "province"

    @property
    def label_zh(self) -> str:
        return {
            Level.COUNTY: "县级",
            Level.PREFECTURE: "地市级",
            Level.PROVINCE: "省级",
        }[self]


@dataclass(frozen=True)
class ReportDeadline:
    """The day a report is due, why, and the national upper bound."""

    date: dt.date
    basis: str
    national: dt.date

    @property
    def is_local(self) -> bool:
        return self.date < self.national

    def days_left(self, today: dt.date) -> int:
        return (self.date - today).days

    def days_late(self, published_on: dt.date) -> int:
        """Calendar days a report published on ``published_on`` came after the
        deadline; 0 when on time ("1月31日前公布" includes 1月31日 itself)."""
        return max(0, (published_on - self.date).days)


@dataclass(frozen=True)
class _Rule:
    month: int
    day: int
    who: str
    citation: Citation


#: Month and day of the year after the report year, and the provision.
DEPARTMENT_RULE = _Rule(1, 31, "部门、乡镇年度报告", p.ART_49_1)
GOVERNMENT_RULE = _Rule(3, 31, "本级政府年度报告", p.ART_49_2)
AGGREGATE_RULES: dict[Level, _Rule] = {
    Level.COUNTY: _Rule(2, 20, "县级", p.REPORT_DEADLINES_2021),
    Level.PREFECTURE: _Rule(3, 10, "地市级", p.REPORT_DEADLINES_2021),
    Level.PROVINCE: _Rule(3, 31, "省级", p.REPORT_DEADLINES_2021),
}


def _cite(citation: Citation) -> str:
    if citation.article is None:
        return f"{citation.instrument.number} {citation.label}"
    name = (
        f"《{citation.instrument.title.strip('《》').removeprefix('中华人民共和国')}》"
    )
    return f"{name}{citation.article_zh}"


def statutory_deadline(
    year: int,
    *,
    government: bool,
    aggregated: bool = False,
    level: Level | str = Level.COUNTY,
) -> ReportDeadline:
    """The national deadline of the report of ``year``.

    ``government`` is True for a 人民政府's own 本级政府 report; ``level`` matters
    only for a 汇总.
    """
    following = year + 1
    if aggregated:
        rule = AGGREGATE_RULES.get(Level(level) if level else Level.COUNTY)
        rule = rule or AGGREGATE_RULES[Level.COUNTY]
        date = dt.date(following, rule.month, rule.day)
        basis = (
            f"{rule.who}政府信息公开工作主管部门汇总报告：每年{rule.month}月{rule.day}日前"
            f"（{_cite(rule.citation)}）"
        )
        return ReportDeadline(date, basis, date)
    rule = GOVERNMENT_RULE if government else DEPARTMENT_RULE
    date = dt.date(following, rule.month, rule.day)
    basis = f"{rule.who}：每年{rule.month}月{rule.day}日前（{_cite(rule.citation)}）"
    return ReportDeadline(date, basis, date)
