"""`gongkai report schema` and the committed docs/report-schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.annual.commands.schema import schema_text
from gongkai.annual.jsonio import json_schema
from gongkai.cli import main

COMMITTED = Path(__file__).parents[3] / "docs" / "report-schema.json"


def test_the_committed_schema_is_the_generated_one() -> None:
    assert COMMITTED.read_text("utf-8") == schema_text(), (
        "docs/report-schema.json is stale: "
        "run `gongkai report schema > docs/report-schema.json`"
    )


def test_the_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema()
