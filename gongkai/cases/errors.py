"""Errors the case services raise; each carries the Chinese message shown to staff."""

from __future__ import annotations


class CaseError(Exception):
    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh


class TransitionNotAllowed(CaseError):
    """The action does not fit the application's current state."""


class StaleCase(CaseError):
    """Someone else changed the application since this page was loaded."""

    def __init__(self) -> None:
        super().__init__(
            "该申请已被他人更新，您的操作未保存。请刷新页面，核对最新情况后重试。"
        )


class CaseInputError(CaseError):
    """The inputs are not lawful or not consistent (dates, amounts, outcome)."""
