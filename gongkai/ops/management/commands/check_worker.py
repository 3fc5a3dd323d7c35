"""`gongkai check_worker`: enqueue a probe task and wait for a worker to run it."""

from __future__ import annotations

import os
import secrets
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.tasks import TaskResultStatus

from gongkai.ops.tasks import worker_probe


class Command(BaseCommand):
    help = (
        "检查后台任务是否正常运行：放入一个探测任务，等待后台任务进程（gongkai "
        "worker）执行它并报告执行它的主机和进程。超时未执行时退出码为 1。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--timeout", type=float, default=30.0, help="最多等待的秒数（默认 30）"
        )

    def handle(self, *args: Any, timeout: float, **options: Any) -> None:
        token = secrets.token_hex(8)
        started = time.monotonic()
        result = worker_probe.enqueue(token)
        while True:
            if result.status == TaskResultStatus.SUCCESSFUL:
                break
            if result.status == TaskResultStatus.FAILED:
                raise CommandError(f"探测任务执行失败：{result.errors}")
            if time.monotonic() - started > timeout:
                raise CommandError(
                    f"{timeout:g} 秒内没有后台任务进程执行探测任务（任务 {result.id}）。"
                    "请确认 gongkai worker 正在运行，并与本机使用同一个数据库。"
                )
            time.sleep(0.2)
            result.refresh()
        answer = result.return_value
        if answer["token"] != token:
            raise CommandError("探测任务返回了别的任务的结果。")
        where = (
            "（在本进程内执行：TASKS 不是数据库后端）"
            if answer["pid"] == os.getpid()
            else ""
        )
        self.stdout.write(
            f"后台任务正常：主机 {answer['hostname']} 的进程 {answer['pid']} "
            f"在 {time.monotonic() - started:.1f} 秒内执行了探测任务{where}。"
        )
