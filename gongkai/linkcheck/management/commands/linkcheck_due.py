"""`gongkai linkcheck_due`: queue the scheduled link checks that are due.

Run it from cron or the systemd timer (deploy/systemd/gongkai-linkcheck.timer);
the worker does the checks. Queuing is idempotent: an agency with a check
already queued or running gets no second one.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.linkcheck.services import agencies_due, check_request


class Command(BaseCommand):
    help = "为到期的机关排队定期链接检查（由后台任务执行）。"

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        due = agencies_due(now)
        for agency in due:
            check_request(agency=agency, now=now)
        self.stdout.write(f"已排队 {len(due)} 个机关的链接检查。")
