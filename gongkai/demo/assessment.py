"""The demo city's 绩效考核 of this year so far (the demo's records are of the
last twelve months): the default indicators, a sheet per
agency below the city, the manual indicator scored with a reason and a small
evidence file, submitted for the city's 负责人 to approve (for ``gongkai demo``).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.accounts.models import Membership, Role
from gongkai.agencies.models import Agency
from gongkai.assessment import services
from gongkai.assessment.models import Assessment

#: The demo's manual scores: (score, reason) by agency code.
MANUAL = {
    "demo-office": ("9", "工作要点12项任务全部按期完成，1项公开栏目更新滞后。"),
    "demo-natres": ("8", "工作要点10项任务完成9项，规划信息专栏建设未完成。"),
    "demo-housing": ("8.5", "工作要点任务按期完成，保障性住房信息公开较完整。"),
    "demo-county": ("7", "工作要点任务完成8项，基层政务公开标准目录更新不及时。"),
    "demo-town": ("7.5", "村务公开与政务公开衔接较好，公开栏更新不够及时。"),
}


def assessment_demo_seed(*, year: int | None = None) -> Assessment | None:
    """Create (once) the demo city's assessment of ``year`` (default this year).

    Made by the city's 上级监督 (``jiandu``) and submitted, so that the city's
    负责人 (``shifuzeren``) can approve and publish it. None when the demo is
    not loaded.
    """
    city = Agency.objects.filter(code="demo-city").first()
    member = (
        Membership.objects.filter(agency=city, role=Role.SUPERVISOR).first()
        if city
        else None
    )
    if city is None or member is None:
        return None
    year = year or timezone.localdate().year
    existing = Assessment.objects.filter(agency=city, year=year).first()
    if existing is not None:
        return existing
    user = get_user_model().objects.get(pk=member.user_id)
    assessment = services.assessment_create(agency=city, year=year, acting_user=user)
    manual = assessment.indicators.get(key="work_plan")
    for sheet in assessment.sheets.select_related("agency"):
        score, reason = MANUAL.get(sheet.agency.code, ("8", "工作要点任务按期完成。"))
        services.manual_score_set(
            sheet=sheet,
            indicator=manual,
            score=Decimal(score),
            reason=reason,
            files=[
                SimpleUploadedFile(
                    "工作要点落实台账.txt",
                    f"{sheet.agency.name}{year}年政务公开工作要点落实台账\n{reason}\n".encode(),
                )
            ],
            acting_user=user,
        )
    return services.assessment_submit(assessment=assessment, acting_user=user)
