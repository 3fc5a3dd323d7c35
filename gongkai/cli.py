"""The `gongkai` command.

`gongkai report …`, `gongkai workdays …` and `gongkai clock …` are served by the
framework-free packages and start without Django. Every other word is handed to
Django's management commands (`gongkai migrate`, `gongkai runserver`,
`gongkai demo`, …), with `gongkai.settings` as the default settings module.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

# Subcommand name -> "module:function" that adds its parser to the subparsers.
PURE_COMMANDS: dict[str, str] = {
    "report": "gongkai.annual.cli:add_report_parser",
    "workdays": "gongkai.workdays.cli:add_workdays_parser",
    "clock": "gongkai.workdays.cli:add_clock_parser",
}


def _load(
    spec: str,
) -> Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]:
    import importlib

    module_name, func_name = spec.split(":")
    func: Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None] = (
        getattr(importlib.import_module(module_name), func_name)
    )
    return func


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="公开 Gongkai：政府信息公开工作平台。"
        "其他子命令（migrate、runserver、demo 等）交由 Django 管理命令处理。",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, spec in PURE_COMMANDS.items():
        if only is None or only == name:
            _load(spec)(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in PURE_COMMANDS:
        parser = build_parser(only=args[0])
        namespace = parser.parse_args(args)
        handler: Callable[[argparse.Namespace], int] = namespace.handler
        return handler(namespace)
    if not args or args[0] in {"-h", "--help"}:
        build_parser().print_help()
        print("\nDjango 管理命令：gongkai help")
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
