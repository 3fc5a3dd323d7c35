from typing import Any

from django.core.management.base import BaseCommand

from gongkai.reports.services import report_load_samples


class Command(BaseCommand):
    help = "载入随附的示例年度报告（可重复执行）"

    def handle(self, *args: Any, **options: Any) -> None:
        stored = report_load_samples()
        self.stdout.write(f"已载入示例年度报告 {len(stored)} 份")
