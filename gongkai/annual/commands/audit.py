"""`gongkai report audit PATH… -o results.xlsx [--json] [--workers N]`.

Reads every report under the given files and folders in parallel worker
processes (progress bar on stderr), checks each with the rule catalogue, and
writes a workbook for a 政务公开办 clerk: sheet 报告 (a row per file: its name,
agency, year, format, status — 成功, 空白模板, 已拒绝 or 无法读取 — numbers of
errors and warnings, the 总计 column of table 三) and sheet 问题 (a row per
finding, parse and rules together, with the rule's Chinese name). ``--tables``
adds sheets 表二, 表三 and 表四 with every cell of every report read. Every
cell goes through ``gongkai.spreadsheets`` (text from outside stays text).
With ``--json`` it writes JSON lines instead (to ``-o`` if given, else stdout).
Exit status 0 even when reports have findings or cannot be read; 2 only when
the command is misused (no such path, no output named).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from decimal import Decimal
from pathlib import Path
from typing import Any

from gongkai import spreadsheets
from gongkai.annual import jsonio
from gongkai.annual.commands import EXIT_BAD_INPUT, EXIT_OK, guarded
from gongkai.annual.commands.parse import result_dict
from gongkai.annual.errors import AnnualError
from gongkai.annual.formats import (
    FORMAT_2021,
    TABLE3_COLUMNS,
    TABLE4_GROUPS,
    TABLE4_RESULTS,
)
from gongkai.annual.model import Report
from gongkai.annual.parse import STATUS_LABELS, UNREADABLE, parse_path
from gongkai.annual.parse import findings as F
from gongkai.annual.parse.review import SOURCE_CHECK, SOURCE_PARSE, review, rule_name
from gongkai.annual.rules import SEVERITY_LABELS, Finding, Severity

SUFFIXES = frozenset(
    {
        ".txt",
        ".md",
        ".text",
        ".html",
        ".htm",
        ".shtml",
        ".xhtml",
        ".docx",
        ".doc",
        ".pdf",
    }
)
#: Imported once by the fork server, so that each worker starts warm.
WORKER_PRELOAD = [
    "gongkai.annual.commands.audit",
    "gongkai.annual.parse.pdf",
    "pdfplumber",
    "pypdfium2",
    "docx",
    "lxml.html",
    "charset_normalizer",
]
TOTAL_ROWS = tuple(
    (key, FORMAT_2021.table3_by_key[key].short)
    for key in ("new_received", "carried_over", "total", "carried_forward")
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "audit",
        help="批量解析并检查年度报告，输出 Excel 工作簿",
        description="批量审核年度报告（文件或文件夹）。退出状态：0 完成（即使报告有问题），2 用法错误。",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或文件夹")
    parser.add_argument(
        "-o",
        "--output",
        metavar="RESULTS",
        help="输出文件（.xlsx；--json 时为 JSON 行文件）",
    )
    parser.add_argument("--json", action="store_true", help="输出 JSON 行而不是工作簿")
    parser.add_argument(
        "--tables",
        action="store_true",
        help="工作簿另加表二、表三、表四三张工作表，列出每份报告的每个单元格",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        metavar="N",
        help="并行进程数（默认为 CPU 数）",
    )
    parser.set_defaults(handler=run)


def collect(paths: list[str]) -> list[Path]:
    """The report files named or found under the folders, in a stable order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUFFIXES
                )
            )
        else:
            files.append(path)
    return files


def _finding_dict(source: str, f: Finding) -> dict[str, Any]:
    return {**f.to_dict(), "source": source, "name": rule_name(f.rule)}


def audit_one(file: str) -> dict[str, Any]:
    """Parse and check one file (runs in a worker process); plain data out."""
    result = parse_path(file)
    data = result_dict(file, result)
    checked = review(result)
    data["status_label"] = checked.status_label
    data["findings"] = [_finding_dict(SOURCE_PARSE, f) for f in checked.parse_findings]
    data["rule_findings"] = [
        _finding_dict(SOURCE_CHECK, f) for f in checked.rule_findings
    ]
    return data


def worker_context() -> multiprocessing.context.BaseContext:
    """Workers from a fork server (preloaded), else spawned; never a bare fork.

    Forking the command's own process is unsafe once it runs threads (tqdm's
    monitor, a library's pool): a lock held by another thread at the fork stays
    locked in the child. A fork server is a clean single-threaded process that
    has imported the parser once, so a worker costs one fork, not an import.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(WORKER_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


def _run_all(files: list[Path], workers: int) -> Iterator[tuple[int, dict[str, Any]]]:
    from tqdm import tqdm

    bar = tqdm(total=len(files), desc="审核", unit="份", file=sys.stderr, disable=None)
    try:
        if workers <= 1 or len(files) <= 1:
            for index, file in enumerate(files):
                yield index, audit_one(str(file))
                bar.update(1)
            return
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=worker_context()
        ) as pool:
            futures = {pool.submit(audit_one, str(f)): i for i, f in enumerate(files)}
            for future in as_completed(futures):
                index = futures[future]
                try:
                    data = future.result()
                except Exception as exc:  # a worker died: record it, go on
                    message = f"处理该文件的进程异常退出（{type(exc).__name__}）"
                    data = {
                        "file": str(files[index]),
                        "ok": False,
                        "status": UNREADABLE,
                        "status_label": STATUS_LABELS[UNREADABLE],
                        "error": message,
                        "source_kind": "",
                        "report": None,
                        "findings": [
                            {
                                "rule": F.UNREADABLE,
                                "name": rule_name(F.UNREADABLE),
                                "source": SOURCE_PARSE,
                                "severity": "error",
                                "cells": [],
                                "expected": None,
                                "actual": None,
                                "message": message,
                            }
                        ],
                        "provenance": {},
                        "units": {},
                        "rule_findings": [],
                    }
                yield index, data
                bar.update(1)
    finally:
        bar.close()


def _counts(data: dict[str, Any]) -> dict[str, int]:
    every = data["findings"] + data["rule_findings"]
    return {
        s.value: sum(1 for f in every if f["severity"] == s.value) for s in Severity
    }


REPORT_HEADERS = (
    "文件",
    "机关",
    "年度",
    "格式",
    "来源类型",
    "解析状态",
    "错误数",
    "警告数",
    "提示数",
    *(f"表三{label}（总计）" for _key, label in TOTAL_ROWS),
)
FINDING_HEADERS = (
    "文件",
    "机关",
    "年度",
    "级别",
    "来源",
    "规则",
    "说明",
    "单元格",
    "规则编号",
)
REPORT_WIDTHS = (40, 28, 8, 8, 10, 30, 8, 8, 8, 14, 14, 16, 14)
FINDING_WIDTHS = (40, 28, 8, 8, 8, 22, 90, 40, 24)


def _status(data: dict[str, Any]) -> str:
    label = str(data.get("status_label") or STATUS_LABELS[UNREADABLE])
    return label if data["ok"] else f"{label}：{data['error']}"


def _report_of(data: dict[str, Any]) -> Report | None:
    if data.get("report") is None:
        return None
    try:
        return jsonio.report_from_dict(data["report"])
    except AnnualError:
        return None


def _cell_names(report: Report | None, refs: list[str]) -> str:
    names = []
    for ref in refs:
        try:
            names.append(report.label_of(ref) if report is not None else ref)
        except (KeyError, ValueError, IndexError, StopIteration):
            names.append(ref)
    return "、".join(names)


def prepare_sheet(
    sheet: Any, headers: tuple[str, ...], widths: tuple[int, ...]
) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    spreadsheets.append(sheet, headers)
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    sheet.freeze_panes = "A2"


def _write_reports(sheet: Any, data: dict[str, Any], name: str) -> None:
    report = data["report"] or {}
    every = data["findings"] + data["rule_findings"]
    counts = {
        s.value: sum(1 for f in every if f["severity"] == s.value) for s in Severity
    }
    table3 = report.get("table3", {})
    totals = [(table3.get(key) or [None] * 7)[6] for key, _label in TOTAL_ROWS]
    spreadsheets.append(
        sheet,
        [
            name,
            report.get("agency", ""),
            report.get("year"),
            report.get("format", ""),
            data["source_kind"],
            _status(data),
            counts["error"],
            counts["warning"],
            counts["info"],
            *[
                t if isinstance(t, (int, float)) or t is None else str(t)
                for t in totals
            ],
        ],
    )


def _write_findings(sheet: Any, data: dict[str, Any], name: str) -> None:
    report = data["report"] or {}
    parsed = _report_of(data)
    head = [name, report.get("agency", ""), report.get("year")]
    for f in data["findings"] + data["rule_findings"]:
        spreadsheets.append(
            sheet,
            [
                *head,
                SEVERITY_LABELS[Severity(f["severity"])],
                f.get("source", ""),
                f.get("name") or rule_name(f["rule"]),
                f["message"],
                _cell_names(parsed, f["cells"]),
                f["rule"],
            ],
        )


def _value(cell: Any) -> spreadsheets.Value:
    if cell is None or isinstance(cell, (int, float, Decimal)):
        return cell
    return str(cell)


def table_sheets(book: Any, results: list[tuple[str, dict[str, Any]]]) -> None:
    """表二 (a row per cell: formats differ), 表三 (a row per table row), 表四."""
    t2 = book.create_sheet("表二")
    prepare_sheet(
        t2,
        ("文件", "机关", "年度", "格式", "条目", "信息内容", "栏目", "数值", "单位"),
        (30, 28, 8, 8, 18, 22, 26, 14, 8),
    )
    t3 = book.create_sheet("表三")
    prepare_sheet(
        t3,
        ("文件", "机关", "年度", "格式", "行", *(c.label for c in TABLE3_COLUMNS)),
        (30, 28, 8, 8, 50, *([10] * len(TABLE3_COLUMNS))),
    )
    t4 = book.create_sheet("表四")
    t4_heads = tuple(
        f"{g.parent_label + '·' if g.parent_label else ''}{g.label}·{label}"
        for g in TABLE4_GROUPS
        for _key, label in TABLE4_RESULTS
    )
    prepare_sheet(t4, ("文件", "机关", "年度", *t4_heads), (30, 28, 8, *([12] * 15)))
    for name, data in results:
        report = _report_of(data)
        if report is None:
            continue
        head: list[spreadsheets.Value] = [
            name,
            report.agency,
            report.year,
            report.format.id,
        ]
        units = data.get("units", {})
        for block in report.format.table2:
            for row in block.rows:
                values = report.table2.get(row.key)
                for i, column in enumerate(block.columns):
                    value = values[i] if values is not None else None
                    ref = f"table2.{row.key}.{column.key}"
                    spreadsheets.append(
                        t2,
                        [
                            *head,
                            block.heading,
                            row.label,
                            column.label,
                            _value(value),
                            units.get(ref, ""),
                        ],
                    )
        for key in report.format.table3_keys:
            spreadsheets.append(
                t3,
                [
                    *head,
                    report.format.short_label(key),
                    *(_value(c) for c in report.table3[key]),
                ],
            )
        spreadsheets.append(t4, [*head[:3], *(_value(c) for c in report.table4)])


def _write_workbook(path: Path, results: list[dict[str, Any]], tables: bool) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    book = Workbook()
    reports = book.active
    assert reports is not None
    reports.title = "报告"
    problems = book.create_sheet("问题")
    prepare_sheet(reports, REPORT_HEADERS, REPORT_WIDTHS)
    prepare_sheet(problems, FINDING_HEADERS, FINDING_WIDTHS)
    named = [(Path(str(data["file"])).name, data) for data in results]
    for name, data in named:
        _write_reports(reports, data, name)
        _write_findings(problems, data, name)
    for sheet in (reports, problems):
        sheet.auto_filter.ref = sheet.dimensions
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    if tables:
        table_sheets(book, named)
    spreadsheets.save(book, path)


@guarded
def run(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"错误：找不到：{'、'.join(missing)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not args.json and not args.output:
        print("错误：请用 -o 指定输出的工作簿（.xlsx），或使用 --json", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.output and not args.json and Path(args.output).suffix.lower() != ".xlsx":
        print("错误：输出的工作簿应以 .xlsx 结尾", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.workers < 0:
        print("错误：--workers 不能为负数", file=sys.stderr)
        return EXIT_BAD_INPUT
    files = collect(args.paths)
    if not files:
        print("错误：所给的路径中没有可审核的报告文件", file=sys.stderr)
        return EXIT_BAD_INPUT
    workers = args.workers or os.cpu_count() or 1
    results: list[dict[str, Any] | None] = [None] * len(files)
    for index, data in _run_all(files, workers):
        results[index] = data
    done = [r for r in results if r is not None]
    if args.json:
        lines = [json.dumps(r, ensure_ascii=False, default=str) for r in done]
        if args.output:
            out = Path(args.output)
            handle, temp = tempfile.mkstemp(prefix=".audit-", dir=out.parent.resolve())
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write("\n".join(lines) + "\n")
            os.replace(temp, out)
        else:
            for line in lines:
                print(line)
    else:
        _write_workbook(Path(args.output), done, args.tables)
        unread = sum(1 for r in done if not r["ok"])
        print(
            f"已审核 {len(done)} 个文件（{unread} 个无法读取），结果写入 {args.output}",
            file=sys.stderr,
        )
    return EXIT_OK
