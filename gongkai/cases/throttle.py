"""Limit failed /track/ lookups, so query codes and phone digits cannot be guessed.

A lookup that finds nothing counts against the visitor's IP address and against
the query code tried. After ``max_per_ip`` failures from one address, or
``max_per_code`` for one code, within ``window`` seconds, lookups from that
address (or of that code) are refused for ``lockout`` seconds, even with the
right digits. Counters live in Django's cache (the default locmem cache is
enough for one process; production may point CACHES at a shared cache).

Settings (optional, read at call time): ``TRACK_THROTTLE = {"max_per_ip": 10,
"max_per_code": 5, "window": 900, "lockout": 1800}``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

REFUSED_ZH = (
    "查询失败次数过多，请稍后再试（约{minutes}分钟后）。如需帮助，请联系受理机关。"
)


@dataclass(frozen=True)
class TrackLimits:
    max_per_ip: int = 10
    max_per_code: int = 5
    window: int = 15 * 60
    lockout: int = 30 * 60

    @classmethod
    def from_settings(cls) -> TrackLimits:
        return cls(**getattr(settings, "TRACK_THROTTLE", {}))


def _keys(request: HttpRequest, code: str) -> list[str]:
    ip = request.META.get("REMOTE_ADDR", "") or "unknown"
    digest = hashlib.sha256(code.encode()).hexdigest()[:32]
    return [f"track:ip:{ip}", f"track:code:{digest}"]


def track_refused(request: HttpRequest, code: str) -> bool:
    """Whether lookups from this address, or of this code, are refused for now."""
    return any(cache.get(f"{key}:blocked") for key in _keys(request, code))


def track_failed(request: HttpRequest, code: str) -> None:
    """Count a lookup that found nothing; start the lock-out at the limit."""
    limits = TrackLimits.from_settings()
    for key, limit in zip(
        _keys(request, code), (limits.max_per_ip, limits.max_per_code), strict=True
    ):
        cache.add(key, 0, timeout=limits.window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=limits.window)
            count = 1
        if count >= limit:
            cache.set(f"{key}:blocked", True, timeout=limits.lockout)
            cache.delete(key)


def refused_message() -> str:
    return REFUSED_ZH.format(minutes=max(1, TrackLimits.from_settings().lockout // 60))
