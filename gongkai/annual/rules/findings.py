"""Findings: what a check reports, as in report-schema.md "Findings"."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


class Severity(enum.StrEnum):
    """How sure a finding is (``report-schema.md``)."""

    ERROR = "error"  # an official identity fails, or a cell holds an impossible value
    WARNING = "warning"  # likely wrong: a blank, a literal, a carry-over mismatch…
    INFO = "info"  # worth a look, not wrong


SEVERITY_LABELS: dict[Severity, str] = {
    Severity.ERROR: "错误",
    Severity.WARNING: "警告",
    Severity.INFO: "提示",
}
_SEVERITY_RANK: dict[Severity, int] = {
    Severity.ERROR: 0,
    Severity.WARNING: 1,
    Severity.INFO: 2,
}

type FindingValue = int | Decimal | str | None


def _json_value(value: FindingValue) -> int | float | str | None:
    if isinstance(value, Decimal):
        if value.is_finite() and value == value.to_integral_value():
            return int(value)
        return float(value) if value.is_finite() else str(value)
    return value


@dataclass(frozen=True)
class Finding:
    """One result of a check, as in ``report-schema.md`` "Findings".

    ``cells`` are references into the checked report (``table3.granted.total``);
    ``expected`` and ``actual`` are the two sides that disagree (a number, or a
    short text such as a format id); ``message`` is Chinese and names the rows
    and the numbers, so that it can be shown to a clerk as it is.
    """

    rule: str
    severity: Severity
    cells: tuple[str, ...]
    expected: FindingValue
    actual: FindingValue
    message: str

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data, keys as in ``report-schema.md``."""
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "cells": list(self.cells),
            "expected": _json_value(self.expected),
            "actual": _json_value(self.actual),
            "message": self.message,
        }
