"""Downloads of staff tables as Excel workbooks.

Every cell goes through ``gongkai.spreadsheets`` (outside text is a text cell,
never a formula); the response is an attachment with the Chinese file name in
RFC 6266/5987 form, so the browser saves it instead of opening it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai import spreadsheets

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its tab name, a title line, the column heads and the rows."""

    name: str
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[spreadsheets.Value]]
    widths: Sequence[int] = ()


def attachment(body: bytes, filename: str, content_type: str) -> HttpResponse:
    """A download: ``Content-Disposition: attachment`` with a UTF-8 file name."""
    response = HttpResponse(body, content_type=content_type)
    ascii_name = filename.encode("ascii", "ignore").decode() or "download"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as an .xlsx file: a title line, bold heads, then the rows."""
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.name[:31])
        spreadsheets.append(sheet, [spec.title])
        sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
        head = spreadsheets.append(sheet, list(spec.header))
        for column in range(1, len(spec.header) + 1):
            sheet.cell(row=head, column=column).font = Font(bold=True)
        for row in spec.rows:
            spreadsheets.append(sheet, list(row))
        for index, width in enumerate(spec.widths, 1):
            sheet.column_dimensions[
                sheet.cell(row=head, column=index).column_letter
            ].width = width
        sheet.freeze_panes = sheet.cell(row=head + 1, column=1)
    return spreadsheets.to_bytes(book)


def xlsx_response(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    return attachment(workbook(sheets), filename, XLSX)
