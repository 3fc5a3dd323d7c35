"""The cast of the disclosure tests.

A city government with its office ("our agency") and a bureau (the outsider's
agency). Our agency has a drafter (handler), a reviewer (a second handler), a
head and an administrator; the supervisor supervises the city and everything
below it; the outsider is a handler of the bureau.
"""

from __future__ import annotations

import datetime as dt
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
from gongkai.disclosure import services
from gongkai.disclosure.models import Category, Item

SH = ZoneInfo("Asia/Shanghai")
PASSWORD = "Gongkai-Test-2026!"
#: Monday 2 March 2026, 10:00 in Shanghai.
TODAY = dt.date(2026, 3, 2)


@dataclass
class Cast:
    city: Agency
    office: Agency
    bureau: Agency
    drafter: Any
    reviewer: Any
    head: Any
    admin: Any
    supervisor: Any
    outsider: Any

    def category(self, code: str = "GFXWJ", agency: Agency | None = None) -> Category:
        return Category.objects.get(agency=agency or self.office, code=code)

    def item(self, **fields: Any) -> Item:
        defaults: dict[str, Any] = {
            "title": "示例市城乡低保标准调整方案",
            "summary": "调整城乡居民最低生活保障标准。",
            "generated_on": dt.date(2026, 2, 27),
            "category": self.category(),
            "art20_item": "1",
            "body": "自2026年4月1日起，城乡低保标准统一提高。",
        }
        return services.item_create(
            agency=self.office, acting_user=self.drafter, **(defaults | fields)
        )

    def published(self, **fields: Any) -> Item:
        item = self.item(**fields)
        services.item_submit(item=item, acting_user=self.drafter)
        services.item_review(
            item=item,
            result="pass",
            basis="不涉及国家秘密。",
            acting_user=self.reviewer,
        )
        services.item_approve(item=item, acting_user=self.head)
        return services.item_publish(item=item, acting_user=self.drafter)


def make_user(username: str, agency: Agency, role: Role) -> Any:
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=username
    )
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Uploaded attachments go to a per-test directory, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def frozen_time() -> Iterator[time_machine.Coordinates]:
    moment = dt.datetime(TODAY.year, TODAY.month, TODAY.day, 10, tzinfo=SH)
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller


def build_cast() -> Cast:
    city = agency_create(
        name="示例市人民政府", code="city", kind=Agency.Kind.GOVERNMENT
    )
    office = agency_create(
        name="示例市人民政府办公室", code="office", kind=Agency.Kind.OFFICE, parent=city
    )
    bureau = agency_create(
        name="示例市住房和城乡建设局",
        code="bureau",
        kind=Agency.Kind.DEPARTMENT,
        parent=city,
    )
    services.disclosure_setup(agency=office)
    services.disclosure_setup(agency=bureau)
    cast = Cast(
        city=city,
        office=office,
        bureau=bureau,
        drafter=make_user("drafter", office, Role.HANDLER),
        reviewer=make_user("reviewer", office, Role.HANDLER),
        head=make_user("head", office, Role.HEAD),
        admin=make_user("admin", office, Role.ADMIN),
        supervisor=make_user("supervisor", city, Role.SUPERVISOR),
        outsider=make_user("outsider", bureau, Role.HANDLER),
    )
    services.settings_update(
        agency=office,
        org_code="000000001",
        credit_code="",
        index_pattern="{机构代码}/{年份}-{流水号:5}",
        acting_user=cast.admin,
    )
    return cast


@pytest.fixture
def cast(db: None, frozen_time: Any) -> Cast:
    return build_cast()
