"""The calendar hook: recompute the stored Art. 26 due dates after a calendar change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from gongkai.disclosure.models import OPEN_STATUSES, DisclosureEvent, Item
from gongkai.disclosure.services._common import _event, _json, _locked, _set_due


def items_recompute_publication_due(
    *, years: Iterable[int], regions: Iterable[str] | None = None, **_: object
) -> int:
    """Calendar hook: recompute the stored Art. 26 dates of unpublished items.

    An item made in December is due in January, so the year before each changed
    year is included; items whose date could not be computed are always retried.
    Returns how many items changed.
    """
    years = set(years)
    if not years:
        return 0
    since = dt.date(min(years) - 1, 1, 1)
    changed = 0
    candidates = Item.objects.filter(status__in=OPEN_STATUSES).filter(
        Q(generated_on__gte=since) | Q(publication_due__isnull=True)
    )
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            item = _locked(Item(pk=pk))
            before = (item.publication_due, item.publication_due_problem)
            _set_due(item)
            if (item.publication_due, item.publication_due_problem) == before:
                continue
            item.save(update_fields=["publication_due", "publication_due_problem"])
            _event(
                agency=item.agency,
                item=item,
                kind=DisclosureEvent.Kind.DUE_RECOMPUTED,
                acting_user=None,
                data={
                    "before": _json(before[0]),
                    "after": _json(item.publication_due),
                    "problem": item.publication_due_problem,
                },
            )
            changed += 1
    return changed
