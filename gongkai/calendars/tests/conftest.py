from __future__ import annotations

from collections.abc import Iterator

import pytest

from gongkai.calendars import hooks


@pytest.fixture(autouse=True)
def _only_test_receivers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Other apps' receivers (cases, …) are tested by those apps."""
    monkeypatch.setattr(hooks, "_receivers", [])
    yield


class Recorder:
    def __init__(self) -> None:
        self.calls: list[frozenset[int]] = []

    def __call__(self, *, years: frozenset[int]) -> None:
        self.calls.append(years)


@pytest.fixture
def fired() -> Iterator[list[frozenset[int]]]:
    recorder = Recorder()
    hooks.register(recorder)
    yield recorder.calls
    hooks.unregister(recorder)
