"""``gongkai.bulk.copy_insert``: COPY on PostgreSQL stores what ``bulk_create``
stores, and gives the objects their ids when asked."""

from __future__ import annotations

import uuid
from typing import Any

from django.forms.models import model_to_dict

from gongkai.bulk import copy_insert
from gongkai.cases.models import Case, CaseEvent, Status
from gongkai.cases.tests.states import make_case


def _copies(case: Case, n: int, tag: str) -> list[Case]:
    """``n`` new cases with every field of ``case`` but their keys."""
    values = {
        f.attname: getattr(case, f.attname)
        for f in Case._meta.concrete_fields
        if not f.primary_key
    }
    return [
        Case(
            **{
                **values,
                "query_code": f"{tag}{i:06d}",
                "idempotency_token": uuid.uuid4(),
            }
        )
        for i in range(n)
    ]


def _stored(cases: list[Case]) -> list[dict[str, Any]]:
    skip = {"id", "query_code", "idempotency_token", "created_at", "updated_at"}
    return [
        {
            k: v
            for k, v in model_to_dict(Case.objects.get(pk=c.pk)).items()
            if k not in skip
        }
        for c in cases
    ]


def test_copy_insert_stores_what_bulk_create_stores_and_assigns_ids(cast):
    for status in (Status.IN_PROGRESS, Status.CONSULTING, Status.AWAITING_CORRECTION):
        case = make_case(cast, status)
        created = Case.objects.bulk_create(_copies(case, 3, "BC"))
        copied = copy_insert(Case, _copies(case, 3, "CP"), assign_ids=True)
        assert all(c.pk and not c._state.adding for c in copied)
        assert len({c.pk for c in created + copied}) == 6
        assert _stored(copied) == _stored(created)
        # The ids are the table's own: a later save draws the next one.
        later = _copies(case, 1, "LT")[0]
        later.save()
        assert later.pk > max(c.pk for c in copied)
        Case.objects.filter(pk__in=[c.pk for c in created + copied + [later]]).delete()
    # Rows pointing at the copied ones.
    case = make_case(cast, Status.IN_PROGRESS)
    (copied,) = copy_insert(Case, _copies(case, 1, "EV"), assign_ids=True)
    CaseEvent.objects.bulk_append(
        [
            CaseEvent(
                case=copied,
                kind=CaseEvent.Kind.REGISTERED,
                actor_label="导入",
                at=case.created_at,
                status_after=copied.status,
            )
        ]
    )
    assert copied.events.get().kind == CaseEvent.Kind.REGISTERED
    assert copy_insert(Case, []) == []
