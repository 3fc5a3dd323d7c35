"""A small cast: an agency with its staff, a supervisor above, an outsider."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.contrib.auth import get_user_model

from gongkai.accounts.models import Membership, Role
from gongkai.agencies.models import Agency
from gongkai.cases.models import Case

_seq = itertools.count(1)


def make_agency(name: str, parent: Agency | None = None, **kw: Any) -> Agency:
    n = next(_seq)
    agency = Agency.objects.create(
        name=name, code=f"a{n}", kind=Agency.Kind.DEPARTMENT, parent=parent, **kw
    )
    agency.path = agency.compute_path()
    agency.save(update_fields=["path"])
    return agency


def make_user(username: str, agency: Agency | None = None, *roles: Role) -> Any:
    user = get_user_model().objects.create_user(username, password="x-Long-Pass-1")
    for role in roles:
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


def make_case(agency: Agency, **kw: Any) -> Case:
    n = next(_seq)
    fields: dict[str, Any] = {
        "agency": agency,
        "query_code": f"Q{n:06d}",
        "applicant_type": "natural_person",
        "applicant_name": "张三",
        "id_number": "110101199001011234",
        "phone": "13800000000",
        "description": "2025年本市老旧小区改造项目清单",
        "channel": "in_person",
        "arrived_on": dt.date(2026, 3, 2),
        "received_on": dt.date(2026, 3, 2),
        "status": "in_progress",
    }
    fields.update(kw)
    return Case.objects.create(**fields)
