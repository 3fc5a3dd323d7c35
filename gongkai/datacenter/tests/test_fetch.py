"""Fetching reports from an intranet mirror: off by default, allowed hosts only."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from gongkai.datacenter import services
from gongkai.datacenter.models import CollectedReport, ImportFile
from gongkai.datacenter.permissions import agency_scope
from gongkai.datacenter.tests.test_import import agency_files
from gongkai.testing import Cast, at

PORT = 8171  # this helper's range (8170–8179)
FILES = dict(agency_files()[:2])


class Mirror(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        name = self.path.split("?")[0].rsplit("/", 1)[-1]
        if self.path == "/elsewhere":
            self.send_response(302)
            self.send_header("Location", "http://example.com/report.html")
            self.end_headers()
            return
        from urllib.parse import unquote

        data = FILES.get(unquote(name))
        if data is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def mirror() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Mirror)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{PORT}"
    server.shutdown()
    server.server_close()


def test_fetching_is_off_unless_an_administrator_names_hosts(
    cast: Cast, mirror: str
) -> None:
    with pytest.raises(services.DataCenterError, match="未开启"):
        services.url_list(f"{mirror}/a.html")


def test_the_worker_fetches_from_an_allowed_host_only(
    cast: Cast, mirror: str, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.DATACENTER_FETCH_HOSTS = ["127.0.0.1"]
    with pytest.raises(services.DataCenterError, match="不在管理员允许"):
        services.url_list("http://example.com/report.html")
    with pytest.raises(services.DataCenterError, match="不是 http"):
        services.url_list("file:///etc/passwd")
    names = list(FILES)
    urls = services.url_list(
        "\n".join(
            [
                f"{mirror}/{names[0]}",
                f"{mirror}/{names[1]}",
                f"{mirror}/{names[0]}?again",
                f"{mirror}/missing.html",
                f"{mirror}/elsewhere",
            ]
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = services.import_job_create(
            owner=cast.supervisor,
            scope=agency_scope(cast.city),
            uploads=[],
            urls=urls,
            now=at(dt.date(2026, 3, 2)),
        )
    status = [(f.name, f.status) for f in job.files.order_by("pk")]
    messages = [f.message for f in job.files.order_by("pk")]
    assert [s for _n, s in status] == [
        ImportFile.Status.PARSED,
        ImportFile.Status.PARSED,
        ImportFile.Status.DUPLICATE,
        ImportFile.Status.UNREADABLE,
        ImportFile.Status.UNREADABLE,
    ], messages
    assert status[0][0] == names[0]
    assert "不在管理员允许" in job.files.order_by("pk").last().message  # the redirect
    assert CollectedReport.objects.count() == 2
