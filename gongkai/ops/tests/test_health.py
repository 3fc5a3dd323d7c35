"""/healthz and the Chinese 503 page."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import timezone

from gongkai.ops.middleware import DatabaseUnavailableMiddleware
from gongkai.ops.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def _heartbeat(age_seconds: float) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="w1",
        hostname="app1",
        pid=4242,
        started_at=now - dt.timedelta(hours=1),
        last_seen=now - dt.timedelta(seconds=age_seconds),
    )


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_it_answers_200_when_every_check_passes(client, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = DB_TASKS
    _heartbeat(age_seconds=5)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert [
        body["checks"][n]["ok"] for n in ("database", "cache", "storage", "worker")
    ] == [True] * 4
    assert "1 个后台任务进程在线" in body["checks"]["worker"]["detail"]
    assert (
        "no-store" in response["Cache-Control"]
        or "max-age=0" in response["Cache-Control"]
    )
    assert not list(tmp_path.rglob("*.txt")), "the storage probe cleans up"


def test_it_answers_503_when_no_worker_has_beaten_lately(
    client, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = DB_TASKS
    _heartbeat(age_seconds=600)
    response = client.get("/healthz")
    assert response.status_code == 503
    worker = response.json()["checks"]["worker"]
    assert worker["ok"] is False and "没有后台任务进程的心跳" in worker["detail"]


def test_the_demo_runs_tasks_in_process_and_needs_no_worker(
    client, settings, tmp_path
) -> None:
    """scripts/demo runs each task where it is enqueued: no heartbeat is due."""
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "无需后台任务进程" in response.json()["checks"]["worker"]["detail"]


def test_it_runs_only_the_checks_asked_for(client) -> None:
    response = client.get("/healthz?checks=database,cache")
    assert response.status_code == 200
    assert set(response.json()["checks"]) == {"database", "cache"}


def test_it_refuses_an_unknown_check(client) -> None:
    response = client.get("/healthz?checks=database,bogus")
    assert response.status_code == 400
    assert "bogus" in response.json()["detail"]


def test_it_refuses_a_post(client) -> None:
    assert client.post("/healthz").status_code == 405


def test_it_reports_a_broken_cache_without_its_details(client) -> None:
    with mock.patch(
        "gongkai.ops.health.cache.set",
        side_effect=ConnectionError("10.0.0.5:6379 refused"),
    ):
        response = client.get("/healthz?checks=cache")
    assert response.status_code == 503
    detail = response.json()["checks"]["cache"]["detail"]
    assert detail == "无法读写缓存（Redis）（ConnectionError）"


def test_it_skips_the_worker_check_when_the_database_is_down(client) -> None:
    with mock.patch("gongkai.ops.health.CHECKS", {"database": _fail, "worker": _fail}):
        response = client.get("/healthz")
    checks = response.json()["checks"]
    assert response.status_code == 503
    assert checks["worker"]["detail"] == "数据库不可用，无法读取心跳"


def _fail() -> str:
    raise OperationalError("connection refused")


def test_a_lost_database_becomes_a_chinese_503_page() -> None:
    request = RequestFactory().get("/reports/")
    middleware = DatabaseUnavailableMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    response = middleware.process_exception(request, OperationalError("refused"))
    assert response is not None
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "系统暂时无法访问" in html and "无法连接数据库" in html
    assert '<a class="brand"' in html  # the public layout


def test_other_errors_are_left_to_the_500_handler() -> None:
    middleware = DatabaseUnavailableMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    assert (
        middleware.process_exception(RequestFactory().get("/"), ValueError("x")) is None
    )


def test_a_view_that_loses_the_database_answers_503(client) -> None:
    with mock.patch(
        "gongkai.portal.views.render",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert "系统暂时无法访问" in response.content.decode()
