"""Where each table sits in the token stream, found by the official headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.annual.parse.tokens import Item, Text, Values

_NUM = r"[一二三四五六七八九十]{1,2}[、.]"
T2_HEADING = re.compile(_NUM + r"(?:行政机关)?主动公开政府信息(?:的)?情况")
T3_HEADING = re.compile(_NUM + r"(?:行政机关)?收到和处理政府信息公开申请(?:的)?情况")
T4_HEADING = re.compile(
    _NUM + r"[^。;]{0,20}?行政复议[^。;]{0,12}?行政诉讼[^。;]{0,6}?情况"
)
END_HEADING = re.compile(_NUM + r"(?:[^。;]{0,12}?存在的主要问题|其他需要报告的事项)")
T2_FALLBACK = re.compile(r"第二十条第")
T3_FALLBACK = re.compile(r"勾稽关系|申请人情况")
T4_FALLBACK = re.compile(r"行政复议")


@dataclass(frozen=True)
class Regions:
    table2: tuple[int, int] | None
    table3: tuple[int, int] | None
    table4: tuple[int, int] | None


def _first(items: list[Item], start: int, *patterns: re.Pattern[str]) -> int | None:
    for pattern in patterns:
        for i in range(start, len(items)):
            item = items[i]
            if isinstance(item, Text) and pattern.search(item.norm):
                return i
    return None


def _has_values(items: list[Item], start: int, end: int) -> bool:
    return any(isinstance(items[i], Values) for i in range(start, end))


def find_regions(items: list[Item]) -> Regions:
    """The tables' regions; headings with no figures before the next heading
    (a table of contents listing them) are passed over."""
    start = 0
    while True:
        regions = _find_regions(items, start)
        first = regions.table2 or regions.table3
        if first is None or _has_values(items, *first):
            return regions
        later = _find_regions(items, first[1])
        if later.table3 is None:
            return regions
        start = first[1]


def _find_regions(items: list[Item], start: int = 0) -> Regions:
    n = len(items)
    t2 = _first(items, start, T2_HEADING)
    t3 = _first(items, t2 or start, T3_HEADING)
    if t2 is None:
        t2 = _first(items, start, T2_FALLBACK)
        if t2 is not None and t3 is not None and t2 > t3:
            t2 = None
    if t3 is None:
        t3 = _first(items, t2 or start, T3_FALLBACK)
    t4 = _first(items, (t3 if t3 is not None else t2) or start, T4_HEADING)
    if t4 is None and t3 is not None:
        t4 = _first(items, t3 + 1, T4_FALLBACK)
    end = _first(items, (t4 if t4 is not None else t3) or start, END_HEADING)
    if end is not None and t4 is not None and end <= t4:
        end = None
    stop3 = t4 if t4 is not None else (end if end is not None else n)
    return Regions(
        table2=(t2, t3 if t3 is not None else stop3) if t2 is not None else None,
        table3=(t3, stop3) if t3 is not None else None,
        table4=(t4, end if end is not None else n) if t4 is not None else None,
    )
