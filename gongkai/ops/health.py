"""The checks behind /healthz: database, cache, file storage, background worker."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from gongkai.ops.files import PROBE_PREFIX

logger = logging.getLogger("gongkai.ops")

Check = Callable[[], str]


def stale_after() -> dt.timedelta:
    """A worker whose last heartbeat is older than this counts as gone."""
    return dt.timedelta(seconds=max(4 * settings.WORKER_HEARTBEAT_SECONDS, 30))


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "数据库可以连接"


def check_cache() -> str:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    try:
        if cache.get(key) != "ok":
            raise RuntimeError("缓存写入后读不回")
    finally:
        cache.delete(key)
    return "缓存可以读写"


def check_storage() -> str:
    name = default_storage.save(
        f"{PROBE_PREFIX}{socket.gethostname()}-{os.getpid()}.txt", ContentFile(b"ok")
    )
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != b"ok":
                raise RuntimeError("文件写入后读不回")
    finally:
        default_storage.delete(name)
    return "文件存储可以读写"


#: The backend that runs each task in the process that enqueues it
#: (``scripts/demo``): there is no worker to look for.
IMMEDIATE_BACKEND = "django.tasks.backends.immediate.ImmediateBackend"


def check_worker() -> str:
    from django.conf import settings
    from django_tasks_db.models import DBTaskResult

    from gongkai.ops.models import WorkerHeartbeat

    if settings.TASKS["default"]["BACKEND"] == IMMEDIATE_BACKEND:
        return "后台任务在请求进程内立即执行（演示模式），无需后台任务进程"
    now = timezone.now()
    alive = WorkerHeartbeat.objects.filter(last_seen__gte=now - stale_after()).count()
    ready = DBTaskResult.objects.ready()
    waiting = ready.count()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    queue = f"队列中 {waiting} 个任务"
    if oldest is not None:
        queue += f"，最早的已等待 {int((now - oldest).total_seconds())} 秒"
    if not alive:
        raise RuntimeError(
            f"最近 {int(stale_after().total_seconds())} 秒内没有后台任务进程的心跳"
            f"（gongkai worker 未运行？）；{queue}"
        )
    return f"{alive} 个后台任务进程在线；{queue}"


CHECKS: dict[str, Check] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "worker": check_worker,
}


def run_checks(names: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Run the named checks (all by default); each reports ok, detail, ms."""
    results: dict[str, dict[str, Any]] = {}
    for name in names or list(CHECKS):
        started = time.perf_counter()
        if name == "worker" and results.get("database", {}).get("ok") is False:
            ok, detail = False, "数据库不可用，无法读取心跳"
        else:
            try:
                ok, detail = True, CHECKS[name]()
            except Exception as exc:
                logger.warning("健康检查 %s 失败：%r", name, exc)
                ok, detail = False, _describe(name, exc)
        results[name] = {
            "ok": ok,
            "detail": detail,
            "ms": round((time.perf_counter() - started) * 1000, 1),
        }
    return results


def _describe(name: str, exc: Exception) -> str:
    """A short Chinese reason; the full error goes to the log, not to the probe."""
    if isinstance(exc, RuntimeError):
        return str(exc)
    what = {
        "database": "无法连接数据库",
        "cache": "无法读写缓存（Redis）",
        "storage": "无法读写文件存储",
        "worker": "无法读取后台任务状态",
    }[name]
    return f"{what}（{type(exc).__name__}）"
