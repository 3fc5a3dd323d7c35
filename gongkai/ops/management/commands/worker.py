"""`gongkai worker`: the django.tasks worker, with a heartbeat for /healthz."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from gongkai.ops.heartbeat import Heartbeat


class Command(DBWorkerCommand):
    help = (
        "运行后台任务进程（django-tasks-db 的 db_worker），并每隔 "
        "WORKER_HEARTBEAT_SECONDS 秒记录心跳，供 /healthz 检查。"
        "Ctrl+C 或 SIGTERM：做完当前任务后退出。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        heartbeat = Heartbeat(options["worker_id"], settings.WORKER_HEARTBEAT_SECONDS)
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
