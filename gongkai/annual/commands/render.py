"""`gongkai report render FILE.json --to html|docx|pdf -o OUT`."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from gongkai.annual.commands import EXIT_BAD_INPUT, EXIT_OK, guarded
from gongkai.annual.errors import ReportReadError
from gongkai.annual.jsonio import load_path
from gongkai.annual.render import FORMATS_OUT, render_docx, render_html, render_pdf

_NAMES = {"html": "HTML", "docx": "Word（.docx）", "pdf": "PDF"}


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "render",
        help="按国家格式生成年度报告（HTML、Word、PDF）",
        description="把年度报告 JSON（gongkai-annual-report/1）"
        "按国家规定格式生成文档。",
    )
    parser.add_argument("file", metavar="FILE.json", help="年度报告 JSON 文件")
    parser.add_argument(
        "--to", required=True, choices=FORMATS_OUT, help="输出格式：html、docx 或 pdf"
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="输出文件；“-”表示写到标准输出",
    )
    parser.set_defaults(handler=run)


def _check_target(target: Path) -> None:
    if not target.parent.is_dir():
        raise ReportReadError(f"输出目录不存在：{target.parent}")
    if target.is_dir():
        raise ReportReadError(f"{target} 是目录，不能作为输出文件")


def _write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: never half-written."""
    directory = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(
            dir=directory, prefix=f".{target.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise ReportReadError(f"无法写入目录 {directory}：{exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp_name, target)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise ReportReadError(f"无法写入文件 {target}：{exc.strerror}") from None


@guarded
def run(args: argparse.Namespace) -> int:
    to: str = args.to
    if args.output != "-":
        _check_target(Path(args.output))
    report = load_path(args.file)
    data: bytes
    if to == "html":
        data = render_html(report).encode("utf-8")
    elif to == "docx":
        data = render_docx(report)
    else:
        data = render_pdf(report)
    if args.output == "-":
        if to != "html" and sys.stdout.isatty():
            print(
                f"错误：{_NAMES[to]} 是二进制文件，不能输出到终端；请用 -o 指定文件",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    target = Path(args.output)
    _write_atomically(target, data)
    print(f"已生成 {_NAMES[to]}：{target}", file=sys.stderr)
    return EXIT_OK
