"""索引号 patterns: parse, check and render (pure; the serial comes from the DB).

There is no national format (legal.md §6.2), so each agency sets a pattern:

    {机构代码}/{年份}-{流水号:5}            → 000000001/2021-00151
    {统一社会信用代码}/{年月}-{流水号:5}    → 11341702486344515H/202110-00013
    {机构代码}-{类别代码}-{年份}-{流水号:4} → 035210000-GZ-2025-0016

The serial runs within a *scope*: the pattern rendered without the serial
(``000000001/2021-``), so a pattern with {年份} numbers each year from 1 and a
pattern with {类别代码} numbers each category on its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

PLACEHOLDER_RE = re.compile(r"\{([^{}:]+)(?::(\d+))?\}")
FIELDS = ("机构代码", "统一社会信用代码", "年份", "年月", "类别代码", "流水号")
SERIAL = "流水号"
MAX_SERIAL_WIDTH = 12


@dataclass(frozen=True)
class IndexParts:
    org_code: str
    credit_code: str
    generated_on: dt.date
    category_code: str


def check_pattern(pattern: str) -> None:
    """Raise ValueError (Chinese) unless ``pattern`` is usable."""
    if not pattern.strip():
        raise ValueError("索引号格式不能为空。")
    stripped = PLACEHOLDER_RE.sub("", pattern)
    if "{" in stripped or "}" in stripped:
        raise ValueError("索引号格式中的花括号不成对。")
    names = [m.group(1) for m in PLACEHOLDER_RE.finditer(pattern)]
    unknown = [n for n in names if n not in FIELDS]
    if unknown:
        raise ValueError(
            f"索引号格式中有无法识别的占位符：{'、'.join(unknown)}。"
            f"可用：{'、'.join('{' + f + '}' for f in FIELDS)}。"
        )
    if names.count(SERIAL) != 1:
        raise ValueError("索引号格式须包含且只包含一个{流水号:N}。")
    for m in PLACEHOLDER_RE.finditer(pattern):
        if m.group(2) is not None and m.group(1) != SERIAL:
            raise ValueError(f"只有流水号可以指定位数，{{{m.group(1)}}}不能。")
        if m.group(1) == SERIAL and m.group(2) is not None:
            width = int(m.group(2))
            if not 1 <= width <= MAX_SERIAL_WIDTH:
                raise ValueError(f"流水号位数应在1到{MAX_SERIAL_WIDTH}之间。")
    if re.search(r"\s", stripped):
        raise ValueError("索引号格式不能包含空白字符。")


def _value(name: str, parts: IndexParts) -> str:
    if name == "机构代码":
        if not parts.org_code:
            raise ValueError(
                "索引号格式用到{机构代码}，请先在主动公开设置中填写机构代码。"
            )
        return parts.org_code
    if name == "统一社会信用代码":
        if not parts.credit_code:
            raise ValueError(
                "索引号格式用到{统一社会信用代码}，请先在主动公开设置中填写统一社会信用代码。"
            )
        return parts.credit_code
    if name == "年份":
        return f"{parts.generated_on.year:04d}"
    if name == "年月":
        return f"{parts.generated_on.year:04d}{parts.generated_on.month:02d}"
    return parts.category_code  # 类别代码


def scope_of(pattern: str, parts: IndexParts) -> str:
    """The pattern rendered with the serial left as a marker: the counter's key."""
    check_pattern(pattern)

    def repl(m: re.Match[str]) -> str:
        return "{#}" if m.group(1) == SERIAL else _value(m.group(1), parts)

    return PLACEHOLDER_RE.sub(repl, pattern)


def render(pattern: str, parts: IndexParts, serial: int) -> str:
    """The 索引号 for ``serial`` (zero-padded to the pattern's width)."""
    scope = scope_of(pattern, parts)
    width = 1
    for m in PLACEHOLDER_RE.finditer(pattern):
        if m.group(1) == SERIAL and m.group(2):
            width = int(m.group(2))
    return scope.replace("{#}", f"{serial:0{width}d}")
