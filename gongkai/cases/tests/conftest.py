"""The cases tests' applications, for the shared cast (``gongkai/testing.py``)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from gongkai.cases.models import Case
from gongkai.cases.services import ApplicationDetails, case_assign, case_register
from gongkai.testing import TODAY, Cast


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """The /track/ failure counters live in the cache: each test starts at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def details(**overrides: Any) -> ApplicationDetails:
    data: dict[str, Any] = {
        "applicant_type": "natural_person",
        "applicant_name": "张三",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "email": "zhangsan@example.com",
        "description": "请公开2025年本市老旧小区改造项目的资金使用情况",
    }
    data.update(overrides)
    return ApplicationDetails.from_mapping(data)


def registered(cast: Cast, *, arrived_on: dt.date = TODAY, **overrides: Any) -> Case:
    """An application handed in at the counter today, registered by the registrar."""
    return case_register(
        agency=cast.office,
        details=details(**overrides),
        channel="in_person",
        arrived_on=arrived_on,
        acting_user=cast.registrar,
        token=uuid.uuid4(),
    )


def assigned(cast: Cast, **overrides: Any) -> Case:
    case = registered(cast, **overrides)
    return case_assign(case=case, assignee=cast.handler, acting_user=cast.registrar)


@pytest.fixture
def case_in_progress(cast: Cast) -> Case:
    return assigned(cast)
