"""The demo office's annual report of last year, compiled from its records."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.accounts.models import Membership, Role
from gongkai.agencies.models import Agency
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import agency_reports, report_data
from gongkai.reports.services import (
    report_compile,
    report_set_sections,
    report_set_table2,
)


def report_demo_seed(*, year: int | None = None) -> AnnualReport | None:
    """Compile the demo office's report of last year (idempotent; for ``gongkai demo``).

    Uses the demo's 市政府办公室 and its 机关管理员 (``gongkai.demo.province``): compiles
    from the records, enters table 二 as zeros where blank and a short narrative.
    Leaves it a draft, so that the demo shows the workflow. Returns None when
    the demo agency is not loaded.
    """
    agency = Agency.objects.filter(code="demo-office").first()
    if agency is None:
        return None
    member = (
        Membership.objects.filter(agency=agency, role=Role.ADMIN)
        .select_related("user")
        .first()
    )
    if member is None:
        return None
    user = get_user_model().objects.get(pk=member.user_id)
    year = year or timezone.localdate().year - 1
    existing = agency_reports(agency, year).first()
    if existing is not None:
        return existing
    obj = report_compile(agency=agency, year=year, acting_user=user)
    report = report_data(obj)
    blanks = {
        c.ref: 0 for c in report.cells() if c.table == "table2" and c.value is None
    }
    obj = report_set_table2(obj=obj, values=blanks, acting_user=user)
    return report_set_sections(
        obj=obj,
        sections={
            "overview": f"{year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，"
            "依法做好主动公开、依申请公开和政府信息管理等各项工作。（演示数据）",
            "problems": "部分依申请公开答复的说理还不够充分，下一步将加强培训。（演示数据）",
        },
        acting_user=user,
    )
