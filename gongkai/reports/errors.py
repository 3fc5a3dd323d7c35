"""Errors the report services raise; each carries the Chinese message shown to staff."""

from __future__ import annotations

from gongkai.annual import rules
from gongkai.errors import DomainError


class ReportError(DomainError):
    """A refused change, with a Chinese message for the user."""


class SubmissionBlocked(ReportError):
    """Submission refused by the rules: errors, or warnings not acknowledged."""

    def __init__(self, message_zh: str, findings: list[rules.Finding]) -> None:
        super().__init__(message_zh)
        self.findings = findings
