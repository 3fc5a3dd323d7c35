"""`gongkai report audit PATH… -o results.xlsx [--json] [--workers N]`.

Reads every report under the given files and folders in parallel worker
processes (progress bar on stderr), checks each with the rule catalogue, and
writes a workbook for a 政务公开办 clerk: sheet 报告 (a row per file: agency,
year, format, parse status, numbers of errors and warnings, the 总计 column of
table 三) and sheet 问题 (a row per finding, parse and rules together). With
``--json`` it writes JSON lines instead (to ``-o`` if given, else stdout).
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
from pathlib import Path
from typing import Any

from gongkai.annual.commands import EXIT_BAD_INPUT, EXIT_OK, guarded
from gongkai.annual.commands.parse import result_dict
from gongkai.annual.parse import parse_path
from gongkai.annual.rules import SEVERITY_LABELS, Severity, check

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
TOTAL_ROWS = (
    ("new_received", "本年新收"),
    ("carried_over", "上年结转"),
    ("total", "办理结果总计"),
    ("carried_forward", "结转下年度"),
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


def audit_one(file: str) -> dict[str, Any]:
    """Parse and check one file (runs in a worker process); plain data out."""
    result = parse_path(file)
    data = result_dict(file, result)
    data["rule_findings"] = []
    if result.report is not None:
        try:
            data["rule_findings"] = [f.to_dict() for f in check(result.report)]
        except Exception as exc:  # a rule failing must not stop the batch
            data["rule_findings"] = [
                {
                    "rule": "audit.internal",
                    "severity": "error",
                    "cells": [],
                    "expected": None,
                    "actual": None,
                    "message": f"检查时发生内部错误（{type(exc).__name__}）",
                }
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
                    data = {
                        "file": str(files[index]),
                        "ok": False,
                        "error": f"处理该文件的进程异常退出（{type(exc).__name__}）",
                        "source_kind": "",
                        "report": None,
                        "findings": [],
                        "provenance": {},
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
FINDING_HEADERS = ("文件", "机关", "年度", "级别", "来源", "规则", "说明", "单元格")
REPORT_WIDTHS = (40, 28, 8, 8, 10, 30, 8, 8, 8, 14, 14, 16, 14)
FINDING_WIDTHS = (40, 28, 8, 8, 8, 28, 90, 40)


def _write_workbook(path: Path, results: list[dict[str, Any]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    reports = book.active
    assert reports is not None
    reports.title = "报告"
    problems = book.create_sheet("问题")
    for sheet, headers, widths in (
        (reports, REPORT_HEADERS, REPORT_WIDTHS),
        (problems, FINDING_HEADERS, FINDING_WIDTHS),
    ):
        sheet.append(list(headers))
        for i, width in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(i)].width = width
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.freeze_panes = "A2"
    for data in results:
        report = data["report"] or {}
        counts = _counts(data)
        table3 = report.get("table3", {})
        totals = [(table3.get(key) or [None] * 7)[6] for key, _label in TOTAL_ROWS]
        status = "成功" if data["ok"] else f"失败：{data['error']}"
        if not data["ok"]:
            counts["error"] += 1
        reports.append(
            [
                data["file"],
                report.get("agency", ""),
                report.get("year"),
                report.get("format", ""),
                data["source_kind"],
                status,
                counts["error"],
                counts["warning"],
                counts["info"],
                *[
                    t if isinstance(t, (int, float)) or t is None else str(t)
                    for t in totals
                ],
            ]
        )
        head = [data["file"], report.get("agency", ""), report.get("year")]
        if not data["ok"]:
            problems.append(
                [*head, "错误", "解析", "parse.unreadable", data["error"], ""]
            )
        for source, items in (
            ("解析", data["findings"]),
            ("检查", data["rule_findings"]),
        ):
            for f in items:
                label = SEVERITY_LABELS[Severity(f["severity"])]
                problems.append(
                    [
                        *head,
                        label,
                        source,
                        f["rule"],
                        f["message"],
                        "、".join(f["cells"]),
                    ]
                )
    for sheet in (reports, problems):
        sheet.auto_filter.ref = sheet.dimensions
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
    _atomic_save(path, book)


def _atomic_save(path: Path, book: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(
        prefix=".audit-", suffix=path.suffix, dir=path.parent
    )
    os.close(handle)
    try:
        book.save(temp)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


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
        _write_workbook(Path(args.output), done)
        unread = sum(1 for r in done if not r["ok"])
        print(
            f"已审核 {len(done)} 个文件（{unread} 个无法读取），结果写入 {args.output}",
            file=sys.stderr,
        )
    return EXIT_OK
