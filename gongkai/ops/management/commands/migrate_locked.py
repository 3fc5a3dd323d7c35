"""`gongkai migrate_locked`: migrate, one server at a time."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

# pg_advisory_lock key: "gongkai" as a number.
LOCK_KEY = 0x676F6E676B6169


class Command(BaseCommand):
    help = (
        "执行数据库迁移（migrate --noinput）。在 PostgreSQL 上先取得咨询锁："
        "多台应用服务器同时启动时只有一台迁移，其余等它完成；迁移不受 "
        "DB_STATEMENT_TIMEOUT_MS 限制。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        locked = connection.vendor == "postgresql"
        if locked:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
                cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            call_command(
                "migrate",
                interactive=False,
                verbosity=options["verbosity"],
                stdout=self.stdout,
                stderr=self.stderr,
            )
        finally:
            if locked:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
