"""Refusals of the account services (a Chinese message for the page)."""

from gongkai.errors import DomainError


class AccountError(DomainError):
    """An account or role change that the rules do not allow."""
