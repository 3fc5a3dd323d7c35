"""The annual report as data: ``Report`` and its cells.

A cell is one of (``docs/report-schema.md``):

- ``int``: a count (or a signed change, 2019 table 二 本年增/减);
- ``Decimal``: an amount (万元 fees, procurement money);
- ``None``: the cell is blank in the source;
- ``str``: any other literal the source holds ("/", "—", "无").

Blank, ``0`` and ``"/"`` mean different things and are never merged.

A cell reference is ``table.row_key.column_key`` (``table3.granted.total``,
``table2.rules.issued``) or, for table 四, ``table4.<column key>``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.annual.errors import ReportDataError
from gongkai.annual.formats import (
    NARRATIVE_KEYS,
    TABLE3_COLUMN_KEYS,
    TABLE3_COLUMNS,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
    TABLE4_KEYS,
    Column,
    ReportFormat,
    format_for_year,
)

type Cell = int | Decimal | str | None


def is_number(cell: Cell) -> bool:
    """True for a figure (int or Decimal), False for a blank or a literal."""
    return isinstance(cell, (int, Decimal)) and not isinstance(cell, bool)


def number_or_zero(cell: Cell) -> int | Decimal:
    """A figure, with blanks and literals counted as 0 (sums that tolerate blanks)."""
    return cell if is_number(cell) else 0  # type: ignore[return-value]


def format_cell(cell: Cell) -> str:
    """A cell as printed in a table: blank stays blank, decimals without exponent."""
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        text = format(cell, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text
    return str(cell)


@dataclass(frozen=True)
class CellInfo:
    """One cell of a report with where it sits and what it may hold."""

    ref: str
    table: str  # "table2" | "table3" | "table4"
    row: str | None  # None for table 四
    column: Column
    value: Cell


@dataclass
class Report:
    """One agency's annual report for one year, in one national format."""

    agency: str
    year: int
    format: ReportFormat
    sections: dict[str, str] = field(default_factory=dict)
    table2: dict[str, list[Cell]] = field(default_factory=dict)
    table3: dict[str, list[Cell]] = field(default_factory=dict)
    table4: list[Cell] = field(default_factory=list)
    #: For parsed reports: cell reference -> where in the source it came from.
    provenance: dict[str, str] = field(default_factory=dict)

    @classmethod
    def blank(
        cls, *, agency: str, year: int, format: ReportFormat | None = None
    ) -> Report:
        """A report with every row of its format present and every cell blank."""
        fmt = format or format_for_year(year)
        return cls(
            agency=agency,
            year=year,
            format=fmt,
            sections={key: "" for key in NARRATIVE_KEYS},
            table2={
                key: [None] * len(block.columns)
                for key, (block, _row) in fmt.table2_rows.items()
            },
            table3={key: [None] * len(TABLE3_COLUMNS) for key in fmt.table3_keys},
            table4=[None] * len(TABLE4_COLUMNS),
        )

    # -- cell access by reference ------------------------------------------

    def _locate(self, ref: str) -> tuple[list[Cell], int]:
        parts = ref.split(".")
        try:
            if parts[0] == "table4" and len(parts) == 2:
                return self.table4, TABLE4_KEYS.index(parts[1])
            if parts[0] == "table3" and len(parts) == 3:
                return self.table3[parts[1]], TABLE3_COLUMN_KEYS.index(parts[2])
            if parts[0] == "table2" and len(parts) == 3:
                columns = [c.key for c in self.format.table2_columns(parts[1])]
                return self.table2[parts[1]], columns.index(parts[2])
        except (KeyError, ValueError, IndexError):
            pass
        raise ReportDataError(f"无效的单元格引用“{ref}”")

    def get(self, ref: str) -> Cell:
        row, index = self._locate(ref)
        return row[index]

    def set(self, ref: str, value: Cell) -> None:
        row, index = self._locate(ref)
        row[index] = value

    def cells(self) -> Iterator[CellInfo]:
        """Every cell of tables 二, 三 and 四, in the official order."""
        for block in self.format.table2:
            for t2row in block.rows:
                values = self.table2.get(t2row.key)
                if values is None:
                    continue
                for column, value in zip(block.columns, values, strict=True):
                    yield CellInfo(
                        f"table2.{t2row.key}.{column.key}",
                        "table2",
                        t2row.key,
                        column,
                        value,
                    )
        for key in self.format.table3_keys:
            for column, value in zip(TABLE3_COLUMNS, self.table3[key], strict=True):
                yield CellInfo(
                    f"table3.{key}.{column.key}", "table3", key, column, value
                )
        for column, value in zip(TABLE4_COLUMNS, self.table4, strict=True):
            yield CellInfo(f"table4.{column.key}", "table4", None, column, value)

    def label_of(self, ref: str) -> str:
        """A Chinese name for a cell, for messages: 表三（一）予以公开·总计."""
        parts = ref.split(".")
        if parts[0] == "table4":
            column = TABLE4_COLUMNS[TABLE4_KEYS.index(parts[1])]
            group = next(g for g in TABLE4_GROUPS if parts[1].startswith(g.key + "_"))
            prefix = f"{group.parent_label}·" if group.parent_label else ""
            return f"表四{prefix}{group.label}·{column.label}"
        if parts[0] == "table3":
            column = TABLE3_COLUMNS[TABLE3_COLUMN_KEYS.index(parts[2])]
            return f"表三{self.format.short_label(parts[1])}·{column.label}"
        block, t2row = self.format.table2_rows[parts[1]]
        column = next(c for c in block.columns if c.key == parts[2])
        return f"表二{t2row.label}·{column.label}"
