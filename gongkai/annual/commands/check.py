"""`gongkai report check FILE [--previous LAST_YEAR] [--json]`: run the rules.

Prints each finding on one line (错误/警告/提示, the rule id, the Chinese
message, the cells), then a summary line. Exit status: 0 no error, 1 at least
one error, 2 the input cannot be read (``guarded``).

A ``.json`` file is read as ``gongkai-annual-report/1``. Any other file is
read by the parser of published reports (``gongkai.annual.parse``); its
parse findings are printed beside the rule findings.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from gongkai.annual import jsonio
from gongkai.annual.commands import EXIT_FINDINGS, EXIT_OK, guarded
from gongkai.annual.errors import ReportReadError
from gongkai.annual.model import Report
from gongkai.annual.parse import parse_path
from gongkai.annual.rules import SEVERITY_LABELS, Finding, Severity, check

#: A text line lists the cells of a finding only up to this many.
MAX_CELLS_SHOWN = 6


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "check",
        help="检查年度报告的数据（勾稽关系、合计、空白、结转等）",
        description="检查年度报告数据。退出状态：0 无错误，1 有错误，2 无法读取输入。",
    )
    parser.add_argument("file", metavar="FILE", help="报告数据文件（.json）")
    parser.add_argument(
        "--previous",
        metavar="LAST_YEAR",
        help="上一年度的报告数据，用于核对“上年结转”",
    )
    parser.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    parser.set_defaults(handler=run)


def load_report(path: str | Path) -> tuple[Report, list[Finding]]:
    """Read a report and its parse findings: JSON directly, any other file
    (text, HTML, Word, PDF) through the parser of published reports."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        return jsonio.load_path(path), []
    result = parse_path(path)
    if not result.ok or result.report is None:
        raise ReportReadError(result.error or f"{path}：未能从文件中读出年度报告")
    return result.report, list(result.findings)


def _cells_text(finding: Finding) -> str:
    if not finding.cells:
        return ""
    if len(finding.cells) > MAX_CELLS_SHOWN:
        # the message names the rows; --json lists every cell
        return f"（涉及 {len(finding.cells)} 格，逐格列表见 --json）"
    return f"（单元格：{'、'.join(finding.cells)}）"


def finding_line(finding: Finding) -> str:
    """One finding as one line of text."""
    return (
        f"{SEVERITY_LABELS[finding.severity]} [{finding.rule}] "
        f"{finding.message}{_cells_text(finding)}"
    )


def _counts(findings: list[Finding]) -> dict[str, int]:
    return {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}


def summary_line(report: Report, findings: list[Finding]) -> str:
    counts = _counts(findings)
    head = f"{report.agency} {report.year} 年度报告（{report.format.id} 格式）"
    if not findings:
        return f"{head}：未发现问题"
    return (
        f"{head}：错误 {counts['error']} 项，警告 {counts['warning']} 项，"
        f"提示 {counts['info']} 项"
    )


@guarded
def run(args: argparse.Namespace) -> int:
    report, findings = load_report(args.file)
    previous = load_report(args.previous)[0] if args.previous else None
    findings += check(report, previous)
    if args.json:
        data = {
            "agency": report.agency,
            "year": report.year,
            "format": report.format.id,
            "summary": _counts(findings),
            "findings": [f.to_dict() for f in findings],
        }
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        for finding in findings:
            print(finding_line(finding))
        print(summary_line(report, findings))
    has_error = any(f.severity is Severity.ERROR for f in findings)
    return EXIT_FINDINGS if has_error else EXIT_OK
