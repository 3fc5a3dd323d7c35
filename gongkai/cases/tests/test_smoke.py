from __future__ import annotations

from gongkai.cases.models import Status
from gongkai.cases.tests.conftest import assigned


def test_it_registers_and_assigns(cast):
    case = assigned(cast)
    assert case.status == Status.IN_PROGRESS
    assert case.due_on is not None
