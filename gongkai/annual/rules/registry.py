"""The registry: each rule registered under a stable id; ``check`` runs them all."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from gongkai.annual.model import Report
from gongkai.annual.rules.findings import _SEVERITY_RANK, Finding, Severity

type RuleFunc = Callable[[Report, Report | None], Iterable[Finding]]

STATED = "stated"
DERIVED = "derived"


@dataclass(frozen=True)
class Rule:
    """A registered rule: a stable id, its strongest severity and its basis."""

    id: str
    name: str  # a short Chinese name, for lists and workbooks
    severity: Severity  # the strongest severity it reports
    basis: str  # STATED (the official text says it) or DERIVED (legal.md §2.5 "D")
    func: RuleFunc

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.func) or ""

    def __call__(self, report: Report, previous: Report | None = None) -> list[Finding]:
        return list(self.func(report, previous))


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, *, name: str, severity: Severity, basis: str
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under ``rule_id``."""

    def register(func: RuleFunc) -> RuleFunc:
        if rule_id in RULES:
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = Rule(rule_id, name, severity, basis, func)
        return func

    return register


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    """Run every rule on ``report``; errors first, then warnings, then infos.

    ``previous`` is the same agency's report for the year before; when given,
    the carry-over rule compares the two.
    """
    findings = [f for r in RULES.values() for f in r.func(report, previous)]
    return sorted(findings, key=lambda f: _SEVERITY_RANK[f.severity])


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
