"""`gongkai letters samples OUTDIR`: one sample of every letter kind and ground."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.cases.letter_samples import write_samples


class Command(BaseCommand):
    help = (
        "文书。samples OUTDIR：通过与网页相同的办理流程，为每种文书和每个法律依据"
        "各生成一份示例（OUTDIR/*.docx、*.pdf 和 index.json），数据库保持不变。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["samples"], help="samples：生成示例")
        parser.add_argument("outdir", help="输出目录")

    def handle(self, *args: Any, **options: Any) -> None:
        outdir = Path(options["outdir"])
        if outdir.exists() and not outdir.is_dir():
            raise CommandError(f"“{outdir}”不是目录。")
        try:
            index = write_samples(outdir, out=lambda line: self.stdout.write(line))
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"已生成{len(index)}份文书示例：{outdir / 'index.json'}")
