"""Table 三 for an agency and year, computed from the records and checked by the rules."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.accounts.decorators import staff_required
from gongkai.accounts.permissions import agencies_visible_to
from gongkai.annual.formats import TABLE3_COLUMNS, ReportFormat
from gongkai.annual.model import Report
from gongkai.annual.render.layout import GridCell, Role, fill, table_layouts
from gongkai.cases.forms import Table3Form
from gongkai.cases.selectors import table3_findings, table3_report
from gongkai.cases.views.common import LABEL_SUFFIX
from gongkai.web.exports import Sheet, xlsx_response

_TRAILING_NOTE = re.compile(r"（[^（）]+）$")


def _row_name(fmt: ReportFormat, row_key: str) -> str:
    """A row's short name for screen readers: （三）不予公开1.属于国家秘密.

    The root heading 三、本年度办理结果 and the template's trailing notes
    (（区分处理的，只计这一情形…）) are left out.
    """
    row = fmt.table3_by_key[row_key]
    parts = [_TRAILING_NOTE.sub("", row.label) or row.label]
    group_key = row.group
    while group_key is not None:
        group = fmt.table3_groups_by_key[group_key]
        if group.parent is not None:
            parts.insert(0, group.label)
        group_key = group.parent
    return "".join(parts)


def _scope(cell: GridCell) -> str:
    """The ``scope`` of a heading cell, as the report renderer sets it."""
    if cell.role is Role.GROUP:
        return "rowgroup"
    if cell.role is Role.LABEL:
        return "row"
    if cell.role is Role.NOTE:
        return ""
    return "colgroup" if cell.colspan > 1 else "col"


def _grid(report: Report, cells: dict[str, dict[str, object]]) -> dict[str, object]:
    """Table 三 in the official layout; each figure is the linked cell of ``cells``."""
    layout = table_layouts(report.format)["table3"]
    filled = fill(layout, report)
    rows = []
    for grid_row in layout.rows:
        out = []
        for cell in grid_row:
            item: dict[str, object] = {
                "role": cell.role.value,
                "text": filled.text(cell),
                "rowspan": cell.rowspan,
                "colspan": cell.colspan,
                "scope": _scope(cell),
            }
            if cell.role is Role.DATA:
                item.update(cells[cell.ref or ""])
            out.append(item)
        rows.append(out)
    total = sum(layout.widths_mm)
    return {
        "widths": [f"{w / total * 100:.2f}%" for w in layout.widths_mm],
        "head": rows[: layout.header_rows],
        "body": rows[layout.header_rows :],
    }


@staff_required
@require_GET
def table3(request: HttpRequest) -> HttpResponse:
    agencies = agencies_visible_to(request.user).order_by("path")
    first_agency = agencies.first()
    if first_agency is None:
        raise PermissionDenied("您没有可查看统计的机关。")
    data = request.GET if "agency" in request.GET else None
    form = Table3Form(
        data,
        agencies=agencies,
        label_suffix=LABEL_SUFFIX,
        initial={"agency": first_agency, "year": timezone.localdate().year},
    )
    context: dict[str, object] = {"form": form, "columns": TABLE3_COLUMNS}
    if data is None or form.is_valid():
        agency = form.cleaned_data["agency"] if data else first_agency
        year = form.cleaned_data["year"] if data else timezone.localdate().year
        report = table3_report(agency, year)
        list_url = reverse("cases:list")
        rows = []
        by_ref: dict[str, dict[str, object]] = {}
        for row in report.format.table3_rows:
            row_name = _row_name(report.format, row.key)
            cells = []
            for column, value in zip(
                TABLE3_COLUMNS, report.table3[row.key], strict=True
            ):
                query = urlencode(
                    {
                        "agency": agency.pk,
                        "year": year,
                        "row": row.key,
                        "col": column.key,
                    }
                )
                ref = f"table3.{row.key}.{column.key}"
                by_ref[ref] = {
                    "value": value,
                    "url": f"{list_url}?{query}",
                    "ref": ref,
                    # The figure's accessible name: its row and column.
                    "name": f"{row_name} × {column.label}：{value}件",
                }
                cells.append(by_ref[ref])
            rows.append(
                {"row": row, "path": report.format.row_path(row.key), "cells": cells}
            )
        findings = table3_findings(agency, year, report)
        context.update(
            agency=agency,
            year=year,
            report=report,
            rows=rows,
            grid=_grid(report, by_ref),
            findings=findings,
            errors=[f for f in findings if f.severity == "error"],
        )
    return render(
        request,
        "cases/table3.html",
        context,
        status=200 if form.is_bound is False or form.is_valid() else 400,
    )


@staff_required
@require_GET
def table3_export(request: HttpRequest) -> HttpResponse:
    """Table 三 of the chosen agency and year as an Excel workbook, one row per item."""
    agencies = agencies_visible_to(request.user).order_by("path")
    form = Table3Form(request.GET, agencies=agencies)
    if not form.is_valid():
        raise Http404("请先选择机关和年度。")
    agency, year = form.cleaned_data["agency"], form.cleaned_data["year"]
    report = table3_report(agency, year)
    rows = [
        (_row_name(report.format, row.key), *report.table3[row.key])
        for row in report.format.table3_rows
    ]
    sheet = Sheet(
        name=f"表三 {year}",
        title=f"{agency.name} {year}年度 三、收到和处理政府信息公开申请情况",
        header=("项目", *(column.label for column in TABLE3_COLUMNS)),
        rows=rows,
        widths=(48, *(12 for _ in TABLE3_COLUMNS)),
    )
    return xlsx_response(f"表三-{agency.display_name}-{year}.xlsx", [sheet])
