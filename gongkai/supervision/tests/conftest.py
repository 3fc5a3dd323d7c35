"""The cast of the supervision tests.

示例市人民政府 (the supervising agency) with two agencies below it: its office
(our busy agency) and a bureau (a quiet one). The city has a 负责人 (who signs
bulletins) and a 上级监督; the office has the usual case workers; the bureau
has one handler (named in bulletins, not an overseer). The outsider works for
another city's government, outside the tree.
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
from gongkai.cases import services as cases
from gongkai.cases.models import Case
from gongkai.disclosure import services as disclosure
from gongkai.disclosure.models import Category, Item
from gongkai.reports.models import AnnualReport

SH = ZoneInfo("Asia/Shanghai")
PASSWORD = "Gongkai-Test-2026!"
#: Monday 2 March 2026, in the first quarter.
TODAY = dt.date(2026, 3, 2)
PHONE = "13812345678"


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SH)


def make_user(username: str, agency: Agency, role: Role) -> Any:
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=username
    )
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


@dataclass
class Cast:
    city: Agency
    office: Agency
    bureau: Agency
    other: Agency
    city_head: Any
    supervisor: Any
    registrar: Any
    handler: Any
    reviewer: Any
    head: Any
    admin: Any
    bureau_handler: Any
    outsider: Any

    # -- applications ------------------------------------------------------------

    def registered(self, *, arrived_on: dt.date = TODAY, phone: str = PHONE) -> Case:
        case = cases.case_register(
            agency=self.office,
            details=cases.ApplicationDetails.from_mapping(
                {
                    "applicant_type": "natural_person",
                    "applicant_name": "张三",
                    "id_number": "11010519491231002X",
                    "phone": phone,
                    "description": f"请公开老旧小区改造资金使用情况{uuid.uuid4().hex[:6]}",
                }
            ),
            channel="in_person",
            arrived_on=arrived_on,
            acting_user=self.registrar,
            token=uuid.uuid4(),
            now=at(arrived_on),
        )
        return cases.case_assign(
            case=case,
            assignee=self.handler,
            acting_user=self.registrar,
            now=at(arrived_on),
        )

    def answered(
        self, *, arrived_on: dt.date = TODAY, replied_on: dt.date = TODAY, **kw: Any
    ) -> Case:
        case = self.registered(arrived_on=arrived_on, **kw)
        case = cases.case_decide(
            case=case,
            outcome="granted",
            ground="art36_2",
            reasons="",
            access_info="电子邮件发送",
            acting_user=self.head,
            now=at(replied_on),
        )
        return cases.case_approve_decision(
            case=case, acting_user=self.head, now=at(replied_on)
        )

    # -- catalogue ---------------------------------------------------------------

    def item(self, *, generated_on: dt.date) -> Item:
        return disclosure.item_create(
            agency=self.office,
            acting_user=self.handler,
            title="示例市城乡低保标准调整方案",
            summary="调整城乡居民最低生活保障标准。",
            generated_on=generated_on,
            category=Category.objects.get(agency=self.office, code="GFXWJ"),
            art20_item="1",
            body="自2026年4月1日起，城乡低保标准统一提高。",
        )

    def published_item(self, *, generated_on: dt.date) -> Item:
        item = self.item(generated_on=generated_on)
        disclosure.item_submit(item=item, acting_user=self.handler)
        disclosure.item_review(
            item=item,
            result="pass",
            basis="不涉及国家秘密。",
            acting_user=self.reviewer,
        )
        disclosure.item_approve(item=item, acting_user=self.head)
        return disclosure.item_publish(item=item, acting_user=self.handler)

    def report(self, agency: Agency, *, published_on: dt.date | None) -> AnnualReport:
        return AnnualReport.objects.create(
            agency=agency,
            agency_name=agency.name,
            year=TODAY.year - 1,
            format="2021",
            data={},
            status="published" if published_on else "draft",
            source="compiled",
            published_at=at(published_on) if published_on else None,
        )


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """The /track/ failure counters live in the cache: each test starts at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


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
    other = agency_create(
        name="另一市人民政府", code="other", kind=Agency.Kind.GOVERNMENT
    )
    c = Cast(
        city=city,
        office=office,
        bureau=bureau,
        other=other,
        city_head=make_user("city_head", city, Role.HEAD),
        supervisor=make_user("supervisor", city, Role.SUPERVISOR),
        registrar=make_user("registrar", office, Role.REGISTRAR),
        handler=make_user("handler", office, Role.HANDLER),
        reviewer=make_user("reviewer", office, Role.HANDLER),
        head=make_user("head", office, Role.HEAD),
        admin=make_user("admin", office, Role.ADMIN),
        bureau_handler=make_user("bureau_handler", bureau, Role.HANDLER),
        outsider=make_user("outsider", other, Role.HEAD),
    )
    disclosure.disclosure_setup(agency=office)
    disclosure.settings_update(
        agency=office,
        org_code="000000001",
        credit_code="",
        index_pattern="{机构代码}/{年份}-{流水号:5}",
        acting_user=c.admin,
    )
    return c
