"""`gongkai send_deadline_reminders`: remind handlers and heads of due and overdue replies.

Run daily from cron (e.g. 08:00 Asia/Shanghai). Idempotent: each reminder is
claimed with a conditional update, so a second run sends nothing new.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.cases.notices import DEFAULT_REMINDER_WORKDAYS, send_deadline_reminders
from gongkai.law.periods import REPLY
from gongkai.workdays.calendar import format_date_zh


class Command(BaseCommand):
    help = "向承办人和负责人发送答复期限提醒（即将到期、已超期），可重复运行，不会重复发送。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_REMINDER_WORKDAYS,
            help="提前提醒的工作日数（默认3）。",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days < 0 or days > REPLY.workdays:
            self.stderr.write(f"提前提醒的工作日数应在0至{REPLY.workdays}之间。")
            raise SystemExit(2)
        notices = send_deadline_reminders(workdays=days)
        sent = [n for n in notices if n.sent]
        for n in notices:
            mark = "已提醒" if n.sent else "此前已提醒"
            self.stdout.write(
                f"{n.number}  {n.agency}  答复期限{format_date_zh(n.due_on)}  "
                f"{n.label_zh}  {mark}"
            )
        self.stdout.write(f"本次发送提醒{len(sent)}件，共{len(notices)}件到期或超期。")
