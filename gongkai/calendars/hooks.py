"""`on_calendar_changed(years)`: tell other apps that working days have moved.

Apps that store due dates (cases, …) register a receiver in their
`AppConfig.ready()`:

    from gongkai.calendars import hooks
    hooks.register(cases_recompute_open_clocks)

A receiver is called with one keyword argument, `years: frozenset[int]`
(`receiver(years=frozenset({2027}))`); it may ignore it with `**_`.

The calendar services fire the hook after their transaction commits, with the
years whose working days changed. A receiver recomputes what it stored for
those years; it must be idempotent.

When only one region's own days moved, the hook also passes
`regions=frozenset({"code"})`: only agencies following that region's calendar
are affected. Without `regions`, any calendar may have changed (a national
notice, or a region linked to another agency).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

logger = logging.getLogger(__name__)

CalendarReceiver = Callable[..., object]

_receivers: list[CalendarReceiver] = []


def register(receiver: CalendarReceiver) -> CalendarReceiver:
    """Add a receiver (once); usable as a decorator."""
    if receiver not in _receivers:
        _receivers.append(receiver)
    return receiver


def unregister(receiver: CalendarReceiver) -> None:
    if receiver in _receivers:
        _receivers.remove(receiver)


def receivers() -> tuple[CalendarReceiver, ...]:
    return tuple(_receivers)


def on_calendar_changed(
    years: Iterable[int], *, regions: Iterable[str] | None = None
) -> None:
    """Call every receiver with the changed years (and regions, if only some moved).

    Every receiver runs even if an earlier one fails; the first failure is then
    re-raised so that it is not lost.
    """
    changed = frozenset(years)
    if not changed:
        return
    kwargs: dict[str, frozenset[object]] = {"years": changed}
    if regions is not None:
        kwargs["regions"] = frozenset(regions)
    errors: list[Exception] = []
    for receiver in tuple(_receivers):
        try:
            receiver(**kwargs)
        except Exception as exc:
            logger.exception("calendar receiver %r failed for %s", receiver, changed)
            errors.append(exc)
    if errors:
        raise errors[0]
