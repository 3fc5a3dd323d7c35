"""Errors of the API's own services (tokens); each carries its Chinese message."""

from __future__ import annotations

from gongkai.errors import DomainError


class ApiTokenError(DomainError):
    """A token cannot be created, revoked or used as asked."""


class ApiInputError(DomainError):
    """A request names something that does not exist or does not fit (422)."""
