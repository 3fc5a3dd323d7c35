"""The client address behind trusted proxies (TRUSTED_PROXIES)."""

from __future__ import annotations

import ipaddress

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from gongkai.ops.middleware import TrustedProxyMiddleware, forwarded_client

LOCAL = [ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.0.0.0/8")]


def test_it_takes_the_last_hop_the_local_proxy_appended() -> None:
    assert forwarded_client("127.0.0.1", "203.0.113.9", LOCAL) == "203.0.113.9"


def test_it_ignores_what_the_client_wrote_to_the_left() -> None:
    forged = "1.1.1.1, 2.2.2.2, 203.0.113.9"
    assert forwarded_client("127.0.0.1", forged, LOCAL) == "203.0.113.9"


def test_it_walks_back_through_a_chain_of_trusted_proxies() -> None:
    chain = "198.51.100.7, 10.1.2.3"  # client, then the load balancer
    assert forwarded_client("127.0.0.1", chain, LOCAL) == "198.51.100.7"


def test_it_stops_at_garbage_and_keeps_the_last_trusted_hop() -> None:
    assert forwarded_client("127.0.0.1", "not-an-ip, 10.1.2.3", LOCAL) == "10.1.2.3"


def test_it_reads_ports_and_brackets() -> None:
    assert forwarded_client("127.0.0.1", "203.0.113.9:4711", LOCAL) == "203.0.113.9"
    assert forwarded_client("127.0.0.1", "[2001:db8::1]:443", LOCAL) == "2001:db8::1"


def test_it_believes_nothing_from_an_untrusted_peer() -> None:
    assert forwarded_client("203.0.113.50", "1.2.3.4", LOCAL) is None


def _through(request: HttpRequest) -> HttpRequest:
    seen: list[HttpRequest] = []

    def view(req: HttpRequest) -> HttpResponse:
        seen.append(req)
        return HttpResponse()

    TrustedProxyMiddleware(view)(request)
    return seen[0]


@override_settings(TRUSTED_PROXIES=["127.0.0.1/32"])
def test_it_sets_remote_addr_for_a_trusted_proxy() -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.9"
    )
    seen = _through(request)
    assert seen.META["REMOTE_ADDR"] == "203.0.113.9"
    assert seen.META["GONGKAI_PROXY_ADDR"] == "127.0.0.1"


@override_settings(
    TRUSTED_PROXIES=["127.0.0.1/32"],
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_it_drops_forwarding_headers_from_anyone_else() -> None:
    request = RequestFactory().get(
        "/",
        REMOTE_ADDR="203.0.113.50",
        HTTP_X_FORWARDED_FOR="1.2.3.4",
        HTTP_X_FORWARDED_PROTO="https",
    )
    seen = _through(request)
    assert seen.META["REMOTE_ADDR"] == "203.0.113.50"
    assert "HTTP_X_FORWARDED_FOR" not in seen.META
    assert not seen.is_secure()


@override_settings(TRUSTED_PROXIES=[])
def test_it_changes_nothing_without_trusted_proxies() -> None:
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    seen = _through(request)
    assert seen.META["REMOTE_ADDR"] == "127.0.0.1"
    assert seen.META["HTTP_X_FORWARDED_FOR"] == "1.2.3.4"
