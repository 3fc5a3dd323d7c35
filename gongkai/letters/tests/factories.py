"""Applications stored directly, for letters of any kind (people: ``gongkai.testing``)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.cases.letter_data import letter_data
from gongkai.cases.models import Case
from gongkai.letters.models import Letter
from gongkai.letters.services import letter_generate

_seq = itertools.count(1)


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


def generate_letter(
    *,
    case: Case,
    kind: str,
    acting_user: Any,
    extra: dict[str, Any] | None = None,
    issued_on: dt.date | None = None,
) -> Letter:
    """A stored letter for ``case``, its data read off the case as the cases app does."""
    issued_on = issued_on or timezone.localdate()
    return letter_generate(
        case=case,
        kind=kind,
        data=letter_data(case, kind, issued_on=issued_on, extra=extra),
        acting_user=acting_user,
        issued_on=issued_on,
    )
