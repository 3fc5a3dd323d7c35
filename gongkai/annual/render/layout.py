"""The one layout of an annual report that every renderer consumes.

``formats`` says *what* the national template contains; this module says *where*
it goes: the title and opening paragraph, the six parts in order, and each of
tables 二, 三 and 四 as a grid of cells with their row and column spans, exactly
as the official templates (国办公开办函〔2019〕60号 and 〔2021〕30号) lay them
out. HTML, Word and PDF draw this grid; none of them types a label.

A table's *skeleton* (labels, spans, widths, which data cell sits where)
depends only on the format, so it is built once per format and cached; a
report only adds the texts of the data cells (``FilledTable``).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from functools import cache

from gongkai.annual.formats import (
    APPLICANT_GROUP_LABEL,
    FORMATS,
    NARRATIVE_KEYS,
    ORGANISATION_GROUP_LABEL,
    ORGANISATION_TYPES,
    TABLE2_HEADER_LABEL,
    TABLE3_COLUMNS,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
    TABLE4_RESULTS,
    ReportFormat,
)
from gongkai.annual.model import Cell, Report, format_cell

#: A4 portrait minus the 公文 margins (left 28 mm, right 26 mm).
TEXT_WIDTH_MM = 210.0 - 28.0 - 26.0

_CHINESE_DIGITS = "〇一二三四五六七八九"
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


class Role(enum.StrEnum):
    """What a grid cell is; renderers style by role, never by text."""

    NOTE = "note"  # table 三's corner note on the 勾稽 identity
    BLOCK = "block"  # table 二's 第二十条第（…）项 heading, across the table
    HEADER = "header"  # a column heading
    GROUP = "group"  # a row heading spanning the rows of its group
    LABEL = "label"  # a row label
    DATA = "data"  # a figure


@dataclass(frozen=True, slots=True)
class GridCell:
    """One cell of a table grid, placed at its top-left grid position."""

    row: int
    col: int
    role: Role
    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    #: For data cells: the cell reference (``table3.granted.total``) and the
    #: position of this cell in ``TableLayout.data_cells``.
    ref: str | None = None
    data_index: int = -1

    @property
    def is_header(self) -> bool:
        return self.role is not Role.DATA


@dataclass(frozen=True)
class TableLayout:
    """A table's skeleton for one format: grid cells with labels and spans."""

    key: str  # "table2" | "table3" | "table4"
    widths_mm: tuple[float, ...]  # one per grid column; they sum to TEXT_WIDTH_MM
    n_rows: int
    header_rows: int  # leading rows that form the table head (repeated on page breaks)
    #: Row indices where a new body band starts (table 二: one per Art. 20 item).
    bands: tuple[int, ...]
    rows: tuple[tuple[GridCell, ...], ...]  # per grid row, the cells that start in it
    data_cells: tuple[GridCell, ...]

    @property
    def n_cols(self) -> int:
        return len(self.widths_mm)

    @property
    def cells(self) -> tuple[GridCell, ...]:
        return tuple(cell for row in self.rows for cell in row)


@dataclass(frozen=True)
class FilledTable:
    """A skeleton with one report's figures, as printed (``format_cell``)."""

    layout: TableLayout
    values: tuple[str, ...]  # aligned with ``layout.data_cells``

    def text(self, cell: GridCell) -> str:
        return self.values[cell.data_index] if cell.role is Role.DATA else cell.text


@dataclass(frozen=True)
class Part:
    """One of the six parts: its official heading, then paragraphs or a table."""

    key: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    table: FilledTable | None = None


@dataclass(frozen=True)
class DocumentLayout:
    agency: str
    year_title: str  # "2020年政府信息公开工作年度报告"
    opening: tuple[str, ...]
    parts: tuple[Part, ...]
    format_id: str

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year_title}"


# -- building the skeletons ------------------------------------------------------


class _Grid:
    """Collects cells row by row, then freezes them into a ``TableLayout``."""

    def __init__(self) -> None:
        self.cells: list[GridCell] = []
        self.n_data = 0

    def add(
        self,
        row: int,
        col: int,
        role: Role,
        text: str = "",
        *,
        rowspan: int = 1,
        colspan: int = 1,
        ref: str | None = None,
    ) -> None:
        index = -1
        if role is Role.DATA:
            index, self.n_data = self.n_data, self.n_data + 1
        self.cells.append(GridCell(row, col, role, text, rowspan, colspan, ref, index))

    def freeze(
        self,
        key: str,
        widths_mm: tuple[float, ...],
        header_rows: int,
        bands: tuple[int, ...] = (),
    ) -> TableLayout:
        n_rows = max(c.row + c.rowspan for c in self.cells)
        rows = tuple(
            tuple(sorted((c for c in self.cells if c.row == r), key=lambda c: c.col))
            for r in range(n_rows)
        )
        _check_tiling(key, rows, len(widths_mm))
        data = tuple(
            sorted(
                (c for c in self.cells if c.role is Role.DATA),
                key=lambda c: c.data_index,
            )
        )
        return TableLayout(key, widths_mm, n_rows, header_rows, bands, rows, data)


def _check_tiling(
    key: str, rows: tuple[tuple[GridCell, ...], ...], n_cols: int
) -> None:
    """Every grid position is covered by exactly one cell (a programming check)."""
    covered: set[tuple[int, int]] = set()
    for row in rows:
        for cell in row:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    if (r, c) in covered or c >= n_cols:
                        raise AssertionError(f"{key}: overlapping cell at {(r, c)}")
                    covered.add((r, c))
    if len(covered) != len(rows) * n_cols:
        raise AssertionError(f"{key}: the grid has holes")


def _spans(n_columns: int, n_grid: int) -> list[int]:
    """Share ``n_grid`` grid columns among ``n_columns`` headings, the last widest.

    The template's table 二 has three figure columns; an Art. 20 item with
    fewer headings stretches its last heading over the rest.
    """
    spans = [1] * n_columns
    spans[-1] += n_grid - n_columns
    return spans


def _table2(fmt: ReportFormat) -> TableLayout:
    n_figures = max(len(block.columns) for block in fmt.table2)
    grid = _Grid()
    bands: list[int] = []
    row = 0
    for block in fmt.table2:
        bands.append(row)
        grid.add(row, 0, Role.BLOCK, block.heading, colspan=1 + n_figures)
        row += 1
        spans = _spans(len(block.columns), n_figures)
        grid.add(row, 0, Role.HEADER, TABLE2_HEADER_LABEL)
        col = 1
        for column, span in zip(block.columns, spans, strict=True):
            grid.add(row, col, Role.HEADER, column.label, colspan=span)
            col += span
        row += 1
        for t2row in block.rows:
            grid.add(row, 0, Role.LABEL, t2row.label)
            col = 1
            for column, span in zip(block.columns, spans, strict=True):
                ref = f"table2.{t2row.key}.{column.key}"
                grid.add(row, col, Role.DATA, ref=ref, colspan=span)
                col += span
            row += 1
    label_mm = 50.0
    figure_mm = (TEXT_WIDTH_MM - label_mm) / n_figures
    widths = (label_mm, *([figure_mm] * n_figures))
    return grid.freeze("table2", widths, header_rows=0, bands=tuple(bands))


def _table3(fmt: ReportFormat) -> TableLayout:
    label_depth = 3  # 三、本年度办理结果 › （三）不予公开 › 1.属于国家秘密
    n_orgs = len(ORGANISATION_TYPES)
    grid = _Grid()
    # Head: the corner note, then 申请人情况 › 自然人 | 法人或其他组织 › … | 总计.
    grid.add(0, 0, Role.NOTE, fmt.table3_note, rowspan=3, colspan=label_depth)
    grid.add(
        0, label_depth, Role.HEADER, APPLICANT_GROUP_LABEL, colspan=len(TABLE3_COLUMNS)
    )
    col = label_depth
    for column in TABLE3_COLUMNS:
        if column in ORGANISATION_TYPES:
            if column is ORGANISATION_TYPES[0]:
                grid.add(1, col, Role.HEADER, ORGANISATION_GROUP_LABEL, colspan=n_orgs)
            grid.add(2, col, Role.HEADER, column.label)
        else:
            grid.add(1, col, Role.HEADER, column.label, rowspan=2)
        col += 1

    # Body: each row under its chain of group headings.
    def chain(group_key: str | None) -> list[str]:
        keys: list[str] = []
        while group_key is not None:
            keys.insert(0, group_key)
            group_key = fmt.table3_groups_by_key[group_key].parent
        return keys

    chains = [chain(row.group) for row in fmt.table3_rows]
    first_row = 3
    seen: set[str] = set()
    for offset, (t3row, groups) in enumerate(zip(fmt.table3_rows, chains, strict=True)):
        row = first_row + offset
        for depth, group_key in enumerate(groups):
            if group_key in seen:
                continue
            seen.add(group_key)
            span = sum(1 for other in chains if group_key in other)
            label = fmt.table3_groups_by_key[group_key].label
            grid.add(row, depth, Role.GROUP, label, rowspan=span)
        grid.add(
            row, len(groups), Role.LABEL, t3row.label, colspan=label_depth - len(groups)
        )
        for index, column in enumerate(TABLE3_COLUMNS):
            ref = f"table3.{t3row.key}.{column.key}"
            grid.add(row, label_depth + index, Role.DATA, ref=ref)
    label_widths = (10.0, 16.0, 48.0)
    figure_mm = (TEXT_WIDTH_MM - sum(label_widths)) / len(TABLE3_COLUMNS)
    widths = (*label_widths, *([figure_mm] * len(TABLE3_COLUMNS)))
    return grid.freeze("table3", widths, header_rows=3)


def _table4() -> TableLayout:
    n_results = len(TABLE4_RESULTS)
    grid = _Grid()
    col = 0
    parent_started: set[str] = set()
    for group in TABLE4_GROUPS:
        if group.parent_label is None:
            # 行政复议: its heading on the top row, its results spanning rows 2–3.
            grid.add(0, col, Role.HEADER, group.label, colspan=n_results)
            for offset, (_key, label) in enumerate(TABLE4_RESULTS):
                grid.add(1, col + offset, Role.HEADER, label, rowspan=2)
        else:
            # 行政诉讼 over its sub-blocks 未经复议直接起诉 and 复议后起诉.
            if group.parent_label not in parent_started:
                parent_started.add(group.parent_label)
                width = n_results * sum(
                    1 for g in TABLE4_GROUPS if g.parent_label == group.parent_label
                )
                grid.add(0, col, Role.HEADER, group.parent_label, colspan=width)
            grid.add(1, col, Role.HEADER, group.label, colspan=n_results)
            for offset, (_key, label) in enumerate(TABLE4_RESULTS):
                grid.add(2, col + offset, Role.HEADER, label)
        col += n_results
    for index, column in enumerate(TABLE4_COLUMNS):
        grid.add(3, index, Role.DATA, ref=f"table4.{column.key}")
    widths = tuple([TEXT_WIDTH_MM / len(TABLE4_COLUMNS)] * len(TABLE4_COLUMNS))
    return grid.freeze("table4", widths, header_rows=3)


def _build_tables(fmt: ReportFormat) -> dict[str, TableLayout]:
    return {"table2": _table2(fmt), "table3": _table3(fmt), "table4": _table4()}


@cache
def _cached_tables(format_id: str) -> dict[str, TableLayout]:
    return _build_tables(FORMATS[format_id])


def table_layouts(fmt: ReportFormat, *, cached: bool = True) -> dict[str, TableLayout]:
    """The skeletons of tables 二, 三 and 四 for a format, keyed by table key."""
    if cached and FORMATS.get(fmt.id) is fmt:
        return _cached_tables(fmt.id)
    return _build_tables(fmt)


# -- filling in a report ---------------------------------------------------------


def _value(report: Report, ref: str) -> Cell:
    """A data cell's value; a table-二 row a parsed report lacks is blank."""
    table, _, rest = ref.partition(".")
    if table == "table2":
        row_key, column_key = rest.split(".")
        values = report.table2.get(row_key)
        if values is None:
            return None
        block = report.format.table2_rows[row_key][0]
        return values[[c.key for c in block.columns].index(column_key)]
    return report.get(ref)


def fill(layout: TableLayout, report: Report) -> FilledTable:
    """The skeleton with this report's figures printed as the template shows them."""
    return FilledTable(
        layout,
        tuple(format_cell(_value(report, c.ref or "")) for c in layout.data_cells),
    )


def clean_text(text: str) -> str:
    """Drop control characters that no document format can hold."""
    return _CONTROL_CHARS.sub("", text)


def paragraphs(text: str) -> tuple[str, ...]:
    """A narrative section as paragraphs: one per non-empty line."""
    return tuple(line.strip() for line in clean_text(text).splitlines() if line.strip())


def _part_name(heading: str) -> str:
    """一、总体情况 → 总体情况."""
    return heading.split("、", 1)[-1]


def opening_paragraphs(report: Report) -> tuple[str, ...]:
    """The conventional opening: legal basis, the six parts, the statistics period."""
    fmt = report.format
    names = "、".join(_part_name(section.heading) for section in fmt.sections)
    count = len(fmt.sections)
    count_text = _CHINESE_DIGITS[count] if count < 10 else str(count)
    year = report.year
    return (
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
        f"《{fmt.name}》（{fmt.document}）的要求编制，全文包括{names}"
        f"等{count_text}个部分。",
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
    )


def document_layout(report: Report, *, cached: bool = True) -> DocumentLayout:
    """The whole report, laid out: title, opening, then the six parts in order."""
    tables = table_layouts(report.format, cached=cached)
    parts: list[Part] = []
    for section in report.format.sections:
        if section.key in NARRATIVE_KEYS:
            text = report.sections.get(section.key, "")
            parts.append(Part(section.key, section.heading, paragraphs(text)))
        else:
            table = fill(tables[section.key], report)
            parts.append(Part(section.key, section.heading, table=table))
    return DocumentLayout(
        agency=clean_text(report.agency),
        year_title=f"{report.year}年政府信息公开工作年度报告",
        opening=opening_paragraphs(report),
        parts=tuple(parts),
        format_id=report.format.id,
    )
