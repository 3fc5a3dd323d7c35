"""Benchmark: recompute the due dates of 100,000 open applications after a
calendar change, with the bisect engine and with a naive day-by-day loop.

Run: .venv/bin/python bench/clocks.py [N]

The "calendar change" is a correction that adds a day off (as an administrator
would after a regional notice); the new calendar is built, then every
application's reply due date (20 WD, pauses, some extensions) is recomputed.
The two methods must agree on every date. Target: under 5 s for the engine.

``bench/clocks.py --db [N] [--no-old]`` (PostgreSQL from DATABASE_URL) times
the real path instead: the batched recompute service as the worker runs it
(``RECOMPUTE_WORKERS`` threads) and in one thread, beside the former
one-case-at-a-time service (``--no-old`` leaves it out: ~7 ms a case) on the
same N generated applications. Target: < 5 s per 100,000 open cases.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere

from gongkai.workdays import WorkCalendar, package_calendar
from gongkai.workdays.clocks import (
    Extension,
    Pause,
    PauseKind,
    due_date,
    receipt_date,
    reply_due,
)


@dataclass(frozen=True)
class OpenApplication:
    received: dt.date
    pauses: tuple[Pause, ...]
    extension_days: int


def make_applications(n: int, seed: int = 711) -> list[OpenApplication]:
    rng = random.Random(seed)
    first = dt.date(2025, 1, 1).toordinal()
    last = dt.date(2026, 8, 15).toordinal()  # due dates stay in 2026
    apps = []
    for _ in range(n):
        received = dt.date.fromordinal(rng.randint(first, last))
        pauses: list[Pause] = []
        for _ in range(rng.choice((0, 0, 0, 1, 2))):  # consultations, may overlap
            start = received + dt.timedelta(days=rng.randint(1, 20))
            end = start + dt.timedelta(days=rng.randint(0, 25))
            pauses.append(Pause(start, end, PauseKind.THIRD_PARTY))
        extension = rng.choice((0,) * 9 + (rng.randint(1, 20),))
        apps.append(OpenApplication(received, tuple(pauses), extension))
    return apps


def naive_due(calendar: WorkCalendar, app: OpenApplication) -> dt.date:
    """Day-by-day: step one calendar day at a time, count unpaused working days."""
    remaining = 20 + app.extension_days
    day = app.received
    while remaining:
        day += dt.timedelta(days=1)
        if not calendar.is_workday(day):
            continue
        if any(p.start < day <= p.end for p in app.pauses):
            continue
        remaining -= 1
    return day


def fast_due(calendar: WorkCalendar, app: OpenApplication) -> dt.date:
    return due_date(
        calendar,
        start=app.received,
        workdays=20 + app.extension_days,
        pauses=app.pauses,
    )


def timed(label: str, func, *args):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    result = func(*args)
    elapsed = time.perf_counter() - t0
    print(f"{label:<58} {elapsed:8.3f} s")
    return result, elapsed


def main(n: int = 100_000) -> int:
    apps = make_applications(n)
    base = package_calendar()
    print(f"{n:,} open applications received 2025-01-01…2026-08-15")
    changed, t_build = timed(
        "build the changed calendar (2004–2026 + one added day off)",
        lambda: base.with_overrides(holidays={dt.date(2026, 7, 15): "地方节日"}),
    )
    fast, t_fast = timed(
        "engine: recompute all due dates (bisect)",
        lambda: [fast_due(changed, a) for a in apps],
    )
    sample = apps[: n // 10]
    timed(
        f"engine: full Deadline with explanation, {len(sample):,} of them",
        lambda: [
            reply_due(
                changed,
                receipt=receipt_date(channel="in_person", arrived_on=a.received),
                pauses=a.pauses,
                extension=Extension(a.extension_days, "负责人", a.received)
                if a.extension_days
                else None,
            )
            for a in sample
        ],
    )
    naive, t_naive = timed(
        "naive day-by-day loop: recompute all due dates",
        lambda: [naive_due(changed, a) for a in apps],
    )
    mismatches = sum(f != s for f, s in zip(fast, naive, strict=True))
    moved = sum(fast_due(base, a) != f for a, f in zip(apps, fast, strict=True))
    print(
        f"due dates moved by the change: {moved:,}; engine vs naive mismatches: "
        f"{mismatches}"
    )
    total = t_build + t_fast
    print(
        f"engine total {total:.3f} s (target < 5 s), naive {t_naive:.3f} s, "
        f"speed-up ×{t_naive / t_fast:.1f}"
    )
    return 0 if mismatches == 0 and total < 5 else 1


def main_db(n: int, *, old: bool = True) -> int:
    """``--db``: the real path on the database of DATABASE_URL (a throw-away
    ``test_`` database): N applications (bench/cases.py's generator, about
    15 % open), then a calendar change recomputed by the batched service
    (``cases_recompute_open_clocks``) beside the former one-case-at-a-time
    path (``cases_recompute_one_by_one``), each also when nothing changes."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from gongkai.calendars import loader
    from gongkai.cases.models import OPEN_STATUSES, Case
    from gongkai.cases.services.recompute import (
        cases_recompute_one_by_one,
        cases_recompute_open_clocks,
    )

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from cases import populate  # bench/cases.py

    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=False
    )
    try:
        print(f"数据库：{connection.vendor}（临时库 {test_name}）")
        populate(n, 20)
        open_count = Case.objects.filter(status__in=OPEN_STATUSES).count()
        base = package_calendar()
        changed = base.with_overrides(
            holidays={
                dt.date(2026, 3, 16): "地方节日",
                dt.date(2026, 12, 1): "地方节日",
            },
            source="基准",
        )
        real = loader.current_calendar

        def use(calendar: WorkCalendar) -> None:
            loader.current_calendar = lambda code=None, **_: calendar  # type: ignore[assignment]

        try:
            rows = []
            use(base)
            cases_recompute_open_clocks()  # the stored dates, as the engine says
            threads = settings.RECOMPUTE_WORKERS
            years = frozenset({2026})  # what the calendar hook passes for it
            read: list[int] = []

            def batched(workers: int, years: frozenset[int] | None) -> int:
                def note_total(done: int, total: int, changed: int) -> None:
                    read[:] = [total]

                return cases_recompute_open_clocks(
                    workers=workers, years=years, progress=note_total
                )

            methods = [
                (
                    f"batched, {threads} threads (the worker)",
                    lambda: batched(threads, years),
                ),
                (
                    f"batched, {threads} threads, years=None",
                    lambda: batched(threads, None),
                ),
                ("batched, one thread", lambda: batched(1, years)),
            ]
            if old:
                methods.append(
                    ("one case at a time (former path)", cases_recompute_one_by_one)
                )
            for label, run in methods:
                read[:] = [open_count]  # the former path reads every open case
                use(changed)
                t0 = time.perf_counter()
                moved = run()
                t_change = time.perf_counter() - t0
                t0 = time.perf_counter()
                again = run()
                t_same = time.perf_counter() - t0
                use(base)
                cases_recompute_open_clocks()  # back, for the next method
                rows.append((label, read[0], moved, t_change, again, t_same))
        finally:
            loader.current_calendar = real  # type: ignore[assignment]
        print(
            f"{n:,} applications, {open_count:,} open; the change adds two days "
            "off in 2026 (years={2026})"
        )
        for label, examined, moved, t_change, again, t_same in rows:
            print(
                f"{label:<34} read {examined:>7,}  change: {t_change:7.2f} s "
                f"({moved:,} changed, {t_change / max(open_count, 1) * 1000:.3f} "
                f"ms per open case); nothing changed: {t_same:6.2f} s ({again})"
            )
        for label, _, _, t_change, _, _ in rows[:2]:
            per_100k = t_change / max(open_count, 1) * 100_000
            print(f"{label}: {per_100k:.1f} s per 100,000 open cases (target < 5 s)")
        same = len({row[2] for row in rows}) == 1
        print("every path changed the same number of cases" if same else "MISMATCH")
        return 0 if same else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--db":
        args = [a for a in sys.argv[2:] if a != "--no-old"]
        sys.exit(
            main_db(int(args[0]) if args else 100_000, old="--no-old" not in sys.argv)
        )
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
