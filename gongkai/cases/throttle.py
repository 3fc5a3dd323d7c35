"""Limit failed /track/ lookups, so query codes and phone digits cannot be guessed.

Every lookup is counted, before it is made, against the query code tried (what
is being guessed) and against the visitor's address (taken by
``TrustedProxyMiddleware`` from the trusted proxy's header only); a lookup that
finds the case gives its count back. After ``max_per_code`` failures for one
code, from any number of addresses, or ``max_per_ip`` from one address, within
``window`` seconds, lookups of that code (or from that address) are refused for
``lockout`` seconds, even with the right digits — so rotating addresses gains
nothing, and the applicant gets in again when the code's lock ends.

The counters are shared by every process and server (``gongkai.ops.ratelimit``:
Redis when configured, else the database).

Settings (optional, read at call time): ``TRACK_THROTTLE = {"max_per_ip": 10,
"max_per_code": 5, "window": 900, "lockout": 1800}``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from gongkai.ops import ratelimit

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

    def rules(self) -> tuple[ratelimit.Rule, ratelimit.Rule]:
        return (
            ratelimit.Rule("track-code", self.max_per_code, self.window, self.lockout),
            ratelimit.Rule("track-ip", self.max_per_ip, self.window, self.lockout),
        )


def track_begin(request: HttpRequest, code: str) -> ratelimit.Attempt:
    """Count a lookup of ``code``; ``.refused`` when the code or address is locked.

    Then call ``.failed()`` if nothing was found, ``.succeeded()`` if it was.
    """
    by_code, by_ip = TrackLimits.from_settings().rules()
    ip = request.META.get("REMOTE_ADDR", "") or "unknown"
    return ratelimit.begin([(by_code, code), (by_ip, ip)])


def refused_message(attempt: ratelimit.Attempt) -> str:
    return REFUSED_ZH.format(minutes=attempt.minutes)


#: /apply/: online applications filed from one address (a shared office or
#: campus NAT files a few a day; a script filed 1,357 in 95 s). Settings:
#: ``APPLY_THROTTLE = {"max_per_ip": 20, "window": 3600}``.
APPLY_REFUSED_ZH = (
    "同一网络地址提交的申请过多，请约{minutes}分钟后再提交。"
    "如确需提交大量申请，请联系受理机关或采用信函、当面等方式提出。"
)


def apply_rule() -> ratelimit.Rule:
    limits = {
        "max_per_ip": 20,
        "window": 60 * 60,
        **getattr(settings, "APPLY_THROTTLE", {}),
    }
    return ratelimit.Rule(
        "apply-ip", limits["max_per_ip"], limits["window"], limits["window"]
    )


def apply_locked_for(request: HttpRequest) -> float:
    """Seconds before this address may file again (0: it may)."""
    return ratelimit.locked_for(
        apply_rule(), request.META.get("REMOTE_ADDR", "") or "unknown"
    )


def apply_begin(request: HttpRequest) -> ratelimit.Attempt:
    """Count one application from this address; ``.refused`` at the limit.

    Then ``.spent()`` when it was filed, ``.succeeded()`` (given back) when not.
    """
    ip = request.META.get("REMOTE_ADDR", "") or "unknown"
    return ratelimit.begin([(apply_rule(), ip)])


def apply_refused_message(seconds: float) -> str:
    return APPLY_REFUSED_ZH.format(minutes=max(1, math.ceil(seconds / 60)))
