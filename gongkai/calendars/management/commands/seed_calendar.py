"""Copy the packaged schedules (chinesecalendar, 2004–2026) into the database
for the years not kept yet. Idempotent; never overwrites a year kept."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.calendars.services import calendar_seed_from_package


class Command(BaseCommand):
    help = "从内置数据导入数据库中尚无的年度节假日安排（不覆盖已有年度）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("years", nargs="*", type=int, help="只导入这些年份")

    def handle(self, *args: Any, **options: Any) -> None:
        seeded = calendar_seed_from_package(years=options["years"] or None)
        if seeded:
            self.stdout.write(f"已导入：{'、'.join(str(y) for y in seeded)}年。")
        else:
            self.stdout.write("无需导入：所有年份均已在数据库中。")
