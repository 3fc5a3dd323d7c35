"""The rule catalogue: every check that can be made on one annual report.

One module per part of the report (``table3``, ``table4``, ``cells``,
``narrative``); importing this package registers every rule, in that order.

``check(report, previous=None)`` runs every rule and returns its findings
(``docs/report-schema.md`` "Findings"). Each rule is one function registered
under a stable id; its docstring says where the rule comes from: the note
printed in the national table (国办公开办函〔2021〕30号, identical in
〔2019〕60号), the format's text, or "derived" (``legal.md`` §2.5: it follows
from the structure of the table but is not stated in words).

How cells enter the arithmetic (``report-schema.md``: blank, 0 and "/" differ):

- a blank (``None``) or a literal ("/", "无") counts as 0 in a sum;
- if every cell on one side of an identity is blank or literal, the identity
  is not checked: there is nothing to compare, and ``cells.blank`` /
  ``cells.literal`` already report the gap;
- if an identity fails but blank or literal cells on the *smaller* side could
  make it hold (some non-negative figure is missing), the finding is a
  **warning** that names the missing amount; it is an **error** only when no
  figure in those cells could make it hold. So a published table with one
  unreadable cell is not accused of breaking the 勾稽, while a table whose
  filled figures contradict each other always is.
"""

from __future__ import annotations

from gongkai.annual.rules.findings import (
    SEVERITY_LABELS,
    Finding,
    FindingValue,
    Severity,
)
from gongkai.annual.rules.registry import (
    DERIVED,
    RULES,
    STATED,
    Rule,
    check,
    has_errors,
    rule,
)

# isort: off
# Importing a module registers its rules; this order is the order ``check``
# runs them in (and lists findings of equal severity in).
from gongkai.annual.rules import table3, table4, cells  # noqa: F401
from gongkai.annual.rules.narrative import OVERVIEW_LIMIT, count_characters
# isort: on

__all__ = [
    "DERIVED",
    "OVERVIEW_LIMIT",
    "RULES",
    "SEVERITY_LABELS",
    "STATED",
    "Finding",
    "FindingValue",
    "Rule",
    "Severity",
    "check",
    "count_characters",
    "has_errors",
    "rule",
]
