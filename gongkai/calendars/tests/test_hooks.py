"""The registry other apps use to recompute due dates after a change."""

from __future__ import annotations

import pytest

from gongkai.calendars import hooks
from gongkai.calendars.tests.conftest import Recorder


def test_receivers_get_the_years_as_a_keyword_and_failures_do_not_stop_others() -> None:
    def failing(*, years: frozenset[int]) -> None:
        raise RuntimeError("boom")

    recorder = Recorder()
    hooks.register(failing)
    hooks.register(recorder)
    hooks.register(recorder)  # registering twice keeps one
    with pytest.raises(RuntimeError, match="boom"):
        hooks.on_calendar_changed([2026, 2027])
    assert recorder.calls == [frozenset({2026, 2027})]
    hooks.unregister(failing)
    assert failing not in hooks.receivers()


def test_a_receiver_may_ignore_the_years() -> None:
    calls: list[str] = []

    def recompute_everything(**_: object) -> None:
        calls.append("done")

    hooks.register(recompute_everything)
    hooks.on_calendar_changed({2026})
    assert calls == ["done"]


def test_no_years_no_call() -> None:
    recorder = Recorder()
    hooks.register(recorder)
    hooks.on_calendar_changed([])
    assert recorder.calls == []
