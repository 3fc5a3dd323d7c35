"""The supervision tests use the shared cast (``gongkai/testing.py``) with the
catalogue set up. The city is the supervising government: its 负责人
(``city_head``) signs bulletins, its 上级监督 reads them. The office is the busy
agency, the bureau a quiet one (its handler, ``outsider``, is named in
bulletins but oversees nothing); ``other_head`` works outside the tree.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from gongkai.agencies.models import Agency
from gongkai.cases import services as cases
from gongkai.cases.models import Case
from gongkai.reports.models import AnnualReport
from gongkai.testing import TODAY, Cast, at

PHONE = "13812345678"


def assigned(cast: Cast, *, arrived_on: dt.date = TODAY, phone: str = PHONE) -> Case:
    """An application registered on the day it arrived and assigned to the handler."""
    case = cases.case_register(
        agency=cast.office,
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
        acting_user=cast.registrar,
        token=uuid.uuid4(),
        now=at(arrived_on),
    )
    return cases.case_assign(
        case=case,
        assignee=cast.handler,
        acting_user=cast.registrar,
        now=at(arrived_on),
    )


def answered(
    cast: Cast,
    *,
    arrived_on: dt.date = TODAY,
    replied_on: dt.date = TODAY,
    **kw: Any,
) -> Case:
    """An application granted (条例第三十六条第二项) and replied on ``replied_on``."""
    case = assigned(cast, arrived_on=arrived_on, **kw)
    case = cases.case_decide(
        case=case,
        outcome="granted",
        ground="art36_2",
        reasons="",
        access_info="电子邮件发送",
        acting_user=cast.handler,
        now=at(replied_on),
    )
    return cases.case_approve_decision(
        case=case, acting_user=cast.head, now=at(replied_on)
    )


def annual_report(agency: Agency, *, published_on: dt.date | None) -> AnnualReport:
    """Last year's annual report of ``agency``, published on the day or a draft."""
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
def cast(cast: Cast) -> Cast:
    cast.set_up_catalogue()
    return cast
