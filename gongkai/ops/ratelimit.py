"""Rate limits shared by every process and every app server.

A :class:`Rule` allows ``limit`` attempts per ``window`` seconds for one value
(a client address, a query code, an account); the attempt that reaches the
limit and fails locks the value for ``lockout`` seconds. Callers count attempts
with :func:`begin` *before* doing the guarded work, then say how it ended::

    attempt = ratelimit.begin([(TRACK_CODE, code), (TRACK_ADDRESS, ip)])
    if attempt.refused:
        ...answer 429, attempt.minutes...
    elif lookup(code) is None:
        attempt.failed()        # counts; at the limit, locks
    else:
        attempt.succeeded()     # gives the attempt back

Counting first makes the limit hold under concurrency: of 40 attempts arriving
at once on four workers, at most ``limit`` are admitted; the others are refused,
not raced. The error is on the safe side only: an attempt counted within the
limit that reads the lock after a faster one has set it is refused too, so under
such a burst fewer than ``limit`` may be answered (seen: 3 of 5 on a loaded
machine), never more. One at a time, exactly ``limit`` are.

Where the counters live:

* **Redis** when ``REDIS_URL`` is set (production, several app servers): an
  ``INCR`` and ``EXPIRE … NX`` in one transaction per attempt, keys under
  ``CACHE_KEY_PREFIX``. A Redis that does not answer within ``REDIS_TIMEOUT``
  falls back to the database for that call (logged), rather than letting
  guesses through or refusing everyone.
* **The database** otherwise (the embedded SQLite default, or PostgreSQL
  without Redis): ``ops.RateCounter`` rows, updated under a row lock, so the
  limits are shared by every process on that database too. Never the
  per-process memory cache, which is what multiplied the limit by the number of
  workers before.

Values are hashed (SHA-256) before they become keys: no query code or address
is stored in clear.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongkai.ops.models import RateCounter

logger = logging.getLogger("gongkai.ops")

#: The wait given to an attempt refused because others in flight hold the
#: allowance (seconds).
IN_FLIGHT_WAIT = 60


@dataclass(frozen=True)
class Rule:
    """``limit`` attempts per ``window`` seconds; reaching it locks for ``lockout``."""

    name: str
    limit: int
    window: int
    lockout: int

    def key(self, value: str) -> str:
        digest = hashlib.sha256(value.encode()).hexdigest()[:40]
        return f"rl:{self.name}:{digest}"


class Store(Protocol):
    def incr(self, key: str, window: int) -> int: ...
    def decr(self, key: str) -> None: ...
    def locked_for(self, key: str) -> float: ...
    def lock(self, key: str, seconds: int) -> None: ...
    def clear(self, key: str) -> None: ...


def _now() -> dt.datetime:
    return timezone.now()


class DatabaseStore:
    """Counters in ``ops.RateCounter``: shared by the processes of one database."""

    @transaction.atomic
    def incr(self, key: str, window: int) -> int:
        now = _now()
        if random.random() < 0.01:  # noqa: S311 — housekeeping, not security
            purge_expired(now)
        row, _ = RateCounter.objects.select_for_update().get_or_create(
            key=key,
            defaults={"count": 0, "expires_at": now + dt.timedelta(seconds=window)},
        )
        if row.expires_at <= now:
            row.count = 0
            row.expires_at = now + dt.timedelta(seconds=window)
        row.count += 1
        row.save(update_fields=["count", "expires_at"])
        return row.count

    def decr(self, key: str) -> None:
        RateCounter.objects.filter(key=key, count__gt=0).update(count=F("count") - 1)

    def locked_for(self, key: str) -> float:
        row = RateCounter.objects.filter(key=f"{key}:lock").first()
        if row is None:
            return 0.0
        return max(0.0, (row.expires_at - _now()).total_seconds())

    def lock(self, key: str, seconds: int) -> None:
        until = _now() + dt.timedelta(seconds=seconds)
        RateCounter.objects.update_or_create(
            key=f"{key}:lock", defaults={"count": 1, "expires_at": until}
        )
        RateCounter.objects.filter(key=key).delete()

    def clear(self, key: str) -> None:
        RateCounter.objects.filter(key__in=[key, f"{key}:lock"]).delete()


class RedisStore:
    """Counters in Redis: shared by every app server."""

    def __init__(self, url: str, prefix: str, timeout: float) -> None:
        import redis

        self.client = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout
        )
        self.prefix = prefix

    def _k(self, key: str) -> str:
        return f"{self.prefix}:{key}"

    def incr(self, key: str, window: int) -> int:
        pipe = self.client.pipeline(transaction=True)
        pipe.incr(self._k(key))
        pipe.expire(self._k(key), window, nx=True)
        count, _ = pipe.execute()
        return int(count)

    def decr(self, key: str) -> None:
        # Never below zero, never creating a key without expiry.
        self.client.eval(
            "if (tonumber(redis.call('GET', KEYS[1]) or '0') > 0) then "
            "return redis.call('DECR', KEYS[1]) end return 0",
            1,
            self._k(key),
        )

    def locked_for(self, key: str) -> float:
        ms = int(self.client.pttl(self._k(f"{key}:lock")))
        return ms / 1000 if ms > 0 else 0.0

    def lock(self, key: str, seconds: int) -> None:
        pipe = self.client.pipeline(transaction=True)
        pipe.set(self._k(f"{key}:lock"), 1, ex=seconds)
        pipe.delete(self._k(key))
        pipe.execute()

    def clear(self, key: str) -> None:
        self.client.delete(self._k(key), self._k(f"{key}:lock"))


_redis_stores: dict[tuple[str, str, float], RedisStore] = {}


def _redis() -> RedisStore | None:
    url = getattr(settings, "REDIS_URL", "")
    if not url:
        return None
    prefix = f"{getattr(settings, 'CACHE_KEY_PREFIX', 'gongkai') or 'gongkai'}"
    timeout = float(getattr(settings, "REDIS_TIMEOUT", 2))
    key = (url, prefix, timeout)
    if key not in _redis_stores:
        _redis_stores[key] = RedisStore(url, prefix, timeout)
    return _redis_stores[key]


def _call(method: str, *args: Any) -> Any:
    """Run ``method`` on Redis if configured; on the database if not, or if it fails."""
    store = _redis()
    if store is not None:
        import redis

        try:
            return getattr(store, method)(*args)
        except redis.RedisError as exc:
            logger.error("Redis 不可用，频率限制改用数据库：%s", exc)
    return getattr(DatabaseStore(), method)(*args)


@dataclass
class Attempt:
    """One counted attempt against several rules (see the module docstring)."""

    checks: Sequence[tuple[Rule, str]]
    #: Seconds until an attempt may be made again; 0 when this one was admitted.
    refused_for: float = 0.0
    counts: list[int] = field(default_factory=list)
    done: bool = False

    @property
    def refused(self) -> bool:
        return self.refused_for > 0

    @property
    def minutes(self) -> int:
        """The wait, in whole minutes (at least 1), for a Chinese message."""
        return max(1, math.ceil(self.refused_for / 60))

    def failed(self) -> list[Rule]:
        """The attempt failed: keep it counted; lock each rule it brought to its limit."""
        locked: list[Rule] = []
        if self.refused or self.done:
            return locked
        self.done = True
        for (rule, value), count in zip(self.checks, self.counts, strict=True):
            if count >= rule.limit:
                _call("lock", rule.key(value), rule.lockout)
                locked.append(rule)
        return locked

    def spent(self) -> list[Rule]:
        """The attempt counts (a limit on how often, not on failures): as ``failed``."""
        return self.failed()

    def succeeded(self, *, reset: Iterable[Rule] = ()) -> None:
        """The attempt succeeded: give it back (and clear the ``reset`` rules)."""
        if self.refused or self.done:
            return
        self.done = True
        clear = set(reset)
        for rule, value in self.checks:
            if rule in clear:
                _call("clear", rule.key(value))
            else:
                _call("decr", rule.key(value))


def begin(checks: Sequence[tuple[Rule, str]]) -> Attempt:
    """Count one attempt against each (rule, value); refused if any is locked or full.

    The count comes before the lock is read: an attempt counted just as another
    one set the lock (and reset the counter) still sees the lock.
    """
    counts = [_call("incr", r.key(v), r.window) for r, v in checks]
    wait = max((_call("locked_for", r.key(v)) for r, v in checks), default=0.0)
    over = any(c > r.limit for (r, _), c in zip(checks, counts, strict=True))
    if wait > 0 or over:
        # Refused: give back what it took, so it counts against nothing. When
        # only full (attempts in flight hold the allowance), they end soon, in
        # a lock or with their count given back: try again in a minute.
        for rule, value in checks:
            _call("decr", rule.key(value))
        return Attempt(checks, refused_for=wait or float(IN_FLIGHT_WAIT))
    return Attempt(checks, counts=counts)


def locked_for(rule: Rule, value: str) -> float:
    """Seconds the value is still locked under ``rule`` (0: not locked)."""
    return float(_call("locked_for", rule.key(value)))


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete the database's expired counters and locks (Redis expires its own)."""
    deleted, _ = RateCounter.objects.filter(expires_at__lte=now or _now()).delete()
    return deleted
