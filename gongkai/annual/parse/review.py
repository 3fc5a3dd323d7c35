"""One file's review: what the reader made of it, and the rules' findings.

``review(result, previous=None)`` is what the audit command and the data
center show for a parsed file: its status (成功 / 空白模板 / 已拒绝 / 无法读取),
the parse findings and the rule findings together. An unfilled template or a
refused file is not checked (there are no figures to check). Cells that the
source's layout has no place for (a 2021 report printing the old single
（六）其他处理 row) are explained by the parse finding that names the layout, so
the rules do not also call them blank.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from gongkai.annual.model import Report
from gongkai.annual.parse import PARSED, STATUS_LABELS, ParseResult
from gongkai.annual.parse import findings as F
from gongkai.annual.rules import RULES, Finding, Severity, check

INTERNAL = "audit.internal"
#: Where a finding comes from, as the workbook and the pages name it.
SOURCE_PARSE = "解析"
SOURCE_CHECK = "检查"


def rule_name(rule_id: str) -> str:
    """The Chinese name of a rule or parse finding (``rules`` and ``findings``)."""
    if rule_id in RULES:
        return RULES[rule_id].name
    if rule_id == INTERNAL:
        return "检查时内部错误"
    return F.NAMES.get(rule_id, rule_id)


@dataclass(frozen=True)
class Review:
    status: str
    parse_findings: tuple[Finding, ...]
    rule_findings: tuple[Finding, ...]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def findings(self) -> tuple[tuple[str, Finding], ...]:
        """(source, finding) of both kinds, errors first."""
        both = [(SOURCE_PARSE, f) for f in self.parse_findings] + [
            (SOURCE_CHECK, f) for f in self.rule_findings
        ]
        rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        return tuple(sorted(both, key=lambda sf: rank[sf[1].severity]))

    def count(self, severity: Severity) -> int:
        return sum(1 for _source, f in self.findings if f.severity is severity)


def checked(
    report: Report, previous: Report | None, absent: frozenset[str] = frozenset()
) -> list[Finding]:
    """The rules' findings; cells in ``absent`` are not reported as blank."""
    try:
        found = check(report, previous)
        if absent:
            filled = copy.deepcopy(report)
            for ref in absent:
                filled.set(ref, 0)
            found = [f for f in found if f.rule != "cells.blank"] + [
                f for f in RULES["cells.blank"](filled, previous)
            ]
        return found
    except Exception as exc:  # a rule failing must not stop a batch
        return [
            Finding(
                INTERNAL,
                Severity.ERROR,
                (),
                None,
                None,
                f"检查时发生内部错误（{type(exc).__name__}）",
            )
        ]


def review(result: ParseResult, previous: Report | None = None) -> Review:
    rules: list[Finding] = []
    if result.status == PARSED and result.report is not None:
        rules = checked(result.report, previous, result.absent)
    return Review(result.status, tuple(result.findings), tuple(rules))
