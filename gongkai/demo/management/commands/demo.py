"""`gongkai demo`: load the demo province (once) and print the staff accounts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.demo.assessment import assessment_demo_seed
from gongkai.demo.catalogue import seed as catalogue_seed
from gongkai.demo.province import ACCOUNTS, AGENCIES, DEMO_PASSWORD, load_demo
from gongkai.demo.reports import report_demo_seed


class Command(BaseCommand):
    help = "载入演示数据：示范省的机关、各角色工作人员账号和一年的政府信息公开申请（可重复运行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-letters", action="store_true", help="不生成示例文书（更快）。"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        names = {spec.code: spec.name for spec in AGENCIES}
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, full_name, code, roles in ACCOUNTS:
            role_text = "、".join(r.label for r in roles)
            self.stdout.write(
                f"  {username:<12} {full_name:<14} {names[code]} · {role_text}"
            )
        self.stdout.write(
            "工作平台：/staff/  登录：/accounts/login/  在线申请：/apply/  查询进度：/track/"
        )
        result = load_demo(letters=not options["no_letters"], out=self.stdout.write)
        if result["cases"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"已生成 {result['cases']} 件申请、{result['letters']} 份示例文书。"
                )
            )
        else:
            self.stdout.write("演示数据已存在，未重复生成；账号和密码已重置为上述值。")
        shown = catalogue_seed()
        self.stdout.write(
            f"主动公开目录：已发布 {shown['published']} 条，办理中 {shown['open']} 条（见 /catalogue/）"
        )
        report = report_demo_seed()
        if report is not None:
            self.stdout.write(
                f"年度报告草稿：{report}（由办理记录生成，见 /staff/reports/{report.pk}/）"
            )
        assessment = assessment_demo_seed()
        if assessment is not None:
            self.stdout.write(
                f"绩效考核：{assessment.title}（{assessment.get_status_display()}，"
                f"见 /staff/assessment/{assessment.pk}/；由 shifuzeren 审核、公布）"
            )
