"""`gongkai report compare OLD NEW [--json]`: one agency's two years compared.

OLD and NEW are report JSON files (``gongkai-annual-report/1``) or published
reports in any form ``report parse`` reads. Prints the carry-over check (this
year's 二、上年结转 against last year's 四、结转下年度继续办理, per column), every
figure that changed, and the narrative sections compared paragraph by
paragraph. With ``--json``, one JSON object. Exit status: 0 compared and the
carry-over holds, 1 the carry-over does not hold, 2 a file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from gongkai.annual import jsonio
from gongkai.annual.commands import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, guarded
from gongkai.annual.compare import Comparison, compare
from gongkai.annual.errors import ReportDataError
from gongkai.annual.formats import FORMAT_2021
from gongkai.annual.model import Report, format_cell
from gongkai.annual.parse import parse_path


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "compare",
        help="比较同一机关两个年度的报告（数字变化、结转衔接、文字段落）",
        description="比较两个年度的报告。退出状态：0 结转衔接一致，1 结转不一致，2 文件无法读取。",
    )
    parser.add_argument(
        "old", metavar="OLD", help="上一年度的报告（JSON 或已发布的报告文件）"
    )
    parser.add_argument("new", metavar="NEW", help="本年度的报告")
    parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
    parser.set_defaults(handler=run)


def load(path: str) -> Report:
    """A report from JSON, or parsed from a published file; Chinese error if not."""
    if Path(path).suffix.lower() == ".json":
        return jsonio.load_path(path)
    result = parse_path(path)
    if result.report is None or result.status != "parsed":
        raise ReportDataError(
            f"{path}：{result.status_label}：{result.error or '未填写的模板'}"
        )
    return result.report


def _cell(cell: Any) -> Any:
    """A cell or a change as JSON: a decimal as a number, text as text."""
    if isinstance(cell, Decimal):
        return int(cell) if cell == cell.to_integral_value() else float(cell)
    return cell


def as_dict(result: Comparison) -> dict[str, Any]:
    return {
        "agency": result.new.agency,
        "old_year": result.old.year,
        "new_year": result.new.year,
        "notes": list(result.notes),
        "carry_over_ok": result.carry_over_ok,
        "carry_over": [
            {
                "column": c.column,
                "cell": c.ref,
                "last_year_carried_forward": _cell(c.forwarded),
                "carried_over": _cell(c.carried),
                "ok": c.ok,
            }
            for c in result.carry_over
        ],
        "changes": [
            {
                "cell": c.ref,
                "label": c.label,
                "old": _cell(c.old),
                "new": _cell(c.new),
                "delta": _cell(c.delta),
            }
            for c in result.changes
        ],
        "only_old": list(result.only_old),
        "only_new": list(result.only_new),
        "narrative": {
            s.key: [{"tag": p.tag, "old": p.old, "new": p.new} for p in s.paragraphs]
            for s in result.narrative
        },
    }


def _shown(cell: Any) -> str:
    return (
        "空白"
        if cell is None
        else (f"“{cell}”" if isinstance(cell, str) else format_cell(cell))
    )


def text_lines(result: Comparison) -> list[str]:
    old, new = result.old, result.new
    lines = [f"{new.agency}：{old.year} 年度 → {new.year} 年度"]
    lines += [f"注意：{note}" for note in result.notes]
    lines.append("")
    verdict = "一致" if result.carry_over_ok else "不一致"
    rows = FORMAT_2021.table3_by_key
    carried, forwarded = rows["carried_over"], rows["carried_forward"].label
    lines.append(
        f"结转衔接（本年“{carried.number}{carried.short}” = 上年“{forwarded}”）：{verdict}"
    )
    for check in result.carry_over:
        if check.checked:
            mark = "✓" if check.ok else "✗"
            lines.append(
                f"  {mark} {check.column}：上年结转下年度 {_shown(check.forwarded)}，本年上年结转 {_shown(check.carried)}"
            )
    lines.append("")
    changes = result.changes
    lines.append(f"数字变化：{len(changes)} 个单元格（共比较 {len(result.cells)} 个）")
    for c in changes:
        delta = f"（{c.delta_text}）" if c.delta_text else ""
        lines.append(f"  {c.label}：{_shown(c.old)} → {_shown(c.new)}{delta}")
    if result.only_old or result.only_new:
        lines.append(
            f"  两种格式不共有的单元格：上年 {len(result.only_old)} 个，本年 {len(result.only_new)} 个，未比较"
        )
    lines.append("")
    for section in result.narrative:
        lines.append(
            f"{section.heading}：相同 {section.count('equal')} 段，修改 {section.count('changed')} 段，"
            f"新增 {section.count('added')} 段，删除 {section.count('removed')} 段"
        )
        for p in section.paragraphs:
            if p.tag == "changed":
                lines.append(f"  ~ {p.old}")
                lines.append(f"    → {p.new}")
            elif p.tag == "added":
                lines.append(f"  + {p.new}")
            elif p.tag == "removed":
                lines.append(f"  - {p.old}")
    return lines


@guarded
def run(args: argparse.Namespace) -> int:
    for path in (args.old, args.new):
        if not Path(path).is_file():
            print(f"错误：找不到文件：{path}", file=sys.stderr)
            return EXIT_BAD_INPUT
    result = compare(load(args.old), load(args.new))
    if args.json:
        print(json.dumps(as_dict(result), ensure_ascii=False, default=str))
    else:
        for line in text_lines(result):
            print(line)
    return EXIT_OK if result.carry_over_ok else EXIT_FINDINGS
