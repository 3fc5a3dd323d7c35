"""The rate limits and the body cap against `scripts/serve` with 4 workers on
PostgreSQL and Redis: what one attacker could do to the landed main (issue 11, H2).

A server of its own (no demo data: one agency, one application, one superuser),
with a short /track/ lock so the applicant's return can be shown.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.production.harness import (
    Served,
    create_database,
    database_name,
    database_url,
    drop_database,
)

LOCKOUT = 15  # seconds: TRACK_LOCKOUT_SECONDS of this server
ROOT_PASSWORD = "Root-Passw0rd-2026!"
SETUP = f"""
import uuid
from django.contrib.auth import get_user_model
from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_create
from gongkai.cases.services import ApplicationDetails, case_submit_online
agency = agency_create(name="限流测试办公室", code="rl", kind=Agency.Kind.OFFICE)
case = case_submit_online(
    agency=agency,
    details=ApplicationDetails.from_mapping({{
        "applicant_type": "natural_person", "applicant_name": "张三",
        "id_number": "11010519491231002X", "phone": "13812345678",
        "description": "请公开2025年本市老旧小区改造项目的资金使用情况",
    }}),
    token=uuid.uuid4(),
)
get_user_model().objects.create_superuser("root", "root@example.com", "{ROOT_PASSWORD}")
print("CODE", case.query_code)
"""


@pytest.fixture(scope="module")
def limited(
    postgres_url: str, redis_url: str, workdir: Path
) -> Iterator[tuple[Served, str]]:
    url = database_url(postgres_url, f"{database_name(postgres_url)}_limits")
    create_database(url)
    server = Served(
        database_url=url,
        redis_url=redis_url,
        workdir=workdir / "limits",
        workers=4,
        name="limits",
        env={"TRACK_LOCKOUT_SECONDS": str(LOCKOUT)},
    )
    try:
        server.manage("migrate_locked", "-v", "0")
        out = server.manage("shell", "-c", SETUP).stdout
        code = next(
            line.split()[1] for line in out.splitlines() if line.startswith("CODE")
        )
        server.start(timeout=400)  # a loaded CI machine: gunicorn preloads every view
        yield server, code
    finally:
        server.stop()
        drop_database(url)


def _track(server: Served, code: str, last4: str, address: str) -> int:
    client = server.client(forwarded_for=address)
    response = client.post_form("/track/", {"query_code": code, "phone_last4": last4})
    return response.status_code


def test_forty_guesses_at_one_code_from_forty_addresses_get_five_answers(
    limited: tuple[Served, str],
) -> None:
    server, code = limited
    addresses = [f"198.51.100.{n}" for n in range(1, 41)]
    with ThreadPoolExecutor(max_workers=8) as pool:  # spread over the 4 workers
        statuses = list(
            pool.map(lambda ip: _track(server, code, "0000", ip), addresses)
        )
    answered = statuses.count(404)
    print(f"40 wrong lookups: {answered} answered (404), {statuses.count(429)} refused")
    # At most the designed limit, not 4 × it; a burst may get fewer, never
    # more (gongkai/ops/ratelimit.py: a guess counted within the limit that
    # reads the lock after a faster one set it is refused).
    assert 1 <= answered <= 5 and answered + statuses.count(429) == 40, statuses

    # The applicant, from a fresh address, with the right digits: locked out
    # while the code's lock lasts, then in.
    assert _track(server, code, "5678", "203.0.113.200") == 429
    time.sleep(LOCKOUT + 1)
    assert _track(server, code, "5678", "203.0.113.201") == 200


def test_thirty_wrong_admin_passwords_lock_the_account(
    limited: tuple[Served, str],
) -> None:
    server, _ = limited
    client = server.client(forwarded_for="192.0.2.50")
    statuses = [
        client.post_form(
            "/admin/login/", {"username": "root", "password": f"wrong-{n}"}
        ).status_code
        for n in range(30)
    ]
    assert set(statuses) == {200}
    right = client.post_form(
        "/admin/login/", {"username": "root", "password": ROOT_PASSWORD}
    )
    assert right.status_code == 200 and "账号已暂时锁定" in right.text
    admin = client.get("/admin/", allow_redirects=True)
    assert "<title>登录 |" in admin.text  # the login page: not signed in
    # The owner, from another address, still gets in.
    owner = server.client(forwarded_for="192.0.2.99")
    response = owner.post_form(
        "/admin/login/", {"username": "root", "password": ROOT_PASSWORD}
    )
    assert response.status_code == 302


def test_a_30_mb_application_is_refused_before_it_is_read(
    limited: tuple[Served, str],
) -> None:
    """The headers announce 30 MB; 1 KB is sent. An answer proves nothing waited."""
    server, _ = limited
    head = (
        "POST /apply/ HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{server.port}\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\n"
        f"Content-Length: {30 * 1024 * 1024}\r\n"
        "X-Forwarded-For: 192.0.2.77\r\n\r\n"
    )
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(head.encode() + b"x" * 1024)
        chunks = []
        while chunk := sock.recv(65536):  # until the server closes
            chunks.append(chunk)
        answer = b"".join(chunks).decode("utf-8", errors="replace")
    elapsed = time.monotonic() - started
    print(f"30 MB announced, 1 KB sent: answered in {elapsed * 1000:.0f} ms")
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
    assert "提交的内容过大" in answer
