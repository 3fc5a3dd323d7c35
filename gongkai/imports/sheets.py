"""Reading an uploaded workbook into rows of text, and writing the templates.

Every value is read as text (dates too, as ISO dates) so that each kind's row
parser sees one shape whatever Excel stored; the template is written through
``gongkai.spreadsheets`` (outside text is always a text cell).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gongkai import spreadsheets


class SheetError(Exception):
    """The file as a whole cannot be read; ``message_zh`` says why."""

    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh


@dataclass(frozen=True)
class Column:
    header: str  # the Chinese header in row 1 of the template
    field: str
    required: bool = False
    choices: tuple[str, ...] = ()  # the values offered in the template's list
    note: str = ""
    width: int = 16


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header(text: str) -> str:
    return re.sub(r"[\s*＊（(].*$", "", text.strip())


@dataclass(frozen=True)
class Row:
    number: int  # the row number in Excel (the header is row 1)
    values: dict[str, str]  # field → text


def read_rows(data: bytes, columns: Sequence[Column]) -> Iterator[Row]:
    """The filled rows of the first sheet, by field; blank rows are skipped."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise SheetError(
            "无法读取该文件，请上传用本系统模板填写的 .xlsx 文件。"
        ) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = next(rows)
    except StopIteration:
        raise SheetError("工作表是空的。") from None
    wanted = {_header(c.header): c for c in columns}
    positions: dict[str, int] = {}
    for index, value in enumerate(header):
        name = _header(_text(value))
        if name in wanted:
            positions[wanted[name].field] = index
    missing = [
        _header(c.header) for c in columns if c.required and c.field not in positions
    ]
    if missing:
        raise SheetError(
            "第1行缺少必填列：" + "、".join(missing) + "。请使用本系统的模板。"
        )
    for offset, values in enumerate(rows, start=2):
        texts = {
            field: _text(values[i]) if i < len(values) else ""
            for field, i in positions.items()
        }
        if any(texts.values()):
            yield Row(offset, texts)
    book.close()


def template(title: str, columns: Sequence[Column], example: Sequence[str]) -> bytes:
    """An .xlsx template: headers (required ones marked ＊), one example row,
    drop-down lists where a column has fixed values, and a notes sheet."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    spreadsheets.append(
        sheet, [c.header + ("＊" if c.required else "") for c in columns]
    )
    spreadsheets.append(sheet, list(example))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    lists = book.create_sheet("可选值")
    list_column = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        if column.required:
            cell.fill = fill
        sheet.column_dimensions[letter].width = column.width
        if column.choices:
            list_column += 1
            list_letter = get_column_letter(list_column)
            spreadsheets.put(lists, 1, list_column, column.header)
            for r, choice in enumerate(column.choices, start=2):
                spreadsheets.put(lists, r, list_column, choice)
            end = len(column.choices) + 1
            validation = DataValidation(
                type="list",
                formula1=f"'可选值'!${list_letter}$2:${list_letter}${end}",
                allow_blank=not column.required,
            )
            validation.error = "请从下拉列表中选择。"
            validation.errorTitle = column.header
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}100000")
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("填写说明")
    spreadsheets.append(notes, ["列", "必填", "说明"])
    for column in columns:
        spreadsheets.append(
            notes, [column.header, "是" if column.required else "", column.note]
        )
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["C"].width = 80
    return spreadsheets.to_bytes(book)
