"""`gongkai send_notifications`: enqueue e-mails and text messages due for (another) try."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.notifications.services import notifications_retry_due


class Command(BaseCommand):
    help = (
        "把到期重试或尚未进入队列的邮件、短信交给后台任务发送（每隔几分钟运行一次；"
        "可重复运行，同一条通知不会重复发送）。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        ids = notifications_retry_due()
        self.stdout.write(f"已安排发送{len(ids)}条通知。")
