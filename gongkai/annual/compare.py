"""One agency's reports of two years, compared: figures, carry-over, narrative.

``compare(old, new)`` gives what the 年度对比 page and ``gongkai report
compare`` show:

- ``changes``: every cell of tables 二, 三 and 四 that both reports have, with
  both values and the change (a cell only one format has is listed apart);
- ``carry_over``: per column of table 三, last year's 四、结转下年度继续办理
  against this year's 二、上年结转 (the ``table3.carry_over`` rule's identity,
  with the same blank rule: a blank counts as 0 unless both are blank);
- ``narrative``: the three narrative sections compared paragraph by paragraph
  (``difflib``), a changed paragraph with its characters marked.

``main_figures(report)`` gives the figures that trend charts follow. Pure:
no Django, no I/O.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from gongkai.annual.formats import NARRATIVE_KEYS, SECTION_HEADINGS, TABLE3_COLUMNS
from gongkai.annual.model import Cell, Report, format_cell, is_number, number_or_zero

type Number = int | Decimal


@dataclass(frozen=True)
class CellChange:
    ref: str
    label: str  # 表三（一）予以公开·总计
    old: Cell
    new: Cell

    @property
    def changed(self) -> bool:
        return self.old != self.new or type(self.old) is not type(self.new)

    @property
    def delta(self) -> Number | None:
        if is_number(self.old) and is_number(self.new):
            return self.new - self.old  # type: ignore[operator]
        return None

    @property
    def delta_text(self) -> str:
        delta = self.delta
        if delta is None:
            return ""
        return ("+" if delta > 0 else "") + format_cell(delta)


@dataclass(frozen=True)
class CarryCheck:
    column: str  # 自然人 … 总计
    ref: str  # the new report's 上年结转 cell
    forwarded: Cell  # last year's 结转下年度
    carried: Cell  # this year's 上年结转

    @property
    def checked(self) -> bool:
        return self.forwarded is not None or self.carried is not None

    @property
    def ok(self) -> bool:
        if not self.checked:
            return True
        return number_or_zero(self.forwarded) == number_or_zero(self.carried)


@dataclass(frozen=True)
class Paragraph:
    tag: str  # "equal" | "changed" | "added" | "removed"
    old: str
    new: str
    #: for a changed paragraph: (tag, text) runs, tag "equal" | "delete" | "insert"
    inline: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SectionDiff:
    key: str
    heading: str
    paragraphs: tuple[Paragraph, ...]

    def count(self, tag: str) -> int:
        return sum(1 for p in self.paragraphs if p.tag == tag)

    @property
    def unchanged(self) -> bool:
        return all(p.tag == "equal" for p in self.paragraphs)


@dataclass(frozen=True)
class Comparison:
    old: Report
    new: Report
    cells: tuple[CellChange, ...]  # every cell both reports have
    only_old: tuple[str, ...]  # cell labels only the old format has
    only_new: tuple[str, ...]
    carry_over: tuple[CarryCheck, ...]
    narrative: tuple[SectionDiff, ...]
    notes: tuple[str, ...]  # different agencies, years not consecutive, formats

    @property
    def changes(self) -> tuple[CellChange, ...]:
        return tuple(c for c in self.cells if c.changed)

    @property
    def carry_over_ok(self) -> bool:
        return all(c.ok for c in self.carry_over)

    @property
    def changed_refs(self) -> frozenset[str]:
        return frozenset(c.ref for c in self.changes)


def _cells(report: Report) -> dict[str, Cell]:
    return {info.ref: info.value for info in report.cells()}


def carry_over(old: Report, new: Report) -> tuple[CarryCheck, ...]:
    forward = old.table3.get("carried_forward") or [None] * len(TABLE3_COLUMNS)
    carried = new.table3.get("carried_over") or [None] * len(TABLE3_COLUMNS)
    return tuple(
        CarryCheck(column.label, f"table3.carried_over.{column.key}", f, c)
        for column, f, c in zip(TABLE3_COLUMNS, forward, carried, strict=True)
    )


def paragraphs(text: str) -> list[str]:
    """A section's paragraphs: its non-empty lines, trimmed."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def inline_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """Runs of a changed paragraph: ("equal" | "delete" | "insert", text)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(("equal", old[i1:i2]))
            continue
        if i2 > i1:
            out.append(("delete", old[i1:i2]))
        if j2 > j1:
            out.append(("insert", new[j1:j2]))
    return tuple(out)


#: Below this similarity a replaced paragraph is shown as removed + added.
SIMILAR = 0.4


def diff_paragraphs(old: Sequence[str], new: Sequence[str]) -> tuple[Paragraph, ...]:
    matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    out: list[Paragraph] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(Paragraph("equal", p, p) for p in old[i1:i2])
            continue
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        while olds and news:
            a, b = olds.pop(0), news.pop(0)
            ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
            if ratio >= SIMILAR:
                out.append(Paragraph("changed", a, b, inline_diff(a, b)))
            else:
                out.append(Paragraph("removed", a, ""))
                out.append(Paragraph("added", "", b))
        out.extend(Paragraph("removed", a, "") for a in olds)
        out.extend(Paragraph("added", "", b) for b in news)
    return tuple(out)


def compare(old: Report, new: Report) -> Comparison:
    """``old`` and ``new`` compared (normally one agency, consecutive years)."""
    if old.year > new.year:
        old, new = new, old
    before, after = _cells(old), _cells(new)
    cells = tuple(
        CellChange(ref, new.label_of(ref), before[ref], value)
        for ref, value in after.items()
        if ref in before
    )
    only_old = tuple(old.label_of(r) for r in before if r not in after)
    only_new = tuple(new.label_of(r) for r in after if r not in before)
    notes: list[str] = []
    if old.agency != new.agency:
        notes.append(f"两份报告的机关名称不同：“{old.agency}”与“{new.agency}”")
    if new.year != old.year + 1:
        notes.append(
            f"两份报告不是相邻年度（{old.year} 与 {new.year}），上年结转未必应与结转下年度相等"
        )
    if old.format.id != new.format.id:
        notes.append(
            f"两份报告格式不同（{old.format.id} 与 {new.format.id}），"
            "只比较两种格式共有的单元格"
        )
    headings = {s.key: s.heading for s in SECTION_HEADINGS}
    narrative = tuple(
        SectionDiff(
            key,
            headings[key],
            diff_paragraphs(
                paragraphs(old.sections.get(key, "")),
                paragraphs(new.sections.get(key, "")),
            ),
        )
        for key in NARRATIVE_KEYS
    )
    return Comparison(
        old,
        new,
        cells,
        only_old,
        only_new,
        carry_over(old, new),
        narrative,
        tuple(notes),
    )


# -- the figures a trend chart follows -------------------------------------------


def _t3(key: str) -> Callable[[Report], Number | None]:
    def get(report: Report) -> Number | None:
        row = report.table3.get(key)
        value = row[-1] if row else None
        return value if isinstance(value, (int, Decimal)) else None

    return get


def _t3_group(group: str) -> Callable[[Report], Number | None]:
    def get(report: Report) -> Number | None:
        values = [
            report.table3[row.key][-1]
            for row in report.format.table3_rows
            if row.group == group and row.key in report.table3
        ]
        numbers = [v for v in values if is_number(v)]
        return sum(numbers) if numbers else None  # type: ignore[arg-type]

    return get


def _t4(*keys: str) -> Callable[[Report], Number | None]:
    from gongkai.annual.formats import TABLE4_KEYS

    def get(report: Report) -> Number | None:
        values = [report.table4[TABLE4_KEYS.index(k)] for k in keys]
        numbers = [v for v in values if is_number(v)]
        return sum(numbers) if numbers else None  # type: ignore[arg-type]

    return get


def _other(report: Report) -> Number | None:
    """（六）其他处理: the 2019 single row, or the sum of the 2021 three."""
    if "other" in report.table3:
        return _t3("other")(report)
    return _t3_group("other_handling")(report)


#: (key, Chinese name, getter): the figures followed from year to year.
MAIN_FIGURES: tuple[tuple[str, str, Callable[[Report], Number | None]], ...] = (
    ("new_received", "本年新收申请", _t3("new_received")),
    ("carried_over", "上年结转", _t3("carried_over")),
    ("total", "办理结果总计", _t3("total")),
    ("granted", "予以公开", _t3("granted")),
    ("partially_granted", "部分公开", _t3("partially_granted")),
    ("withheld", "不予公开", _t3_group("withheld")),
    ("unable", "无法提供", _t3_group("unable")),
    ("not_processed", "不予处理", _t3_group("not_processed")),
    ("other", "其他处理", _other),
    ("carried_forward", "结转下年度", _t3("carried_forward")),
    ("reconsideration", "行政复议", _t4("reconsideration_total")),
    (
        "litigation",
        "行政诉讼",
        _t4("litigation_direct_total", "litigation_after_reconsideration_total"),
    ),
)
#: The outcome families whose shares the cross-agency page compares.
OUTCOME_FAMILIES: tuple[str, ...] = (
    "granted",
    "partially_granted",
    "withheld",
    "unable",
    "not_processed",
    "other",
)


def main_figures(report: Report) -> dict[str, Number | None]:
    return {key: get(report) for key, _name, get in MAIN_FIGURES}


def figure_name(key: str) -> str:
    return next(name for k, name, _get in MAIN_FIGURES if k == key)
