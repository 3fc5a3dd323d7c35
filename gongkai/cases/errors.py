"""Errors the case services raise; each carries the Chinese message shown to staff."""

from __future__ import annotations

from gongkai.errors import DomainError, StaleError


class CaseError(DomainError):
    """A refused action on an application."""


class TransitionNotAllowed(CaseError):
    """The action does not fit the application's current state."""


class StaleCase(CaseError, StaleError):
    """Someone else changed the application since this page was loaded."""

    def __init__(self) -> None:
        super().__init__(
            "该申请已被他人更新，您的操作未保存。请刷新页面，核对最新情况后重试。"
        )


class CaseInputError(CaseError):
    """The inputs are not lawful or not consistent (dates, amounts, outcome)."""


class SeparationOfDuties(CaseError):
    """分权审批: the person who made a draft or a request may not approve it."""
