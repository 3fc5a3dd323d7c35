"""Test helper: the labelled corpus of published reports, as report JSON.

The corpus is part of the repository, in ``tests/corpus/`` (its README says
where each report comes from and what it exercises). A missing corpus is a
failure, never a skip: the parser is held to real reports on every clone.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from gongkai.annual.jsonio import SCHEMA_ID, report_from_dict
from gongkai.annual.model import Report

#: ``tests/corpus/`` of this checkout.
CORPUS = Path(__file__).resolve().parents[3] / "tests" / "corpus"
SEED_NAME = "seed-linqing-2020.json"


def corpus_dir() -> Path:
    """The corpus directory; an AssertionError names it when it is missing."""
    assert (CORPUS / "labels").is_dir(), (
        f"the corpus of published reports is missing: expected {CORPUS}"
    )
    return CORPUS


def label_paths() -> list[Path]:
    return sorted((corpus_dir() / "labels").glob("*.json"))


def read_label(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"), parse_float=Decimal)
    return data


def label_to_report_dict(label: dict[str, Any]) -> dict[str, Any]:
    """A label (figures in report-schema keys, plus file and notes) as report JSON.

    Table 二 rows the label leaves out (unreadable in the source) stay out, so
    they load as absent rows, not as zeros.
    """
    return {
        "schema": SCHEMA_ID,
        "agency": label["agency"],
        "year": label["year"],
        "format": label["format"],
        "table2": label.get("table2", {}),
        "table3": label["table3"],
        "table4": label["table4"],
    }


def label_report(path: Path) -> Report:
    return report_from_dict(label_to_report_dict(read_label(path)))
