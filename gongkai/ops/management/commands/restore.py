"""`gongkai restore`: load a backup made by `gongkai backup`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "从 gongkai backup 生成的目录恢复：先核对全部校验和，再把数据库恢复到当前配置的"
        "（空）数据库、把文件写回当前配置的文件存储并逐个读回核对。恢复前请停止应用和"
        "后台任务进程。目标已有数据时拒绝，除非加 --replace。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="备份目录（含 manifest.json）")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="覆盖目标数据库中已有的数据表和存储中的同名文件",
        )

    def handle(self, *args: Any, source: Path, replace: bool, **options: Any) -> None:
        try:
            summary = restore(source, replace=replace, say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"恢复完成：数据库 {summary.database}，{summary.files} 个文件"
            f"（{summary.bytes / 1e6:.1f} MB）已写回并核对。"
            "如升级过程序，请再运行 gongkai migrate_locked。"
        )
