"""A check against a real HTTP server on loopback: it finds exactly the broken
things, and marks them fixed on the next run once they are."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from gongkai.disclosure import services as disclosure
from gongkai.disclosure.models import Item
from gongkai.linkcheck import services
from gongkai.linkcheck.models import CheckRun, Problem
from gongkai.testing import Cast, build_cast

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% test\n"


class Site:
    """What the loopback server answers; tests change it between runs."""

    def __init__(self) -> None:
        self.missing_found = False
        self.slow_seconds = 0.6


class Handler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, ctype: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        html = "text/html; charset=utf-8"
        if self.path == "/":
            self._send(200, b"<html>home</html>", html)
        elif self.path == "/good.html":
            self._send(200, b"<html>good</html>", html)
        elif self.path == "/missing.html":
            if self.site.missing_found:
                self._send(200, b"<html>back</html>", html)
            else:
                self._send(404, b"<html>not found</html>", html)
        elif self.path == "/moved":
            self._send(302, b"", html, Location="http://elsewhere.example/landing")
        elif self.path == "/same-host-move":
            self._send(301, b"", html, Location="/good.html")
        elif self.path == "/slow.html":
            time.sleep(self.site.slow_seconds)
            self._send(200, b"<html>slow</html>", html)
        elif self.path == "/report.pdf":
            self._send(200, b"<html>soft 404</html>", html)
        elif self.path == "/fine.pdf":
            self._send(200, PDF, "application/pdf")
        else:
            self._send(404, b"", html)


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    state = Site()
    handler = type("BoundHandler", (Handler,), {"site": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def office(settings: Any, tmp_path: Any, db: None) -> Cast:
    settings.MEDIA_ROOT = tmp_path
    settings.LINKCHECK_ALLOW_LOOPBACK = True
    settings.LINKCHECK_TIMEOUT = 5
    settings.SITE_URL = ""
    cast = build_cast()
    cast.set_up_catalogue()
    return cast


def publish_with_links(cast: Cast, base: str) -> Item:
    body = "\n".join(
        [
            f"正常页面：{base}/good.html。",
            f"已删除：{base}/missing.html",
            f'<a href="{base}/moved">旧地址</a>',
            f"站内跳转：{base}/same-host-move",
            f"缓慢：{base}/slow.html",
            f"附件：{base}/report.pdf 与 {base}/fine.pdf",
            "外部：https://www.gov.cn/zhengce/ 不在允许名单中，不访问。",
        ]
    )
    item = cast.item(body=body)
    disclosure.item_attach(
        item=item,
        upload=SimpleUploadedFile("附件一.pdf", PDF, "application/pdf"),
        acting_user=cast.handler,
    )
    disclosure.item_attach(
        item=item,
        upload=SimpleUploadedFile("附件二.pdf", b"%PDF-1.4 ok", "application/pdf"),
        acting_user=cast.handler,
    )
    return _publish(cast, item)


def _publish(cast: Cast, item: Item) -> Item:
    disclosure.item_submit(item=item, acting_user=cast.handler)
    disclosure.item_review(
        item=item,
        result="pass",
        basis="不涉及国家秘密。",
        acting_user=cast.other_handler,
    )
    disclosure.item_approve(item=item, acting_user=cast.head)
    return disclosure.item_publish(item=item, acting_user=cast.handler)


def run_check(cast: Cast) -> CheckRun:
    run = CheckRun.objects.create(agency=cast.office, requested_at=timezone.now())
    return services.check_run(run)


def open_problems(cast: Cast) -> set[tuple[str, str]]:
    return {
        (
            p.kind,
            p.url.rsplit("/", 1)[-1]
            or (p.attachment and p.attachment.original_name)
            or p.detail,
        )
        for p in Problem.objects.filter(agency=cast.office, fixed_at__isnull=True)
    }


def test_the_check_finds_exactly_what_is_broken_and_later_what_is_fixed(
    office: Cast, site: tuple[Site, str]
) -> None:
    state, base = site
    services.check_settings_update(
        agency=office.office, acting_user=office.admin, own_site=base + "/", slow_ms=300
    )
    item = publish_with_links(office, base)
    # A stored attachment that no longer opens as the PDF its name says.
    broken = item.attachments.get(original_name="附件二.pdf")
    broken.file.save(
        "broken.pdf", SimpleUploadedFile("x", b"<html>error</html>"), save=True
    )
    # A published entry whose 内容概述 was lost (written around the services).
    other = _publish(office, office.item(title="另一条信息"))
    Item.objects.filter(pk=other.pk).update(summary="")

    first = run_check(office)

    assert first.status == CheckRun.Status.DONE
    assert open_problems(office) == {
        ("broken", "missing.html"),
        ("redirect", "moved"),
        ("slow", "slow.html"),
        ("content_type", "report.pdf"),
        ("attachment", "附件二.pdf"),
        ("fields", "缺少：内容概述"),
    }
    assert first.external_skipped == 1  # www.gov.cn is not on the allowed list
    assert first.found == 6 and first.fixed == 0
    assert first.attachments == 2 and first.items == 2
    seen = {p.pk: p.first_seen_at for p in Problem.objects.all()}

    state.missing_found = True
    state.slow_seconds = 0
    second = run_check(office)

    assert open_problems(office) == {
        ("redirect", "moved"),
        ("content_type", "report.pdf"),
        ("attachment", "附件二.pdf"),
        ("fields", "缺少：内容概述"),
    }
    assert second.found == 0 and second.fixed == 2
    fixed = Problem.objects.filter(fixed_at__isnull=False)
    assert {p.url.rsplit("/", 1)[-1] for p in fixed} == {"missing.html", "slow.html"}
    assert all(p.first_seen_at == seen[p.pk] for p in Problem.objects.all())


def test_an_allowed_external_host_is_visited(
    office: Cast, site: tuple[Site, str]
) -> None:
    _state, base = site
    services.check_settings_update(
        agency=office.office, acting_user=office.admin, allowed_hosts="127.0.0.1"
    )
    _publish(office, office.item(body=f"见 {base}/missing.html"))
    run = run_check(office)
    assert run.external_skipped == 0
    assert open_problems(office) == {("broken", "missing.html")}


def test_loopback_is_refused_outside_the_tests(
    office: Cast, site: tuple[Site, str], settings: Any
) -> None:
    settings.LINKCHECK_ALLOW_LOOPBACK = False
    _state, base = site
    services.check_settings_update(
        agency=office.office, acting_user=office.admin, allowed_hosts="127.0.0.1"
    )
    _publish(office, office.item(body=f"见 {base}/good.html"))
    run_check(office)
    [problem] = Problem.objects.filter(agency=office.office)
    assert problem.kind == "broken" and "本机" in problem.detail


def test_a_loopback_public_address_is_not_visited_outside_the_tests(
    office: Cast, settings: Any
) -> None:
    """The default SITE_URL (http://127.0.0.1:8000, for the demo's links) is
    never visited in production, where loopback targets are refused: the run
    says so instead of reporting every own page as unreachable."""
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.LINKCHECK_ALLOW_LOOPBACK = False
    _publish(office, office.item())
    run = run_check(office)
    assert run.pages == 0
    assert not Problem.objects.filter(kind="broken").exists()
    assert "SITE_URL" in run.note


def test_gongkais_own_pages_are_visited_at_the_public_address(
    office: Cast, site: tuple[Site, str], settings: Any
) -> None:
    """With SITE_URL pointing at a server without the catalogue, every
    own page of the agency is reported as unreachable: they were visited."""
    _state, base = site
    settings.SITE_URL = base
    item = _publish(office, office.item())
    run = run_check(office)
    urls = {p.url for p in Problem.objects.filter(kind="broken")}
    assert f"{base}/catalogue/office/" in urls
    assert f"{base}/catalogue/office/items/{item.pk}/" in urls
    assert run.pages == 3  # list, guide, the item


def test_the_schedule_queues_each_agency_once(
    office: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    _publish(office, office.item())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("linkcheck_due", stdout=io.StringIO())
    runs = CheckRun.objects.filter(agency=office.office)
    assert runs.count() == 1  # the immediate task backend has run it already
    assert runs.get().status == CheckRun.Status.DONE and runs.get().scheduled
    with django_capture_on_commit_callbacks(execute=True):
        call_command("linkcheck_due", stdout=io.StringIO())
    assert runs.count() == 1  # not due again within its interval
    assert services.agencies_due(timezone.now()) == []
