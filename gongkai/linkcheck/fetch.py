"""Visiting an address for the link check: one GET, no redirect followed by
``requests`` itself, a time limit, and at most the first bytes of the body read.

Framework-free. Loopback and link-local addresses (``127.0.0.0/8``, ``::1``,
``169.254.0.0/16`` — where a cloud's metadata service answers) are refused
unless the caller allows them (only the tests do, ``LINKCHECK_ALLOW_LOOPBACK``):
a link typed into a published item must not make the server probe itself.
Private ranges are allowed, because a 政务外网 portal often lives in one; only
hosts the agency owns or an administrator listed are visited at all
(``rules.py``).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from urllib.parse import urljoin, urlsplit

import requests

from gongkai.linkcheck.rules import Visit, host_of

#: How many bytes of a body are read: enough to recognise a file's kind.
HEAD_BYTES = 512
#: Same-host redirects followed before giving up.
MAX_REDIRECTS = 5
USER_AGENT = "Gongkai-linkcheck/1"


def _refused_address(host: str, port: int, allow_loopback: bool) -> str:
    """Why ``host`` may not be visited ("" when it may)."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except OSError:
        return "域名无法解析"
    if allow_loopback:
        return ""
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if address.is_loopback or address.is_link_local or address.is_unspecified:
            return f"地址 {address} 为本机或链路本地地址，不予访问"
    return ""


def visit(url: str, *, timeout: float, allow_loopback: bool = False) -> Visit:
    """One GET of ``url``: status, redirect target, type, time and first bytes."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return Visit(url=url, error="不是有效的网址")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    refused = _refused_address(parts.hostname, port, allow_loopback)
    if refused:
        return Visit(url=url, error=refused)
    started = time.monotonic()
    try:
        with requests.get(
            url,
            allow_redirects=False,
            stream=True,
            timeout=(min(timeout, 5.0), timeout),
            headers={"User-Agent": USER_AGENT},
        ) as response:
            head = next(response.iter_content(HEAD_BYTES), b"")
            elapsed = int((time.monotonic() - started) * 1000)
            location = response.headers.get("Location", "")
            return Visit(
                url=url,
                status=response.status_code,
                location=urljoin(url, location) if location else "",
                content_type=response.headers.get("Content-Type", ""),
                elapsed_ms=elapsed,
                head=head,
            )
    except requests.Timeout:
        return Visit(url=url, error=f"超过 {timeout:g} 秒未响应")
    except (requests.RequestException, ValueError, UnicodeError) as exc:
        return Visit(url=url, error=f"无法连接（{type(exc).__name__}）")


def follow(url: str, *, timeout: float, allow_loopback: bool = False) -> list[Visit]:
    """Visit ``url`` and follow redirects on the same host; every hop, in order.

    Stops at the first redirect to another host (the caller reports it), at
    an answer that is not a redirect, or after ``MAX_REDIRECTS`` hops.
    """
    hops = [visit(url, timeout=timeout, allow_loopback=allow_loopback)]
    while (
        len(hops) <= MAX_REDIRECTS
        and hops[-1].status is not None
        and 300 <= hops[-1].status < 400
        and hops[-1].location
        and host_of(hops[-1].location) == host_of(hops[-1].url)
    ):
        hops.append(
            visit(hops[-1].location, timeout=timeout, allow_loopback=allow_loopback)
        )
    return hops
