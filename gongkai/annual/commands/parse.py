"""`gongkai report parse FILE… [--json]`: read published reports into report data.

Without ``--json`` each file gets a summary line and its parse findings. With
``--json`` each file gets one JSON object on one line:
``{"file", "ok", "status", "error", "source_kind", "report", "findings",
"provenance", "units", "dated"}`` (``status``: parsed, template, refused, unreadable)
(``report`` in ``gongkai-annual-report/1``). A file that cannot be read gives
``"ok": false`` and the run goes on. Exit status: 0 every file was read, 1 some
could not be read, 2 the command is misused.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from gongkai.annual import jsonio
from gongkai.annual.commands import EXIT_FINDINGS, EXIT_OK, guarded
from gongkai.annual.parse import ParseResult, parse_path
from gongkai.annual.rules import SEVERITY_LABELS


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "parse",
        help="解析已发布的年度报告（文本、网页、Word、PDF）为报告数据",
        description="解析已发布的年度报告。退出状态：0 全部读出，1 有文件无法读取，2 用法错误。",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="报告文件")
    parser.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")
    parser.set_defaults(handler=run)


def result_dict(file: str, result: ParseResult) -> dict[str, Any]:
    """One file's parse result as JSON-ready data."""
    report = result.report
    return {
        "file": file,
        "ok": result.ok,
        "status": result.status,
        "error": result.error,
        "source_kind": result.source_kind,
        "report": jsonio.report_to_dict(report) if report is not None else None,
        "findings": [f.to_dict() for f in result.findings],
        "provenance": dict(report.provenance) if report is not None else {},
        "units": dict(result.units),
        "dated": result.dated.isoformat() if result.dated else None,
    }


def _text_lines(file: str, result: ParseResult) -> list[str]:
    if not result.ok or result.report is None:
        return [f"{file}：{result.status_label}：{result.error}"]
    report = result.report
    lines = [
        f"{file}：{report.agency} {report.year} 年度报告（{report.format.id} 格式，"
        f"来源 {result.source_kind}，{result.status_label}），解析提示 {len(result.findings)} 项"
    ]
    for f in result.findings:
        lines.append(f"  {SEVERITY_LABELS[f.severity]} [{f.rule}] {f.message}")
    return lines


@guarded
def run(args: argparse.Namespace) -> int:
    failed = 0
    for file in args.files:
        result = parse_path(file)
        if not result.ok:
            failed += 1
        if args.json:
            line = json.dumps(
                result_dict(file, result), ensure_ascii=False, default=str
            )
            print(line, flush=True)
        else:
            for line in _text_lines(file, result):
                print(line, flush=True)
    if failed and not args.json:
        print(f"共 {len(args.files)} 个文件，{failed} 个无法读取", file=sys.stderr)
    return EXIT_FINDINGS if failed else EXIT_OK
