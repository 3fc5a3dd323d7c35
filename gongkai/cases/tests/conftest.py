"""The cast of the cases tests.

A city government (市政府) with its office (市政府办公室, "our agency") and a
bureau (市住建局, the outsider's agency). Staff of our agency hold one role each;
the supervisor supervises the city government and everything below it; the
outsider is a handler of the bureau; the visitor is anonymous.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model

from gongkai.accounts.models import Membership, Role
from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_create
from gongkai.cases.models import Case
from gongkai.cases.services import ApplicationDetails, case_assign, case_register

SH = ZoneInfo("Asia/Shanghai")
PASSWORD = "Gongkai-Test-2026!"
#: Monday 2 March 2026, 10:00 in Shanghai: an ordinary working week.
TODAY = dt.date(2026, 3, 2)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SH)


@dataclass
class Cast:
    city: Agency
    office: Agency
    bureau: Agency
    registrar: Any
    handler: Any
    other_handler: Any
    head: Any
    admin: Any
    supervisor: Any
    outsider: Any

    def users(self) -> dict[str, Any]:
        return {
            "registrar": self.registrar,
            "handler": self.handler,
            "other_handler": self.other_handler,
            "head": self.head,
            "admin": self.admin,
            "supervisor": self.supervisor,
            "outsider": self.outsider,
        }


def make_user(username: str, agency: Agency, role: Role) -> Any:
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=username
    )
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """The /track/ failure counters live in the cache: each test starts at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen_time() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(at(TODAY), tick=False) as traveller:
        yield traveller


@pytest.fixture
def cast(db: None, frozen_time: Any) -> Cast:
    city = agency_create(
        name="示例市人民政府", code="city", kind=Agency.Kind.GOVERNMENT
    )
    office = agency_create(
        name="示例市人民政府办公室",
        code="office",
        kind=Agency.Kind.OFFICE,
        parent=city,
        docno_prefix="示政办依申公开",
        reconsideration_body="示例市人民政府",
        court="示例市人民法院",
    )
    bureau = agency_create(
        name="示例市住房和城乡建设局",
        code="bureau",
        kind=Agency.Kind.DEPARTMENT,
        parent=city,
    )
    return Cast(
        city=city,
        office=office,
        bureau=bureau,
        registrar=make_user("registrar", office, Role.REGISTRAR),
        handler=make_user("handler", office, Role.HANDLER),
        other_handler=make_user("handler2", office, Role.HANDLER),
        head=make_user("head", office, Role.HEAD),
        admin=make_user("admin", office, Role.ADMIN),
        supervisor=make_user("supervisor", city, Role.SUPERVISOR),
        outsider=make_user("outsider", bureau, Role.HANDLER),
    )


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
