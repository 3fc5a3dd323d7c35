"""Writing Excel workbooks: the one way to put outside data into a cell.

Agency names, file names, messages and table cells read from third-party
reports are data, never formulas. openpyxl turns any string that starts with
``=`` into a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``), and a
spreadsheet program may treat a leading ``+``, ``-``, ``@``, tab or carriage
return the same way. ``put(sheet, row, column, value)`` and ``append(sheet,
values)`` write every string as a text cell (openpyxl ``data_type == 's'``),
and a string with such a leading character also gets Excel's quote prefix, so
that it stays text even when someone edits the cell. Numbers (int, Decimal,
float) stay numbers; ``None`` stays an empty cell. Framework-free.

Every workbook Gongkai writes goes through here (CONTRIBUTING: "Write a
workbook"); ``save(book, path)`` writes it atomically.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

#: Characters that make a spreadsheet program read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

type Value = str | int | float | Decimal | None


def is_risky(text: str) -> bool:
    """Whether a string would be taken for a formula if written as it is."""
    return text.startswith(FORMULA_START)


def put(sheet: Any, row: int, column: int, value: Value) -> Any:
    """Write one value into ``sheet`` at (row, column), text as text; the cell."""
    cell = sheet.cell(row=row, column=column)
    if value is None:
        cell.value = None
    elif isinstance(value, bool):
        cell.value = "是" if value else "否"
        cell.data_type = "s"
    elif isinstance(value, (int, float, Decimal)):
        cell.value = value
    else:
        text = str(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl made "=…" a formula: undo that
        if is_risky(text):
            cell.quotePrefix = True
    return cell


def append(sheet: Any, values: Iterable[Value]) -> int:
    """Write ``values`` as the sheet's next row; returns the row number."""
    values = list(values)
    sheet.append([None] * len(values) or [None])
    row: int = sheet.max_row
    for column, value in enumerate(values, 1):
        put(sheet, row, column, value)
    return row


def save(book: Any, path: str | Path) -> None:
    """Save a workbook atomically: a reader never sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(
        prefix=".book-", suffix=path.suffix, dir=path.parent
    )
    os.close(handle)
    try:
        book.save(temp)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def to_bytes(book: Any) -> bytes:
    """The workbook as the bytes of an .xlsx file (for a download)."""
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
