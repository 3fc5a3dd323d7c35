"""The data center's selection as an Excel workbook, through ``gongkai.spreadsheets``,
built in the worker (``export_job_create`` → the ``build_export`` task →
``export_job_run``): a selection of thousands of reports takes seconds to write.

Sheets: 汇总 (a row per report: agency, year, format, errors, warnings, the date
signed, the deadline, late, the 总计 of table 三's main rows), 问题 (a row per
finding with its Chinese rule name and the cells' Chinese names), then 表二, 表三
and 表四 with every cell of every report — the same sheets as ``gongkai report
audit --tables`` (``table_sheets``). Every text from a report is a text cell.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
from collections.abc import Iterable

from gongkai import spreadsheets
from gongkai.accounts.users import AnyUser, staff_user
from gongkai.annual.commands.audit import TOTAL_ROWS, prepare_sheet, table_sheets
from gongkai.annual.rules import SEVERITY_LABELS, Severity
from gongkai.datacenter import selectors
from gongkai.datacenter.models import CollectedReport, ExportJob
from gongkai.datacenter.services import report_of
from gongkai.web import export_jobs

log = logging.getLogger(__name__)

SUMMARY_HEADERS = (
    "机关",
    "本平台机关",
    "年度",
    "格式",
    "错误数",
    "警告数",
    "提示数",
    "落款日期",
    "法定公布期限",
    "是否逾期",
    *(f"表三{label}（总计）" for _key, label in TOTAL_ROWS),
    "文件",
)
FINDING_HEADERS = ("机关", "年度", "级别", "来源", "规则", "说明", "单元格", "规则编号")


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value is not None else ""


def workbook(reports: Iterable[CollectedReport]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = "汇总"
    prepare_sheet(
        summary, SUMMARY_HEADERS, (30, 10, 8, 8, 8, 8, 8, 12, 12, 8, 14, 14, 16, 14, 30)
    )
    problems = book.create_sheet("问题")
    prepare_sheet(problems, FINDING_HEADERS, (30, 8, 8, 8, 22, 90, 40, 24))
    tables: list[tuple[str, dict[str, object]]] = []
    for obj in reports:
        report = report_of(obj)
        table3 = obj.data.get("table3", {})
        totals = [(table3.get(key) or [None] * 7)[6] for key, _label in TOTAL_ROWS]
        spreadsheets.append(
            summary,
            [
                obj.agency_name,
                "否" if obj.external else "是",
                obj.year,
                obj.format,
                obj.errors,
                obj.warnings,
                obj.infos,
                _date(obj.dated),
                _date(obj.deadline),
                "是" if obj.late else "否",
                *[
                    t if isinstance(t, (int, float)) or t is None else str(t)
                    for t in totals
                ],
                obj.file.name,
            ],
        )
        for f in obj.findings:
            names = []
            for ref in f["cells"]:
                try:
                    names.append(report.label_of(ref))
                except (KeyError, ValueError, IndexError, StopIteration):
                    names.append(ref)
            spreadsheets.append(
                problems,
                [
                    obj.agency_name,
                    obj.year,
                    SEVERITY_LABELS[Severity(f["severity"])],
                    f.get("source", ""),
                    f.get("name", ""),
                    f["message"],
                    "、".join(names),
                    f["rule"],
                ],
            )
        tables.append((obj.file.name, {"report": obj.data, "units": obj.units}))
    table_sheets(book, tables)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_job_create(
    *, owner: AnyUser, filters: selectors.Filters, now: dt.datetime
) -> ExportJob:
    """Queue a workbook of the catalogue selection ``filters`` for ``owner``."""
    from gongkai.datacenter.tasks import build_export

    return export_jobs.queue(
        ExportJob,
        build_export.enqueue,
        owner=staff_user(owner),
        filters=dataclasses.asdict(filters),
        created_at=now,
    )


def export_job_run(*, job_id: int, now: dt.datetime) -> ExportJob:
    """Build the workbook of a queued export (the worker; a retry builds it again)."""

    def build(job: ExportJob) -> tuple[int, bytes]:
        reports = (
            selectors.catalogue(job.owner, selectors.Filters(**job.filters))
            .defer(None)
            .order_by("agency_name", "year")
        )
        data = workbook(reports.iterator(chunk_size=200))
        return reports.count(), data

    return export_jobs.run(
        ExportJob, job_id, now=now, build=build, filename=f"export-{job_id}.xlsx"
    )
