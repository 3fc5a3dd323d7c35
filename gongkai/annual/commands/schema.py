"""`gongkai report schema`: print the JSON Schema of gongkai-annual-report/1.

The committed copy is ``docs/report-schema.json``; a test keeps it equal to
``schema_text()``. Regenerate it with
``gongkai report schema > docs/report-schema.json``.
"""

from __future__ import annotations

import argparse
import json

from gongkai.annual.commands import EXIT_OK, guarded
from gongkai.annual.jsonio import json_schema


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "schema",
        help="输出年度报告数据（gongkai-annual-report/1）的 JSON Schema",
        description="输出年度报告数据（gongkai-annual-report/1）的 JSON Schema。",
    )
    parser.set_defaults(handler=run)


def schema_text() -> str:
    """The JSON Schema as committed: UTF-8, indented by 2, one final newline."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


@guarded
def run(args: argparse.Namespace) -> int:
    print(schema_text(), end="")
    return EXIT_OK
