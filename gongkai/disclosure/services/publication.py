"""Publishing an approved item: its 索引号 (allocated under a row lock) and search index."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.accounts.users import AnyUser
from gongkai.disclosure import index_numbers, search
from gongkai.disclosure.models import (
    DisclosureEvent,
    DisclosureSettings,
    IndexCounter,
    Item,
)
from gongkai.disclosure.permissions import can_draft
from gongkai.disclosure.services._common import (
    _event,
    _locked,
    _require,
    check_transition,
)
from gongkai.disclosure.services.setup import disclosure_setup
from gongkai.disclosure.services.versions import _supersede
from gongkai.web import public_cache


def _allocate_index_number(settings: DisclosureSettings, item: Item) -> str:
    """The next unused 索引号 of the item's scope (serial taken under a row lock).

    Serials only ever go up: a number once handed out is never handed out again,
    and a number that already exists (say, after the scheme was changed back)
    is skipped.
    """
    parts = index_numbers.IndexParts(
        org_code=settings.org_code,
        credit_code=settings.credit_code,
        generated_on=item.generated_on,
        category_code=item.category.code,
    )
    try:
        scope = index_numbers.scope_of(settings.index_pattern, parts)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    if not IndexCounter.objects.filter(scope=scope).exists():
        try:
            with transaction.atomic():
                IndexCounter.objects.create(scope=scope, last=0)
        except IntegrityError:
            pass  # created by a concurrent publication: use it
    counter = IndexCounter.objects.select_for_update().get(scope=scope)
    while True:
        counter.last += 1
        number = index_numbers.render(settings.index_pattern, parts, counter.last)
        if not Item.objects.filter(index_number=number).exists():
            break
    counter.save(update_fields=["last"])
    return number


@transaction.atomic
def item_publish(
    *, item: Item, acting_user: AnyUser, now: dt.datetime | None = None
) -> Item:
    """Publish an approved item: give it its 索引号, index it for search.

    Art. 26: within 20 working days of 生成日期; a late publication is still
    allowed and is shown as late against the stored due date.
    """
    item = _locked(item)
    _require(
        can_draft(acting_user, item.agency), "您没有发布本机关主动公开信息的权限。"
    )
    check_transition(item, Item.Status.PUBLISHED)
    now = now or timezone.now()
    if item.original_id is not None:
        replaced = _supersede(item, acting_user=acting_user, now=now)
        item.index_number = replaced.index_number
        item.validity = replaced.validity
    else:
        settings = disclosure_setup(agency=item.agency)
        item.index_number = _allocate_index_number(settings, item)
    item.status = Item.Status.PUBLISHED
    item.published_at = now
    item.updated_at = now
    if item.category.has_validity and not item.validity:
        item.validity = Item.Validity.IN_FORCE
    item.full_clean()
    search.save_indexed(
        item,
        update_fields=[
            "index_number",
            "status",
            "published_at",
            "updated_at",
            "validity",
        ],
    )
    public_cache.invalidate()
    late = item.publication_due is not None and now.date() > item.publication_due
    _event(
        agency=item.agency,
        item=item,
        kind=DisclosureEvent.Kind.PUBLISHED,
        acting_user=acting_user,
        data={
            "index_number": item.index_number,
            "late": late,
            "version": item.version_number,
        },
        now=now,
    )
    return item
