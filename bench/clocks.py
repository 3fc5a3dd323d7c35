"""Benchmark: recompute the due dates of 100,000 open applications after a
calendar change, with the bisect engine and with a naive day-by-day loop.

Run: .venv/bin/python bench/clocks.py [N]

The "calendar change" is a correction that adds a day off (as an administrator
would after a regional notice); the new calendar is built, then every
application's reply due date (20 WD, pauses, some extensions) is recomputed.
The two methods must agree on every date. Target: under 5 s for the engine.

``bench/clocks.py --db [N]`` (PostgreSQL from DATABASE_URL) times the real path
instead: the batched recompute service beside the former one-case-at-a-time
service on the same N generated applications.
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


def main_db(n: int) -> int:
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
            for label, run in (
                ("batched (cases_recompute_open_clocks)", cases_recompute_open_clocks),
                ("one case at a time (former path)", cases_recompute_one_by_one),
            ):
                use(changed)
                t0 = time.perf_counter()
                moved = run()
                t_change = time.perf_counter() - t0
                t0 = time.perf_counter()
                again = run()
                t_same = time.perf_counter() - t0
                use(base)
                cases_recompute_open_clocks()  # back, for the next method
                rows.append((label, moved, t_change, again, t_same))
        finally:
            loader.current_calendar = real  # type: ignore[assignment]
        print(f"{n:,} applications, {open_count:,} open")
        for label, moved, t_change, again, t_same in rows:
            print(
                f"{label:<40} change: {t_change:7.2f} s ({moved:,} changed, "
                f"{t_change / max(open_count, 1) * 1000:.2f} ms/case); "
                f"nothing changed: {t_same:6.2f} s ({again} changed)"
            )
        per_100k = rows[0][2] / max(open_count, 1) * 100_000
        print(f"batched: {per_100k:.1f} s per 100,000 open cases (target < 5 s)")
        same = rows[0][1] == rows[1][1]
        print("both paths changed the same number of cases" if same else "MISMATCH")
        return 0 if same else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--db":
        sys.exit(main_db(int(sys.argv[2]) if len(sys.argv) > 2 else 100_000))
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
