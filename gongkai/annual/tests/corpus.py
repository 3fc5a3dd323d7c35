"""Test helper: the labelled corpus of published reports, as report JSON.

The corpus lives outside the repository, in ``../shared/corpus`` next to it
(``/work/shared/corpus`` here); the environment variable ``GONGKAI_CORPUS``
points elsewhere. Tests that need it are skipped, with the reason, when it is
absent.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gongkai.annual.jsonio import SCHEMA_ID, report_from_dict
from gongkai.annual.model import Report

CORPUS_ENV = "GONGKAI_CORPUS"
SEED_NAME = "seed-linqing-2020.json"


def corpus_dir() -> Path | None:
    """The corpus directory, or None when it cannot be found."""
    candidates = []
    if os.environ.get(CORPUS_ENV):
        candidates.append(Path(os.environ[CORPUS_ENV]))
    candidates.append(Path(__file__).parents[3] / ".." / "shared" / "corpus")
    for candidate in candidates:
        if (candidate / "labels").is_dir():
            return candidate.resolve()
    return None


def require_corpus() -> Path:
    found = corpus_dir()
    if found is None:
        pytest.skip(
            "the corpus of published reports is absent: expected ../shared/corpus "
            f"next to the repository, or set {CORPUS_ENV}"
        )
    return found


def label_paths() -> list[Path]:
    found = corpus_dir()
    return sorted((found / "labels").glob("*.json")) if found else []


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
