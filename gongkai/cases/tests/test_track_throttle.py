"""/track/ refuses lookups for a while after too many failures (guessing codes or digits).

Limits per IP address and per query code, in Django's cache; the refusal is a
Chinese message with status 429 and performs no lookup.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from gongkai.cases.tests.conftest import registered
from gongkai.testing import Cast

LIMITS = {"max_per_ip": 4, "max_per_code": 3, "window": 600, "lockout": 1200}
URL = "/track/"


def _track(client: Client, code: str, last4: str, ip: str = "203.0.113.7"):
    return client.post(URL, {"query_code": code, "phone_last4": last4}, REMOTE_ADDR=ip)


def test_the_url_is_the_public_tracking_page() -> None:
    assert reverse("track:track") == URL


@override_settings(TRACK_THROTTLE=LIMITS)
def test_too_many_wrong_digits_for_one_code_lock_that_code(cast: Cast) -> None:
    case = registered(cast)
    client = Client()
    for ip_suffix in range(3):  # from three addresses: the per-code limit
        response = _track(client, case.query_code, "0000", ip=f"198.51.100.{ip_suffix}")
        assert response.status_code == 404
    response = _track(client, case.query_code, "5678", ip="198.51.100.9")
    assert response.status_code == 429
    page = response.content.decode()
    assert "查询失败次数过多，请稍后再试（约20分钟后）" in page
    assert "办理进度</h2>" not in page  # nothing about the case is shown


@override_settings(TRACK_THROTTLE=LIMITS)
def test_too_many_failures_from_one_address_lock_that_address(cast: Cast) -> None:
    case = registered(cast)
    client = Client()
    for n in range(4):
        assert _track(client, f"WRONGCODE{n:03d}", "1234").status_code == 404
    assert _track(client, case.query_code, "5678").status_code == 429
    # Another address is not affected.
    assert _track(client, case.query_code, "5678", ip="192.0.2.1").status_code == 200


@override_settings(TRACK_THROTTLE=LIMITS)
def test_the_lock_ends_after_the_lockout(cast: Cast, frozen_time) -> None:
    import datetime as dt

    case = registered(cast)
    client = Client()
    for _ in range(3):
        _track(client, case.query_code, "0000")
    assert _track(client, case.query_code, "5678").status_code == 429
    frozen_time.shift(dt.timedelta(seconds=1199))
    assert _track(client, case.query_code, "5678").status_code == 429
    frozen_time.shift(dt.timedelta(seconds=2))
    assert _track(client, case.query_code, "5678").status_code == 200


@pytest.mark.parametrize("data", [{"query_code": "", "phone_last4": "12"}])
@override_settings(TRACK_THROTTLE=LIMITS)
def test_malformed_input_is_a_400_and_not_counted(cast: Cast, data) -> None:
    case = registered(cast)
    client = Client()
    for _ in range(10):
        assert client.post(URL, data, REMOTE_ADDR="203.0.113.7").status_code == 400
    assert _track(client, case.query_code, "5678").status_code == 200


def test_the_default_limits_allow_a_few_typos(cast: Cast) -> None:
    case = registered(cast)
    client = Client()
    for _ in range(4):
        assert _track(client, case.query_code, "0000").status_code == 404
    assert _track(client, case.query_code, "5678").status_code == 200
