"""`gongkai prune_files`: delete stored files that no record refers to."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.ops.files import unreferenced


class Command(BaseCommand):
    help = (
        "列出（加 --delete 则删除）文件存储中没有任何记录引用、且超过 --hours "
        "小时未修改的文件：例如生成文书后所在事务回滚而留下的文件。每日运行一次。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--hours",
            type=float,
            default=24.0,
            help="只处理超过这么多小时未修改的文件（默认 24，至少 1）",
        )
        parser.add_argument("--delete", action="store_true", help="删除（默认只列出）")

    def handle(self, *args: Any, hours: float, delete: bool, **options: Any) -> None:
        if hours < 1:
            raise CommandError("--hours 至少为 1：更新的文件可能属于尚未提交的事务。")
        count = 0
        for name in unreferenced(dt.timedelta(hours=hours)):
            count += 1
            if delete:
                default_storage.delete(name)
            self.stdout.write(("已删除 " if delete else "未被引用 ") + name)
        verb = "删除了" if delete else "找到"
        self.stdout.write(f"{verb} {count} 个没有记录引用的文件。")
