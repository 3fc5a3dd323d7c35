"""Taking over an agency's catalogue as it was published before Gongkai."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.accounts.users import AnyUser, staff_user
from gongkai.agencies.models import Agency
from gongkai.disclosure import search
from gongkai.disclosure.models import Category, DisclosureEvent, Item
from gongkai.disclosure.permissions import can_manage
from gongkai.disclosure.services._common import _event, _require, _set_due
from gongkai.web import public_cache


@transaction.atomic
def item_import_published(
    *,
    agency: Agency,
    index_number: str,
    title: str,
    summary: str,
    generated_on: dt.date,
    published_on: dt.date,
    category: Category,
    art20_item: str,
    doc_number: str = "",
    publisher: str = "",
    abolished_on: dt.date | None = None,
    abolishing_document: str = "",
    source: str,
    acting_user: AnyUser,
    published_at: dt.datetime,
    now: dt.datetime,
) -> Item:
    """A catalogue item published before Gongkai, entered as published.

    It keeps its 索引号 and publication date (its review and approval happened
    outside Gongkai: ``source`` says where it came from, in its first event);
    it is indexed for search and counts in table 二 like any published item.
    """
    _require(
        can_manage(acting_user, agency), "只有本机关的负责人或机关管理员可以导入目录。"
    )
    item = Item(
        agency=agency,
        index_number=index_number,
        title=title,
        summary=summary,
        generated_on=generated_on,
        doc_number=doc_number,
        publisher=publisher or agency.name,
        category=category,
        art20_item=art20_item,
        status=Item.Status.PUBLISHED,
        published_at=published_at,
        created_by=staff_user(acting_user),
        created_at=now,
        updated_at=now,
    )
    if category.has_validity:
        item.validity = (
            Item.Validity.ABOLISHED if abolished_on else Item.Validity.IN_FORCE
        )
        item.abolished_on = abolished_on
        item.abolishing_document = abolishing_document
    item.full_clean()
    _set_due(item)
    search.save_indexed(item)
    public_cache.invalidate()
    _event(
        agency=agency,
        item=item,
        kind=DisclosureEvent.Kind.PUBLISHED,
        acting_user=acting_user,
        reason=source,
        data={
            "index_number": index_number,
            "published_on": published_on.isoformat(),
            "imported": True,
        },
        now=now,
    )
    return item
