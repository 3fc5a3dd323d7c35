"""`gongkai mark_lapsed`: list applications whose 补正 or fee period has ended.

Run daily from cron. It does not close anything: whether the applicant had a
正当理由 (Art. 30) or paid in time is for the staff to judge on the case page.
Each lapse is notified to the registrar and the handler once (a conditional
update claims it); the list is printed on every run.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.cases.notices import mark_lapsed
from gongkai.workdays.calendar import format_date_zh


class Command(BaseCommand):
    help = (
        "列出补正期限或缴费期限已届满的申请，通知登记员和承办人核实处理（不自动终止）。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        notices = mark_lapsed()
        for n in notices:
            mark = "已通知" if n.sent else "此前已通知"
            self.stdout.write(
                f"{n.number}  {n.agency}  {n.label_zh}（{format_date_zh(n.due_on)}）  "
                f"{mark}"
            )
        new = sum(n.sent for n in notices)
        self.stdout.write(
            f"期限届满待处理的申请{len(notices)}件，本次新通知{new}件。"
            "请在申请页面核实后按逾期不补正或逾期未缴费处理。"
        )
