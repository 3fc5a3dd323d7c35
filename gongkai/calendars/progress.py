"""Progress of the work a calendar change starts (recomputing due dates).

The receivers of ``hooks.on_calendar_changed`` run in the task worker; they
report here, in the shared cache, and the calendar page shows the latest
report: how many open records were read and changed, and whether it is done.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache

KEY = "calendars:recompute-progress"
#: A report is kept a day after its last update.
KEEP_SECONDS = 86_400


def report(
    *, label: str, done: int, total: int, changed: int, now: dt.datetime
) -> None:
    cache.set(
        KEY,
        {
            "label": label,
            "done": done,
            "total": total,
            "changed": changed,
            "finished": done >= total,
            "at": now.isoformat(),
        },
        KEEP_SECONDS,
    )


def latest() -> dict[str, Any] | None:
    value = cache.get(KEY)
    if isinstance(value, dict):
        value = dict(value)
        value["at"] = dt.datetime.fromisoformat(value["at"])
        return value
    return None
