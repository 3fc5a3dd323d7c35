"""`gongkai prune_security_log`: delete security-log entries past their retention."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.accounts.models import SecurityEvent
from gongkai.accounts.securitylog import RetentionError, purge, retention_cutoff
from gongkai.law.periods import SECURITY_LOG_RETENTION_DAYS


class Command(BaseCommand):
    help = (
        f"列出（加 --delete 则删除）超过 --days 日的安全日志记录。安全日志至少保存"
        f"{SECURITY_LOG_RETENTION_DAYS}日（网络安全法），更短的 --days 会被拒绝。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=SECURITY_LOG_RETENTION_DAYS,
            help=f"删除早于这么多日以前的记录（默认且至少 {SECURITY_LOG_RETENTION_DAYS}）",
        )
        parser.add_argument(
            "--delete", action="store_true", help="删除（默认只列出数量）"
        )

    def handle(self, *args: Any, days: int, delete: bool, **options: Any) -> None:
        now = timezone.now()
        before = now - dt.timedelta(days=days)
        if before > retention_cutoff(now):
            raise CommandError(
                f"安全日志至少保存{SECURITY_LOG_RETENTION_DAYS}日，--days 不能小于 "
                f"{SECURITY_LOG_RETENTION_DAYS}。"
            )
        local = timezone.localtime(before).strftime("%Y-%m-%d %H:%M")
        if not delete:
            count = SecurityEvent.objects.filter(at__lt=before).count()
            self.stdout.write(f"{local} 以前的安全日志记录共 {count} 条（未删除）。")
            return
        try:
            count = purge(before=before, now=now)
        except RetentionError as exc:
            raise CommandError(exc.message_zh) from exc
        self.stdout.write(f"已删除 {local} 以前的安全日志记录 {count} 条。")
