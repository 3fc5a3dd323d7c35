"""The worker's heartbeat: a thread that refreshes its WorkerHeartbeat row."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from typing import Any

from django.db import DatabaseError, close_old_connections, connection
from django.tasks.signals import task_finished
from django.utils import timezone

from gongkai.ops.models import WorkerHeartbeat

logger = logging.getLogger("gongkai.ops")

# Rows of workers gone for this long are removed when a worker starts.
FORGET_AFTER = dt.timedelta(days=1)


class Heartbeat:
    """Refresh ``WorkerHeartbeat(worker_id)`` every ``interval`` seconds.

    A thread of its own (with its own database connection), so a long task does
    not make a live worker look dead. ``stop()`` deletes the row: a worker that
    stops cleanly disappears from /healthz at once.
    """

    def __init__(self, worker_id: str, interval: float) -> None:
        self.worker_id = worker_id
        self.interval = interval
        self.started_at = timezone.now()
        self.tasks_run = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="gongkai-heartbeat", daemon=True
        )

    def _count_task(self, **kwargs: Any) -> None:
        self.tasks_run += 1

    def start(self) -> None:
        WorkerHeartbeat.objects.filter(
            last_seen__lt=timezone.now() - FORGET_AFTER
        ).delete()
        self.beat()
        task_finished.connect(self._count_task, weak=False)
        self._thread.start()

    def beat(self) -> None:
        try:
            WorkerHeartbeat.objects.update_or_create(
                worker_id=self.worker_id,
                defaults={
                    "hostname": socket.gethostname()[:255],
                    "pid": os.getpid(),
                    "last_seen": timezone.now(),
                    "tasks_run": self.tasks_run,
                },
                create_defaults={
                    "hostname": socket.gethostname()[:255],
                    "pid": os.getpid(),
                    "started_at": self.started_at,
                    "last_seen": timezone.now(),
                    "tasks_run": self.tasks_run,
                },
            )
        except DatabaseError as exc:
            # The database is away: try again next beat on a fresh connection.
            logger.warning("后台任务进程心跳写入失败：%s", exc)
            connection.close()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                # The thread's own connection: dropped if broken or too old.
                close_old_connections()
                self.beat()
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop.set()
        task_finished.disconnect(self._count_task)
        self._thread.join(timeout=5)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError as exc:
            logger.warning("后台任务进程退出时无法删除心跳：%s", exc)
