"""Warn loudly from 1 November when next year's holiday schedule is missing.

Run daily from cron; exit status 1 while the warning stands, so that the
scheduler's mail or monitoring picks it up.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from gongkai.calendars.selectors import next_year_status

BANNER = "!" * 72


class Command(BaseCommand):
    help = "检查下一年度的节假日安排是否已录入（自11月1日起缺失即告警）。"

    def handle(self, *args: Any, **options: Any) -> None:
        status = next_year_status()
        if status.warn:
            self.stderr.write(self.style.ERROR(BANNER))
            self.stderr.write(self.style.ERROR(status.message_zh))
            self.stderr.write(self.style.ERROR(BANNER))
            sys.exit(1)
        self.stdout.write(status.message_zh)
