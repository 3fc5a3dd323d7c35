"""`gongkai send_proposal_reminders`: remind staff of 建议提案 办理期限 near or past.

Run daily from cron (e.g. 08:10 Asia/Shanghai). Safe to run twice: each reminder
is written once per proposal, kind and due date.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.planning.reminders import DEFAULT_DAYS, send_proposal_reminders
from gongkai.workdays.calendar import format_date_zh

MAX_DAYS = 92


class Command(BaseCommand):
    help = (
        "向承办人和负责人发送人大代表建议、政协提案办理期限提醒（将至、已超期），"
        "可重复运行，不会重复发送。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=f"提前提醒的天数（默认{DEFAULT_DAYS}天）。",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days < 0 or days > MAX_DAYS:
            self.stderr.write(f"提前提醒的天数应在0至{MAX_DAYS}之间。")
            raise SystemExit(2)
        reminders = send_proposal_reminders(days=days)
        for r in reminders:
            mark = "已提醒" if r.written else "此前已提醒"
            self.stdout.write(
                f"{r.label}  {r.agency}  办理期限{format_date_zh(r.due_on)}  "
                f"{r.kind.label_zh}  {mark}"
            )
        new = sum(1 for r in reminders if r.written)
        self.stdout.write(
            f"本次提醒{new}件，共{len(reminders)}件办理期限将至或已超期。"
        )
