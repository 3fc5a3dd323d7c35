"""Recomputing the clocks of open cases after a calendar change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.cases import clocks as case_clocks_mod
from gongkai.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    Status,
)
from gongkai.cases.services._common import (
    _now,
    _save,
)


def cases_recompute_open_clocks(
    *,
    years: frozenset[int] | None = None,
    regions: frozenset[str] | None = None,
    reason: str = "工作日历调整，重新计算期限",
    now: dt.datetime | None = None,
    **_: Any,
) -> int:
    """Recompute the stored due dates of open cases after a calendar change.

    Registered with ``gongkai.calendars.hooks``; idempotent. The open cases are
    grouped by the calendar their agency follows (a region's, else the national
    one: docs/workdays.md "Regions"), and each calendar is built once. With
    ``regions`` (only those regions' own days moved) the cases on other
    calendars are left alone. Returns the number of cases whose due date or
    clock problem changed; each change is one event.
    """
    from gongkai.calendars.loader import current_calendar, region_codes_by_agency

    now = _now(now)
    open_cases = Case.objects.filter(
        status__in=OPEN_STATUSES, received_on__isnull=False
    )
    agencies = Agency.objects.filter(pk__in=open_cases.values("agency_id")).values_list(
        "pk", "path"
    )
    region_of = region_codes_by_agency(agencies)
    groups: dict[str | None, list[int]] = {}
    for agency_id, code in region_of.items():
        if regions is None or code in regions:
            groups.setdefault(code, []).append(agency_id)
    changed = 0
    for code, agency_ids in groups.items():
        calendar = current_calendar(code)
        ids = open_cases.filter(agency_id__in=agency_ids).values_list("pk", flat=True)
        for pk in list(ids):
            changed += _recompute_one(
                pk, calendar=calendar, years=years, reason=reason, now=now
            )
    return changed


@transaction.atomic
def _recompute_one(
    pk: int,
    *,
    calendar: Any,
    years: frozenset[int] | None,
    reason: str,
    now: dt.datetime,
) -> int:
    fresh = (
        Case.objects.select_for_update(of=("self",))
        .select_related("agency", "extension_approved_by")
        .get(pk=pk)
    )
    if Status(fresh.status) not in OPEN_STATUSES:
        return 0
    computed = case_clocks_mod.case_clocks(fresh, calendar=calendar)
    if computed.due_on == fresh.due_on and computed.error_zh == fresh.clock_error:
        return 0
    _save(
        fresh,
        kind=CaseEvent.Kind.CLOCKS_RECOMPUTED,
        acting_user=None,
        now=now,
        changed=[],
        reason=reason,
        data={"years": sorted(years) if years else [], "calendar": calendar.label},
        clocks=computed,
    )
    return 1
