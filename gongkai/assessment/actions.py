"""The assessment's workflow actions: recompute, submit, return, approve, publish.

Each row becomes one URL and one POST view (``gongkai.web.actions``): the
assessment is loaded through the access helper (404 for anyone who does not run
it), the role is checked (403), the form validated (400 with the Chinese
errors), then exactly one service of ``gongkai.assessment.services`` runs,
which checks the rules again and writes the event.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gongkai.assessment import permissions as perms
from gongkai.assessment.forms import ReturnForm
from gongkai.assessment.models import Assessment
from gongkai.assessment.services import (
    assessment_approve,
    assessment_compute,
    assessment_publish,
    assessment_return,
    assessment_submit,
)
from gongkai.assessment.views import get_assessment, render_detail
from gongkai.web.actions import ActionSpec, ActionTarget
from gongkai.web.forms import EmptyForm

TARGET = ActionTarget[Assessment](
    name="assessment",
    load=get_assessment,
    render=render_detail,
    url=lambda obj: reverse("assessment:detail", args=[obj.pk]),
)

S = Assessment.Status

SPECS: list[ActionSpec[Any]] = [
    ActionSpec(
        "compute",
        TARGET,
        title="按现有记录重新统计",
        form_class=EmptyForm,
        service=assessment_compute,
        success="已按现有记录重新统计各单位的数据和得分。",
        allowed=perms.can_manage,
        available=lambda a: a.editable,
        button="按现有记录重新统计",
    ),
    ActionSpec(
        "submit",
        TARGET,
        title="提交审核",
        form_class=EmptyForm,
        service=assessment_submit,
        success="已提交审核。",
        allowed=perms.can_manage,
        available=lambda a: a.editable,
        button="提交负责人审核",
    ),
    ActionSpec(
        "return",
        TARGET,
        title="退回修改",
        form_class=ReturnForm,
        service=assessment_return,
        success="已退回修改。",
        allowed=perms.can_review,
        forbidden="只有考核机关的负责人可以退回，且不能退回自己提交的考核。",
        available=lambda a: a.status == S.SUBMITTED,
        button="退回修改",
        danger=True,
    ),
    ActionSpec(
        "approve",
        TARGET,
        title="审核通过",
        form_class=EmptyForm,
        service=assessment_approve,
        success="已审核通过，考核数据和得分已固定。",
        allowed=perms.can_review,
        forbidden="只有考核机关的负责人可以审核，且不能审核自己提交的考核。",
        available=lambda a: a.status == S.SUBMITTED,
        button="审核通过（通过后数据和得分固定）",
    ),
    ActionSpec(
        "publish",
        TARGET,
        title="公布",
        form_class=EmptyForm,
        service=assessment_publish,
        success="考核结果已在门户网站公布。",
        allowed=perms.can_publish,
        forbidden="只有考核机关的负责人可以公布考核结果。",
        available=lambda a: a.status == S.APPROVED,
        button="在门户网站公布",
    ),
]
