"""`gongkai backup`: the database and every stored file, with a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "备份数据库（PostgreSQL：pg_dump 自定义格式；SQLite：备份接口的一致副本）和"
        "文件存储中的全部文件，写入 OUTPUT 下新建的 gongkai-backup-日期-时间 目录，"
        "附带含 SHA-256 校验和的 manifest.json。用 gongkai restore 恢复。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            required=True,
            help="存放备份的目录（备份在其中新建一个子目录）",
        )

    def handle(self, *args: Any, output: Path, **options: Any) -> None:
        try:
            summary = backup(output, say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"备份完成：{summary.path}（数据库 {summary.database}，"
            f"{summary.files} 个文件，{summary.bytes / 1e6:.1f} MB）"
        )
        if summary.missing:
            self.stderr.write(
                f"注意：有 {len(summary.missing)} 个记录引用的文件在存储中不存在"
                f"（见 manifest.json 的 missing_files），例如 {summary.missing[0]}"
            )
