"""The aggregated report (汇总): lower agencies' reports added up cell by cell.

A supervising office (政府信息公开工作主管部门) publishes, besides the reports of
its departments and lower governments, one report that adds them up
(国办公开办函〔2021〕30号 二、报告方式及时间; legal.md §2.7). This module is the
arithmetic only, free of any framework:

- every cell of tables 二, 三 and 四 is the sum of the same cell in every report;
- a cell stays blank only if it is blank in every report (a blank next to
  figures counts as 0);
- a literal ("/", "—", "无") counts as 0, and a note says whose and where;
- the narrative parts start empty: the supervising office writes them.

The result is an ordinary ``Report``; run ``rules.check`` on it like any other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.annual.errors import ReportDataError
from gongkai.annual.formats import (
    NARRATIVE_KEYS,
    CellKind,
    ReportFormat,
    format_for_year,
)
from gongkai.annual.model import Cell, Report, is_number


@dataclass(frozen=True)
class AggregateNote:
    """A literal counted as 0 in the sum: whose report, which cell, what it held."""

    agency: str
    ref: str
    literal: str
    message: str


@dataclass
class Aggregate:
    """The summed report, the notes on literals, and whose reports went in."""

    report: Report
    notes: list[AggregateNote] = field(default_factory=list)
    agencies: tuple[str, ...] = ()


def _sum(values: Sequence[Cell], kind: CellKind) -> Cell:
    if all(v is None for v in values):
        return None
    numbers = [v for v in values if isinstance(v, (int, Decimal)) and is_number(v)]
    if kind is CellKind.MONEY or any(isinstance(v, Decimal) for v in numbers):
        return sum((Decimal(v) for v in numbers), Decimal(0))
    whole: int = 0
    for v in numbers:
        whole += int(v)
    return whole


def _value(report: Report, ref: str) -> Cell:
    try:
        return report.get(ref)
    except ReportDataError:
        return None  # the row is missing from that report: nothing to add


def aggregate(
    reports: Sequence[Report],
    *,
    agency: str,
    year: int,
    format: ReportFormat | None = None,
) -> Aggregate:
    """Add ``reports`` up cell by cell into the 汇总 of ``agency`` for ``year``.

    Every report must be of ``year`` (and so of that year's national format);
    otherwise ``ReportDataError`` says which one is not. With no reports at all
    the result is a blank report.
    """
    fmt = format or format_for_year(year)
    for report in reports:
        if report.year != year:
            raise ReportDataError(
                f"“{report.agency}”的报告是{report.year}年度的，不能计入{year}年度汇总"
            )
        if report.format.id != fmt.id:
            raise ReportDataError(
                f"“{report.agency}”的报告使用{report.format.id}格式，"
                f"与{year}年度的{fmt.id}格式不同，不能汇总"
            )
    total = Report.blank(agency=agency, year=year, format=fmt)
    total.sections = {key: "" for key in NARRATIVE_KEYS}
    notes: list[AggregateNote] = []
    for info in list(total.cells()):
        values = [_value(report, info.ref) for report in reports]
        for report, value in zip(reports, values, strict=True):
            if isinstance(value, str):
                label = total.label_of(info.ref)
                notes.append(
                    AggregateNote(
                        agency=report.agency,
                        ref=info.ref,
                        literal=value,
                        message=f"{report.agency}的{label}填的是“{value}”，汇总时按 0 计算",
                    )
                )
        total.set(info.ref, _sum(values, info.column.kind))
    return Aggregate(
        report=total,
        notes=notes,
        agencies=tuple(report.agency for report in reports),
    )
