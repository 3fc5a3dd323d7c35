"""`gongkai import_records FILE --agency CODE --user NAME [--commit]`: the CLI twin
of /staff/imports/ for large files: the same checks, preview and one-transaction
commit, run in this process instead of the worker, without the upload size limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.agencies.models import Agency
from gongkai.imports.errors import ImportRefused
from gongkai.imports.models import ImportBatch, Kind
from gongkai.imports.services import (
    import_commit,
    import_confirm,
    import_upload,
    import_validate,
)

SHOWN_PROBLEMS = 50


class Command(BaseCommand):
    help = "从 Excel 导入本机关的历史记录：校验并预览；加 --commit 则确认导入（全部成功或全部不写入）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=".xlsx 文件（用 /staff/imports/ 的模板填写）")
        parser.add_argument("--agency", required=True, help="机关代码")
        parser.add_argument(
            "--user", required=True, help="以哪位负责人或机关管理员的名义导入（用户名）"
        )
        parser.add_argument("--kind", default=Kind.APPLICATIONS, choices=Kind.values)
        parser.add_argument("--commit", action="store_true", help="校验通过后确认导入")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"没有代码为“{options['agency']}”的机关。")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"没有用户名为“{options['user']}”的账号。")
        try:
            with path.open("rb") as handle:
                batch = import_upload(
                    agency=agency,
                    kind=options["kind"],
                    upload=File(handle, name=path.name),  # type: ignore[arg-type]
                    acting_user=user,
                    max_bytes=None,
                    enqueue=False,
                )
            batch = import_validate(batch_id=batch.pk)
        except ImportRefused as exc:
            raise CommandError(exc.message_zh) from exc
        self.stdout.write(f"导入批次 {batch.pk}：{batch.get_status_display()}")
        if batch.status == ImportBatch.Status.INVALID:
            for p in batch.problems[:SHOWN_PROBLEMS]:
                where = f"第{p['row']}行" if p["row"] else "文件"
                column = f"「{p['column']}」" if p["column"] else ""
                self.stdout.write(f"  {where}{column}：{p['message']}")
            raise CommandError(batch.message or "文件有错误，未导入任何记录。")
        self.stdout.write(
            f"数据行 {batch.rows} 行：将新增 {batch.new_rows} 件，已导入过（跳过）{batch.skipped_rows} 件。"
        )
        for year, lines in batch.preview.items():
            table = {
                Kind.DISPUTES: "表四",
                Kind.CATALOGUE: "表二（规章、行政规范性文件）",
            }.get(Kind(batch.kind), "表三（合计列）")
            self.stdout.write(f"{year}年度报告{table}：")
            for line in lines:
                self.stdout.write(
                    f"  {line['label']}：{line['before']} + {line['adds']} = {line['after']}"
                )
        if not options["commit"]:
            self.stdout.write("未导入（预览）。确认无误后加 --commit 再运行一次。")
            return
        try:
            import_confirm(batch=batch, acting_user=user, enqueue=False)
        except ImportRefused as exc:
            raise CommandError(exc.message_zh) from exc
        batch = import_commit(batch_id=batch.pk)
        if batch.status != ImportBatch.Status.COMMITTED:
            raise CommandError(batch.message)
        self.stdout.write(batch.message)
