"""Table 二's 规章 and 行政规范性文件 rows counted from the 政府信息公开目录."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gongkai.agencies.models import Agency
from gongkai.annual.model import Report
from gongkai.disclosure.selectors import table2_rules_and_normative_docs
from gongkai.reports.models import AnnualReport

#: Table 二 rows the catalogue counts, and the columns in the order of
#: ``disclosure.selectors.table2_rules_and_normative_docs`` (2021 format only).
CATALOGUE_ROWS = ("rules", "normative_docs")


CATALOGUE_COLUMNS = ("issued", "repealed", "in_force")


def catalogue_figures(agency: Agency, year: int, format_id: str) -> dict[str, int]:
    """Table 二 cells counted from the agency's 政府信息公开目录.

    Only the 2021 format (国办公开办函〔2021〕30号): 本年制发件数, 本年废止件数 and
    现行有效件数 of 规章 and 行政规范性文件 are facts the catalogue holds. The
    2019 format's 本年新制作数量 counts every document made, including those
    not disclosed, which are not in the catalogue; its cells are left to the
    staff rather than filled with a figure that looks exact but is not.
    """
    if format_id != "2021":
        return {}
    counts = table2_rules_and_normative_docs(agency, year)
    return {
        f"table2.{row}.{column}": counts[row][i]
        for row in CATALOGUE_ROWS
        for i, column in enumerate(CATALOGUE_COLUMNS)
    }


def _prefill_from_catalogue(
    obj: AnnualReport, report: Report, figures: Mapping[str, int]
) -> dict[str, int]:
    """Write the catalogue's figures into ``report`` except where staff overrode them.

    A cell first seen here that already holds a different figure was entered by
    a person before the catalogue was wired in: it counts as overridden. Returns
    the cells written.
    """
    tracked: dict[str, dict[str, Any]] = dict(obj.table2_catalogue or {})
    written: dict[str, int] = {}
    for ref, value in figures.items():
        entry = tracked.get(ref)
        if entry is None:
            current = report.get(ref)
            overridden = current is not None and current != value
        else:
            overridden = bool(entry.get("overridden"))
        if not overridden:
            report.set(ref, value)
            written[ref] = value
        tracked[ref] = {"catalogue": value, "overridden": overridden}
    obj.table2_catalogue = tracked
    return written
