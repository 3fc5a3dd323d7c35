"""When a report is due: the national deadline, and an earlier local one if set.

Who reports what by when is one rule of law (legal.md §2.7), in
``statutory_deadline``; ``report_deadline`` applies the agency's local earlier
deadline (``ReportSettings``), never later than the national one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.agencies.models import Agency


class Level:
    """The level of a government, for the 汇总 deadline (legal.md §2.7)."""

    COUNTY = "county"
    PREFECTURE = "prefecture"
    PROVINCE = "province"
    CHOICES = (
        (COUNTY, "县级"),
        (PREFECTURE, "地市级"),
        (PROVINCE, "省级"),
    )


@dataclass(frozen=True)
class Deadline:
    """The day a report is due, why, and the national upper bound."""

    date: dt.date
    basis: str
    national: dt.date

    @property
    def is_local(self) -> bool:
        return self.date < self.national

    def days_left(self, today: dt.date) -> int:
        return (self.date - today).days


_AGGREGATE_DAYS: dict[str, tuple[int, int, str]] = {
    Level.COUNTY: (2, 20, "县级"),
    Level.PREFECTURE: (3, 10, "地市级"),
    Level.PROVINCE: (3, 31, "省级"),
}


def statutory_deadline(
    year: int, *, kind: str, aggregated: bool = False, level: str = Level.COUNTY
) -> Deadline:
    """The national deadline of the report of ``year`` (legal.md §2.7).

    - 县级以上人民政府部门, 乡镇人民政府 (which follow the departments' rule) and
      the 办公厅（室） reporting for 本政府机关: 每年1月31日前
      (《政府信息公开条例》第四十九条第一款; 国办公开办函〔2021〕30号 二、报告方式及时间);
    - a government's 汇总 of its departments and lower governments, by the level
      of its 政府信息公开工作主管部门: 县级 2月20日前, 地市级 3月10日前,
      省级 3月31日前 (国办公开办函〔2021〕30号 二、报告方式及时间);
    - a government's own 本级政府 report: 每年3月31日前 (条例第四十九条第二款).

    ``kind`` is ``Agency.Kind``; ``level`` matters only for a 汇总.
    """
    following = year + 1
    if aggregated:
        month, day, name = _AGGREGATE_DAYS.get(level, _AGGREGATE_DAYS[Level.COUNTY])
        date = dt.date(following, month, day)
        basis = (
            f"{name}政府信息公开工作主管部门汇总报告：每年{month}月{day}日前"
            "（国办公开办函〔2021〕30号 二、报告方式及时间）"
        )
        return Deadline(date, basis, date)
    if kind == Agency.Kind.GOVERNMENT:
        date = dt.date(following, 3, 31)
        basis = (
            "本级政府年度报告：每年3月31日前（《政府信息公开条例》第四十九条第二款）"
        )
        return Deadline(date, basis, date)
    date = dt.date(following, 1, 31)
    basis = "部门、乡镇年度报告：每年1月31日前（《政府信息公开条例》第四十九条第一款）"
    return Deadline(date, basis, date)


def government_level(agency: Agency) -> str:
    """The level of a government: as configured, else read from the tree below it.

    A government with governments two levels below it is 省级, with governments
    one level below 地市级, otherwise 县级. An incomplete tree errs early (县级);
    ``ReportSettings.level`` states it when the tree does not.
    """
    from gongkai.reports.models import ReportSettings

    configured = (
        ReportSettings.objects.filter(agency=agency)
        .values_list("level", flat=True)
        .first()
    )
    if configured:
        return configured
    below = Agency.objects.filter(
        path__startswith=agency.path, kind=Agency.Kind.GOVERNMENT
    ).exclude(pk=agency.pk)
    depths = {a.depth - agency.depth for a in below.only("path")}
    if any(d >= 2 for d in depths):
        return Level.PROVINCE
    if depths:
        return Level.PREFECTURE
    return Level.COUNTY


def report_deadline(agency: Agency, year: int, *, aggregated: bool = False) -> Deadline:
    """The deadline the agency works to: its local earlier date, else the national.

    Local deadlines (legal.md §2.7 "Local deadlines") are set per agency as a
    month and day; a local date later than the national one is never used.
    """
    from gongkai.reports.models import ReportSettings

    level = government_level(agency) if aggregated else Level.COUNTY
    national = statutory_deadline(
        year, kind=agency.kind, aggregated=aggregated, level=level
    )
    settings = ReportSettings.objects.filter(agency=agency).first()
    local = settings.local_deadline(year, aggregated=aggregated) if settings else None
    if local is None or local >= national.date:
        return national
    return Deadline(local, f"本地规定的提前期限（{national.basis}）", national.date)
