"""The demo catalogue: made through the services, once, and searchable."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from gongkai.demo.catalogue import seed as disclosure_demo_seed
from gongkai.demo.province import DemoBuilder
from gongkai.disclosure import search
from gongkai.disclosure.models import Guide, Item
from gongkai.disclosure.selectors import public_items, table2_rules_and_normative_docs
from gongkai.testing import TODAY

S = Item.Status


def demo_agencies() -> None:
    builder = DemoBuilder(today=TODAY, out=lambda _line: None)
    with transaction.atomic():
        builder.ensure_agencies()
        builder.ensure_accounts()


def test_the_demo_catalogue_is_made_once_through_the_workflow(
    db: Any, frozen_time: Any
):
    demo_agencies()
    first = disclosure_demo_seed()
    assert first["published"] >= 18 and first["open"] == 4
    assert disclosure_demo_seed() == first  # idempotent
    items = Item.objects.filter(agency__code="demo-office")
    assert items.filter(status=S.PUBLISHED).count() == first["published"]
    assert items.filter(status=S.REVIEWING).count() == 2
    assert items.filter(status=S.APPROVING).count() == 1
    assert all(i.index_number for i in items.filter(status=S.PUBLISHED))
    assert all(
        i.reviewed_by_id != i.created_by_id for i in items.exclude(reviewed_by=None)
    )
    assert Guide.objects.filter(agency__code__startswith="demo-").count() == 3


def test_the_demo_has_rules_an_abolished_document_and_an_overdue_draft(
    db: Any, frozen_time: Any
):
    demo_agencies()
    disclosure_demo_seed()
    items = Item.objects.filter(agency__code="demo-office")
    abolished = items.get(validity=Item.Validity.ABOLISHED)
    assert abolished.abolished_on == dt.date(2025, 3, 6)
    rules, normative = table2_rules_and_normative_docs(abolished.agency, 2025).values()
    assert rules == [2, 0, 2]
    assert normative == [3, 1, 3]
    overdue = items.get(status=S.DRAFT)
    assert overdue.publication_due is not None and overdue.publication_due < TODAY


def test_the_demo_is_found_by_two_character_words(db: Any, frozen_time: Any):
    demo_agencies()
    disclosure_demo_seed()
    for word in ("低保", "拆迁", "医保"):
        assert search.search(public_items(), word), word
