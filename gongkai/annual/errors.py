"""Errors of the annual-report core; their messages are Chinese, for users."""

from __future__ import annotations


class AnnualError(Exception):
    """Base of every error this package raises on purpose."""


class ReportDataError(AnnualError, ValueError):
    """Report data that cannot be used: malformed JSON, a wrong type, an unknown key."""


class ReportReadError(AnnualError):
    """A source file that cannot be read (missing, too large, not a report)."""
