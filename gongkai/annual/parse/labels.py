"""Row labels of the two formats, as patterns to find in normalised text.

Every pattern is derived from ``formats`` (the only place labels live): the
full label, the label without its item number, the short form before a
parenthesised note, and a prefix of long labels (a label broken over lines, or
cut short, still matches). Variants such as 规范性文件 / 行政规范性文件 come
from the two formats' own labels, which name the same row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from gongkai.annual.formats import (
    FORMATS,
    TABLE2_HEADER_LABEL,
    ReportFormat,
)
from gongkai.annual.parse.tokens import norm

_NUMBER_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+\.)"
)
PREFIX_LENGTH = 6


@dataclass(frozen=True)
class Match:
    key: str
    kind: str  # "row" | "group"
    start: int
    end: int


@dataclass(frozen=True)
class Pattern:
    text: str
    key: str
    kind: str


def _variants(label: str) -> set[str]:
    full = norm(label)
    out = {full}
    prefix_match = _NUMBER_PREFIX.match(full)
    number = prefix_match.group() if prefix_match else ""
    core = full[len(number) :]
    short = core.split("(")[0] if "(" in core else core
    if short != core and len(short) >= 2:
        out.add(number + short)
    if len(core) >= 4:
        out.add(core)
        if short != core and len(short) >= 4:
            out.add(short)
    if len(core) > PREFIX_LENGTH + 2:
        out.add(number + core[:PREFIX_LENGTH])
        out.add(core[:PREFIX_LENGTH])
    return out


@dataclass(frozen=True)
class LabelSet:
    patterns: tuple[Pattern, ...]

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches, left to right, the longest at each place."""
        found: list[Match] = []
        for pattern in self.patterns:
            start = text.find(pattern.text)
            while start >= 0:
                found.append(
                    Match(pattern.key, pattern.kind, start, start + len(pattern.text))
                )
                start = text.find(pattern.text, start + 1)
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        out: list[Match] = []
        end = -1
        for match in found:
            if match.start >= end:
                out.append(match)
                end = match.end
            elif out and match.end > out[-1].end and match.start == out[-1].start:
                out[-1] = match
                end = match.end
        return out

    def last(self, text: str) -> tuple[Match, int] | None:
        """The last label in a span of text and how many characters follow it."""
        matches = self.find(text)
        if not matches:
            return None
        match = matches[-1]
        return match, len(text) - match.end


def _build(items: list[tuple[str, str, str]]) -> LabelSet:
    """Patterns from (label, key, kind); a pattern two keys share is dropped."""
    owners: dict[str, set[tuple[str, str]]] = {}
    for label, key, kind in items:
        for variant in _variants(label):
            owners.setdefault(variant, set()).add((key, kind))
    patterns = [
        Pattern(text, *next(iter(keys)))
        for text, keys in owners.items()
        if len(keys) == 1 and len(text) >= 2
    ]
    patterns.sort(key=lambda p: -len(p.text))
    return LabelSet(tuple(patterns))


@cache
def table3_labels(fmt: ReportFormat) -> LabelSet:
    items = [(row.label, row.key, "row") for row in fmt.table3_rows]
    items += [(group.label, group.key, "group") for group in fmt.table3_groups]
    return _build(items)


@cache
def table2_labels(fmt: ReportFormat) -> LabelSet:
    items: list[tuple[str, str, str]] = []
    for other in FORMATS.values():
        for block in other.table2:
            for row in block.rows:
                if row.key in fmt.table2_rows:
                    items.append((row.label, row.key, "row"))
            items.append((block.heading, "heading", "group"))
            items.extend((c.label, "header", "group") for c in block.columns)
    items.append((TABLE2_HEADER_LABEL, "header", "group"))
    return _build(items)


def _format_words(fmt: ReportFormat) -> set[str]:
    words = {norm(row.label) for row in fmt.table3_rows}
    for block in fmt.table2:
        words.update(norm(c.label).split("(")[0] for c in block.columns)
        words.update(norm(r.label) for r in block.rows)
    return words


@cache
def format_markers() -> dict[str, tuple[str, ...]]:
    """For each format, the labels only it has (and that no label of the other contains)."""
    words = {fid: _format_words(fmt) for fid, fmt in FORMATS.items()}
    groups = {
        fid: {norm(g.label) for g in fmt.table3_groups} for fid, fmt in FORMATS.items()
    }
    out: dict[str, tuple[str, ...]] = {}
    for fid in FORMATS:
        others = set().union(*(words[o] | groups[o] for o in FORMATS if o != fid))
        out[fid] = tuple(
            sorted(
                w
                for w in words[fid] - others
                if not any(w in other for other in others) and len(w) >= 3
            )
        )
    return out


@cache
def table4_labels() -> LabelSet:
    """Table 四's three groups as row labels (a layout with a row per group)."""
    from gongkai.annual.formats import TABLE4_GROUPS

    return _build([(g.label, g.key, "row") for g in TABLE4_GROUPS])
