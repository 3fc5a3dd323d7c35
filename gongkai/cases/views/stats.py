"""Table 三 for an agency and year, computed from the records and checked by the rules."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.accounts.permissions import agencies_visible_to
from gongkai.annual.formats import TABLE3_COLUMNS
from gongkai.cases.forms import Table3Form
from gongkai.cases.selectors import table3_findings, table3_report


@login_required
@require_GET
def table3(request: HttpRequest) -> HttpResponse:
    agencies = agencies_visible_to(request.user).order_by("path")
    if not agencies.exists():
        raise PermissionDenied("您没有可查看统计的机关。")
    data = request.GET if "agency" in request.GET else None
    form = Table3Form(
        data,
        agencies=agencies,
        initial={"agency": agencies.first(), "year": timezone.localdate().year},
    )
    context: dict[str, object] = {"form": form, "columns": TABLE3_COLUMNS}
    if data is None or form.is_valid():
        agency = form.cleaned_data["agency"] if data else agencies.first()
        year = form.cleaned_data["year"] if data else timezone.localdate().year
        report = table3_report(agency, year)
        list_url = reverse("cases:list")
        rows = []
        for row in report.format.table3_rows:
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
                cells.append(
                    {
                        "value": value,
                        "url": f"{list_url}?{query}",
                        "ref": f"table3.{row.key}.{column.key}",
                    }
                )
            rows.append(
                {"row": row, "path": report.format.row_path(row.key), "cells": cells}
            )
        findings = table3_findings(agency, year, report)
        context.update(
            agency=agency,
            year=year,
            report=report,
            rows=rows,
            findings=findings,
            errors=[f for f in findings if f.severity == "error"],
        )
    return render(
        request,
        "cases/table3.html",
        context,
        status=200 if form.is_bound is False or form.is_valid() else 400,
    )
