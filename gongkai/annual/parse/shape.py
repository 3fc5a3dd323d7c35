"""Is the document one filled report? More than one report, or an empty template.

A file that holds two reports (two years side by side, or one after the other)
must be refused, not read as one: its tables would mix the years. It shows as
report titles of different years standing on their own, or as the tables
repeated (table 三's heading or its first numbered row found twice). An
unfilled template is a report form whose every figure is blank: it is read
(its layout is a report) but named for what it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from gongkai.annual.model import Report, is_number
from gongkai.annual.parse.regions import T3_HEADING
from gongkai.annual.parse.tokens import Item, Text, nfkc

_NAME = r"[^\s，,。：:；;“”\"《》<>()（）\[\]【】|]"
#: A report title standing on its own (a line, or a run of text between spaces).
TITLE = re.compile(
    rf"(?:^|(?<=\s))(?P<title>{_NAME}{{0,40}}?(?P<year>(?:19|20)\d{{2}})\s*年\s*度?"
    rf"{_NAME}{{0,30}}?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报))"
    r"(?=\s|$)",
    re.M,
)
_MARKUP = re.compile(r"[#>*_`]+")
#: The start of table 三's first row label (long enough to survive a label
#: broken over lines), with and without its number.
FIRST_ROW = "本年新收"
NUMBERED_FIRST_ROW = "一、本年新收政府"


@dataclass(frozen=True)
class Title:
    text: str
    year: int
    line: int  # 1-based line of the document's text


def report_titles(text: str) -> list[Title]:
    """Every report title standing on its own, in order."""
    out: list[Title] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = _MARKUP.sub(" ", nfkc(raw)).strip()
        if not line or ("报告" not in line and "年报" not in line):
            continue
        for match in TITLE.finditer(line):
            title = re.sub(r"\s+", "", match.group("title"))
            out.append(Title(title, int(match.group("year")), number))
    return out


def _repeated_tables(items: Sequence[Item]) -> int:
    """How many times table 三 is given: its first numbered row, or its heading
    followed by its first row (a table of contents names the heading alone)."""
    numbered: set[int] = set()
    headed = 0
    open_heading = False
    for item in items:
        if not isinstance(item, Text):
            continue
        if NUMBERED_FIRST_ROW in item.norm:
            numbered.add(item.line)
        rest = item.norm
        for match in T3_HEADING.finditer(item.norm):
            open_heading = True
            rest = item.norm[match.end() :]
        if open_heading and FIRST_ROW in rest:
            headed += 1
            open_heading = False
    return max(len(numbered), headed)


def multiple_reports(text: str, items: Sequence[Item]) -> str | None:
    """A Chinese explanation when the document holds more than one report."""
    titles = report_titles(text)
    years = sorted({t.year for t in titles})
    tables = _repeated_tables(items)
    if len(years) < 2 and tables < 2:
        return None
    distinct: list[Title] = []
    for title in titles:
        if all(title.text != seen.text for seen in distinct):
            distinct.append(title)
    parts = []
    if len(years) >= 2:
        shown = "；".join(f"“{t.text}”（第 {t.line} 行）" for t in distinct[:4])
        parts.append(
            f"有 {len(years)} 个年度（{'、'.join(map(str, years))}）的报告标题：{shown}"
        )
    if tables >= 2:
        parts.append(f"表三（收到和处理政府信息公开申请情况）出现了 {tables} 次")
    return (
        "文件中不止一份年度报告，"
        + "，".join(parts)
        + "。未导入：请把每份报告存为单独的文件后再导入"
    )


def unfilled(report: Report) -> int | None:
    """The number of cells when no cell of tables 二, 三, 四 holds a figure."""
    cells = list(report.cells())
    if any(is_number(info.value) for info in cells):
        return None
    return len(cells)
