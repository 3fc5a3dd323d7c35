"""What the operations side keeps in the database: workers' heartbeats, rate limits."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """One running `gongkai worker` process, refreshed every few seconds.

    /healthz counts the workers seen recently; a worker that stops cleanly
    deletes its row, one that dies leaves it to go stale.
    """

    worker_id = models.CharField("进程标识", max_length=64, unique=True)
    hostname = models.CharField("主机", max_length=255)
    pid = models.PositiveIntegerField("进程号")
    started_at = models.DateTimeField("启动时间")
    last_seen = models.DateTimeField("最近心跳", db_index=True)
    tasks_run = models.PositiveIntegerField("已执行任务数", default=0)

    class Meta:
        verbose_name = "后台任务进程心跳"
        verbose_name_plural = verbose_name
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class RateCounter(models.Model):
    """A rate-limit counter or lock, when no Redis is configured (``gongkai.ops.ratelimit``).

    ``key`` names the rule and the hashed value counted (an address, a query
    code, an account); ``count`` is valid until ``expires_at``. A lock is a row
    whose key ends in ``:lock``, valid until ``expires_at``.
    """

    key = models.CharField(max_length=120, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "频率限制计数"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
