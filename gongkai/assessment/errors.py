"""The assessment's refusals (``gongkai.errors.DomainError``)."""

from __future__ import annotations

from gongkai.errors import DomainError


class AssessmentError(DomainError):
    """A rule of the assessment refused the operation (message in Chinese)."""
