"""Recomputing the clocks of open cases after a calendar change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction

from gongkai.agencies.models import Agency
from gongkai.cases import clocks as case_clocks_mod
from gongkai.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    Consultation,
    Status,
)
from gongkai.cases.services._common import (
    _actor_label,
    _now,
    _save,
)


def cases_recompute_open_clocks(
    *,
    years: frozenset[int] | None = None,
    regions: frozenset[str] | None = None,
    reason: str = "工作日历调整，重新计算期限",
    now: dt.datetime | None = None,
    batch_size: int = 2000,
    progress: Callable[[int, int, int], None] | None = None,
    **_: Any,
) -> int:
    """Recompute the stored due dates of open cases after a calendar change.

    Registered with ``gongkai.calendars.hooks``; idempotent. The open cases are
    grouped by the calendar their agency follows (a region's, else the national
    one: docs/workdays.md "Regions"), and each calendar is built once. With
    ``regions`` (only those regions' own days moved) the cases on other
    calendars are left alone. Returns the number of cases whose due date or
    clock problem changed; each change is one event.

    In batches of ``batch_size`` cases, each its own transaction
    (``_recompute_batch``): a few queries per batch instead of several per
    case, and only changed cases are written (bench/clocks.py measures both).
    ``progress(done, total, changed)`` is called after each batch.
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
    work = [
        (
            current_calendar(code, provisional=True),
            list(
                open_cases.filter(agency_id__in=agency_ids)
                .order_by("pk")
                .values_list("pk", flat=True)
            ),
        )
        for code, agency_ids in groups.items()
    ]
    total = sum(len(ids) for _, ids in work)
    done = changed = 0
    for calendar, ids in work:
        for start in range(0, len(ids), batch_size):
            batch = ids[start : start + batch_size]
            changed += _recompute_batch(
                batch, calendar=calendar, years=years, reason=reason, now=now
            )
            done += len(batch)
            if progress is not None:
                progress(done, total, changed)
    if progress is not None and total == 0:
        progress(0, 0, 0)
    return changed


@transaction.atomic
def _recompute_batch(
    ids: list[int],
    *,
    calendar: Any,
    years: frozenset[int] | None,
    reason: str,
    now: dt.datetime,
) -> int:
    """One batch in one transaction: the cases (locked) and their consultations
    read in two queries, the clocks computed by the engine, the changed cases
    written with one UPDATE each, sent together, and one event each
    (``bulk_create``)."""
    cases = list(
        Case.objects.select_for_update(of=("self",))
        .select_related("agency", "extension_approved_by")
        .filter(pk__in=ids, status__in=OPEN_STATUSES)
        .only(*LOADED)
        .order_by("pk")
    )
    consultations: dict[int, list[Consultation]] = {}
    for consultation in Consultation.objects.filter(case_id__in=ids).order_by(
        "letter_on", "pk"
    ):
        consultations.setdefault(consultation.case_id, []).append(consultation)
    changed: list[Case] = []
    events: list[CaseEvent] = []
    fields: set[str] = {"version", "updated_at"}
    for case in cases:
        computed = case_clocks_mod.case_clocks(
            case, consultations=consultations.get(case.pk, []), calendar=calendar
        )
        if (
            computed.due_on == case.due_on
            and computed.due_provisional == case.due_provisional
            and computed.error_zh == case.clock_error
        ):
            continue
        due_before, clocks_before = case.due_on, case.clocks or {}
        data = {
            "years": sorted(years) if years else [],
            "calendar": calendar.label,
            "provisional_before": case.due_provisional,
            "provisional_after": computed.due_provisional,
        }
        fields.update(case_clocks_mod.apply_clocks(case, computed))
        case.version += 1
        case.updated_at = now
        changed.append(case)
        events.append(
            CaseEvent(
                case=case,
                kind=CaseEvent.Kind.CLOCKS_RECOMPUTED,
                actor=None,
                actor_label=_actor_label(None),
                at=now,
                status_before=case.status,
                status_after=case.status,
                reason=reason,
                data=data,
                due_before=due_before,
                due_after=case.due_on,
                clocks_before=clocks_before,
                clocks_after=case.clocks or {},
            )
        )
    if changed:
        _update_rows(changed, sorted(fields))
        CaseEvent.objects.bulk_create(events, batch_size=500)
    return len(changed)


#: What a batch loads of each case: the clocks' inputs, what it compares and
#: writes, and the version (about a third of a row).
LOADED = (
    *case_clocks_mod.CLOCK_INPUTS,
    *case_clocks_mod.CLOCK_OUTPUTS,
    "version",
    "updated_at",
)


def _update_rows(cases: list[Case], fields: list[str]) -> None:
    """Write ``fields`` of ``cases``: one plain UPDATE per row, sent together
    (``executemany``; psycopg pipelines them). Django's ``bulk_update`` builds
    a CASE WHEN per field and row, which took longer than computing the
    clocks (bench/clocks.py --db)."""
    meta = Case._meta
    qn = connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    assigned = ", ".join(f"{qn(str(field.column))} = %s" for field in columns)  # type: ignore[union-attr]
    # Quoted names of our own model's columns; every value is a parameter.
    sql = f"UPDATE {qn(meta.db_table)} SET {assigned} WHERE {qn(str(meta.pk.column))} = %s"  # noqa: S608
    rows = [
        [
            field.get_db_prep_save(getattr(case, field.attname), connection)  # type: ignore[union-attr]
            for field in columns
        ]
        + [case.pk]
        for case in cases
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def cases_recompute_one_by_one(
    *,
    years: frozenset[int] | None = None,
    reason: str = "工作日历调整，重新计算期限",
    now: dt.datetime | None = None,
) -> int:
    """The former path, one case per transaction through the case service.

    Kept for ``bench/clocks.py``, which times it beside the batched path on
    the same data; nothing else calls it.
    """
    from gongkai.calendars.loader import current_calendar, region_codes_by_agency

    now = _now(now)
    open_cases = Case.objects.filter(
        status__in=OPEN_STATUSES, received_on__isnull=False
    )
    agencies = Agency.objects.filter(pk__in=open_cases.values("agency_id")).values_list(
        "pk", "path"
    )
    changed = 0
    groups: dict[str | None, list[int]] = {}
    for agency_id, code in region_codes_by_agency(agencies).items():
        groups.setdefault(code, []).append(agency_id)
    for code, agency_ids in groups.items():
        calendar = current_calendar(code, provisional=True)
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
    if (
        computed.due_on == fresh.due_on
        and computed.due_provisional == fresh.due_provisional
        and computed.error_zh == fresh.clock_error
    ):
        return 0
    _save(
        fresh,
        kind=CaseEvent.Kind.CLOCKS_RECOMPUTED,
        acting_user=None,
        now=now,
        changed=[],
        reason=reason,
        data={
            "years": sorted(years) if years else [],
            "calendar": calendar.label,
            "provisional_before": fresh.due_provisional,
            "provisional_after": computed.due_provisional,
        },
        clocks=computed,
    )
    return 1
