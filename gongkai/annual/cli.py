"""`gongkai report …`: the annual-report commands, framework-free.

Each subcommand lives in ``gongkai/annual/commands/<name>.py`` and exposes
``register(subparsers)``, which adds its parser and sets ``handler``.
Exit status: 0 success, 1 the report has errors (``check``), 2 the input cannot
be read or the command is misused. Messages are Chinese; no traceback reaches
the user for bad input.
"""

from __future__ import annotations

import argparse
import importlib

SUBCOMMANDS = ("render", "check", "schema", "parse", "audit", "compare")


def add_report_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("report", help="年度报告：生成、检查、解析、审核")
    report_sub = parser.add_subparsers(dest="report_command", required=True)
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"gongkai.annual.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"gongkai.annual.commands.{name}":
                raise
            continue  # not built yet
        module.register(report_sub)
