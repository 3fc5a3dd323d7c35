"""Recomputing the clocks of open cases after a calendar change."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q, QuerySet

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
    workers: int = 1,
    progress: Callable[[int, int, int], None] | None = None,
    **_: Any,
) -> int:
    """Recompute the stored due dates of open cases after a calendar change.

    Registered with ``gongkai.calendars.hooks``; idempotent. The open cases are
    grouped by the calendar their agency follows (a region's, else the national
    one: docs/workdays.md "Regions"), and each calendar is built once. With
    ``regions`` (only those regions' own days moved) the cases on other
    calendars are left alone. With ``years`` (the years whose days or notice
    changed) only the cases whose clocks may count a day of those years are
    read (``_counting_into``): next year's notice moves a few. Returns the
    number of cases whose stored clock
    columns (``clocks.CLOCK_COLUMNS``: the due dates, 暂定, the clock problem)
    changed; each change is one event.

    In batches of ``batch_size`` cases, each its own transaction
    (``_recompute_batch``): a few queries per batch instead of several per
    case, and only changed cases are explained and written (bench/clocks.py
    measures both). ``progress(done, total, changed)`` is called after each
    batch. With ``workers`` > 1 (the worker's task: ``RECOMPUTE_WORKERS``)
    that many threads, each with its own connection, take the batches in
    turn: one computes while the database writes another's (the batches are
    disjoint, so they never wait for each other's locks).
    """
    from gongkai.calendars.loader import current_calendar, region_codes_by_agency

    now = _now(now)
    open_cases = Case.objects.filter(
        status__in=OPEN_STATUSES, received_on__isnull=False
    )
    if years:
        open_cases = open_cases.filter(_counting_into(min(years)))
    agencies = Agency.objects.filter(pk__in=open_cases.values("agency_id")).values_list(
        "pk", "path"
    )
    region_of = region_codes_by_agency(agencies)
    groups: dict[str | None, list[int]] = {}
    for agency_id, code in region_of.items():
        if regions is None or code in regions:
            groups.setdefault(code, []).append(agency_id)
    # What the clocks read of an agency (clock_settings), loaded once.
    settings_of = Agency.objects.only(
        "day_one_rule", "pause_while_fee_unpaid", "correction_period_workdays"
    ).in_bulk([pk for ids in groups.values() for pk in ids])
    work = [
        (
            current_calendar(code, provisional=True),
            agency_ids,
            list(
                open_cases.filter(agency_id__in=agency_ids)
                .order_by("pk")
                .values_list("pk", flat=True)
            ),
        )
        for code, agency_ids in groups.items()
    ]
    jobs = [
        (calendar, agency_ids, ids[start : start + batch_size])
        for calendar, agency_ids, ids in work
        for start in range(0, len(ids), batch_size)
    ]
    total = sum(len(batch) for *_, batch in jobs)

    def run(job: tuple[Any, list[int], list[int]]) -> tuple[int, int]:
        calendar, agency_ids, batch = job
        # A batch is a range of ids of this calendar's agencies: a short
        # query, where a list of 2,000 ids took longer to send than to run.
        cases = open_cases.filter(
            agency_id__in=agency_ids, pk__range=(batch[0], batch[-1])
        )
        return len(batch), _recompute_batch(
            cases,
            calendar=calendar,
            agencies=settings_of,
            years=years,
            reason=reason,
            now=now,
        )

    done = changed = 0
    lock = threading.Lock()

    def count(result: tuple[int, int]) -> None:
        nonlocal done, changed
        with lock:
            done += result[0]
            changed += result[1]
            if progress is not None:
                progress(done, total, changed)

    # Threads only where writers lock rows, not the whole database (SQLite
    # takes one writer at a time), and not inside a transaction: the other
    # connections could not see a caller's uncommitted rows (a test's, a
    # service's); there the batches run here, one by one.
    if (
        workers > 1
        and len(jobs) > 1
        and connection.features.has_select_for_update
        and not connection.in_atomic_block
    ):
        _in_threads(run, jobs, workers=workers, each=count)
    else:
        for job in jobs:
            count(run(job))
    if progress is not None and total == 0:
        progress(0, 0, 0)
    return changed


def _counting_into(year: int) -> Q:
    """The open cases whose stored clock columns may depend on ``year`` or a
    later one: a due date (reply, 补正 notice, fee) on or after 1 January of
    it, or no due date or a clock problem.

    A clock counts the days from its start to its due date and no later day,
    and whether it is 暂定 depends on those days' years only; the receipt date
    does not depend on the calendar (Art. 31). So a case whose stored due
    dates all fall before ``year`` counted no day of it, and no change of its
    days or its notice can move them. A test checks that a full recompute
    after such a one finds nothing more to change.
    """
    first = dt.date(year, 1, 1)
    return (
        Q(due_on__isnull=True)
        | Q(due_on__gte=first)
        | Q(correction_notice_due_on__gte=first)
        | Q(fee_due_on__gte=first)
        | ~Q(clock_error="")
    )


def _in_threads(
    run: Callable[[Any], tuple[int, int]],
    jobs: list[Any],
    *,
    workers: int,
    each: Callable[[tuple[int, int]], None],
) -> None:
    """Run ``jobs`` in ``workers`` threads, each taking every ``workers``-th
    job on its own database connection (closed when it is done); ``each`` gets
    every result. A thread's error is raised here once all threads end."""

    def stride(part: list[Any]) -> None:
        try:
            for job in part:
                each(run(job))
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(stride, jobs[i::workers]) for i in range(workers)]
    for future in futures:
        future.result()


_AGENCY = case_clocks_mod.CLOCK_INPUTS.index("agency")
_APPROVER = case_clocks_mod.CLOCK_INPUTS.index("extension_approved_by")
_N_INPUTS = len(case_clocks_mod.CLOCK_INPUTS)


@transaction.atomic
def _recompute_batch(
    cases: QuerySet[Case],
    *,
    calendar: Any,
    agencies: dict[int, Agency],
    years: frozenset[int] | None,
    reason: str,
    now: dt.datetime,
) -> int:
    """One batch in one transaction.

    ``cases`` (open cases) are locked and read as plain rows (their clocks'
    inputs and stored clock columns), with their consultations and the
    extensions' approvers: three queries. Every case's clocks are computed
    bare (dates only); a case whose ``clock_columns`` differ from the stored
    ones is computed again with its explanation, its former explanation is
    read (one query for the batch), and it is written with one UPDATE each,
    sent together, and one event each (``bulk_append``).
    """
    rows = list(
        cases.select_for_update()
        .order_by("pk")
        .values_list(
            "pk", *case_clocks_mod.CLOCK_INPUTS, *case_clocks_mod.CLOCK_COLUMNS
        )
    )
    if not rows:
        return 0
    consultations: dict[int, list[Consultation]] = {}
    # By the range of ids read (the index on case_id): a join with the batch's
    # query was planned as a scan of every consultation.
    for consultation in Consultation.objects.filter(
        case_id__gte=rows[0][0], case_id__lte=rows[-1][0]
    ).order_by("letter_on", "pk"):
        consultations.setdefault(consultation.case_id, []).append(consultation)
    approver_ids = {row[1 + _APPROVER] for row in rows} - {None}
    approvers = (
        get_user_model()
        .objects.only("first_name", "last_name", "username")
        .in_bulk(approver_ids)
        if approver_ids
        else {}
    )
    moved: list[
        tuple[
            int, case_clocks_mod.ClockInputs, dict[str, Any], case_clocks_mod.CaseClocks
        ]
    ] = []
    for pk, *values in rows:
        inputs, stored = values[:_N_INPUTS], tuple(values[_N_INPUTS:])
        inputs[_AGENCY] = agencies[inputs[_AGENCY]]
        if inputs[_APPROVER] is not None:
            inputs[_APPROVER] = approvers[inputs[_APPROVER]]
        row = case_clocks_mod.ClockInputs._make(inputs)
        mine = consultations.get(pk, [])
        bare = case_clocks_mod.case_clocks(
            row, consultations=mine, calendar=calendar, explain=False
        )
        if tuple(case_clocks_mod.clock_columns(bare).values()) == stored:
            continue
        before = dict(zip(case_clocks_mod.CLOCK_COLUMNS, stored, strict=True))
        full = case_clocks_mod.case_clocks(row, consultations=mine, calendar=calendar)
        moved.append((pk, row, before, full))
    if not moved:
        return 0
    explained_before = dict(
        Case.objects.filter(pk__in=[pk for pk, *_ in moved]).values_list("pk", "clocks")
    )
    updates: list[tuple[int, dict[str, Any]]] = []
    events: list[CaseEvent] = []
    for pk, row, before, full in moved:
        after = {**case_clocks_mod.clock_columns(full), "clocks": full.to_data()}
        updates.append((pk, after))
        events.append(
            CaseEvent(
                case_id=pk,
                kind=CaseEvent.Kind.CLOCKS_RECOMPUTED,
                actor=None,
                actor_label=_actor_label(None),
                at=now,
                status_before=row.status,
                status_after=row.status,
                reason=reason,
                data={
                    "years": sorted(years) if years else [],
                    "calendar": calendar.label,
                    "provisional_before": before["due_provisional"],
                    "provisional_after": after["due_provisional"],
                },
                due_before=before["due_on"],
                due_after=after["due_on"],
                clocks_before=explained_before.get(pk) or {},
                clocks_after=after["clocks"],
            )
        )
    _update_rows(updates, now=now)
    CaseEvent.objects.bulk_append(events)
    return len(moved)


def _update_rows(
    updates: list[tuple[int, dict[str, Any]]], *, now: dt.datetime
) -> None:
    """Write each case's clock columns (``clocks.CLOCK_OUTPUTS``), a new
    version and ``updated_at``: one plain UPDATE per row, sent together
    (``executemany``; psycopg pipelines them). Django's ``bulk_update`` builds
    a CASE WHEN per field and row, which took longer than computing the
    clocks (bench/clocks.py --db)."""
    meta = Case._meta
    qn = connection.ops.quote_name
    columns = [meta.get_field(name) for name in case_clocks_mod.CLOCK_OUTPUTS]
    updated_at = meta.get_field("updated_at")
    version = qn(str(meta.get_field("version").column))
    assigned = ", ".join(
        [f"{qn(str(field.column))} = %s" for field in [*columns, updated_at]]  # type: ignore[union-attr]
        + [f"{version} = {version} + 1"]
    )
    # Quoted names of our own model's columns; every value is a parameter.
    sql = f"UPDATE {qn(meta.db_table)} SET {assigned} WHERE {qn(str(meta.pk.column))} = %s"  # noqa: S608
    stamp = updated_at.get_db_prep_save(now, connection)
    rows = [
        [
            field.get_db_prep_save(values[field.name], connection)  # type: ignore[union-attr]
            for field in columns
        ]
        + [stamp, pk]
        for pk, values in updates
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
    stored = {name: getattr(fresh, name) for name in case_clocks_mod.CLOCK_COLUMNS}
    if case_clocks_mod.clock_columns(computed) == stored:
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
