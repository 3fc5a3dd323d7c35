"""Errors of the import services; each carries its Chinese message."""

from __future__ import annotations

from gongkai.errors import DomainError


class ImportRefused(DomainError):
    """An upload or a commit refused as asked."""
