"""Benchmark: recompute the due dates of 100,000 open applications after a
calendar change, with the bisect engine and with a naive day-by-day loop.

Run: .venv/bin/python bench/clocks.py [N]

The "calendar change" is a correction that adds a day off (as an administrator
would after a regional notice); the new calendar is built, then every
application's reply due date (20 WD, pauses, some extensions) is recomputed.
The two methods must agree on every date. Target: under 5 s for the engine.
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


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
