"""Who may see and do what in 绩效考核: pure functions over roles.

- An assessment is run by its office's overseers, as the 季通报 is
  (``supervision.permissions.can_oversee``: supervisors at or above the office,
  and the office's own 负责人): they create it, edit the indicators, compute the
  sheets, enter manual scores and submit it.
- Only a 负责人 of the office approves or returns it, and not the person who
  submitted it (分权审批); only a 负责人 publishes it.
- Everyone else gets a 404 on its staff pages; a published assessment is public.
"""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import has_role
from gongkai.accounts.users import AnyUser, is_active_user
from gongkai.agencies.models import Agency
from gongkai.assessment.models import Assessment
from gongkai.supervision.permissions import agencies_overseen_by, can_oversee


def offices_for(user: AnyUser) -> QuerySet[Agency]:
    """Agencies ``user`` may run assessments for (with agencies below them)."""
    return agencies_overseen_by(user)


def can_manage(user: AnyUser, assessment: Assessment) -> bool:
    return can_oversee(user, assessment.agency)


def can_review(user: AnyUser, assessment: Assessment) -> bool:
    """审核 or 退回: a 负责人 of the office who did not submit it."""
    return (
        has_role(user, assessment.agency, Role.HEAD)
        and getattr(user, "pk", None) != assessment.submitted_by_id
    )


def can_publish(user: AnyUser, assessment: Assessment) -> bool:
    return has_role(user, assessment.agency, Role.HEAD)


def who_may_review(assessment: Assessment) -> str:
    """The sentence the page shows about ``can_review``: the same rule, in words."""
    return (
        f"审核、退回和公布须由{assessment.agency.name}的{Role.HEAD.label}办理，"
        "提交审核的人不能审核自己提交的考核结果。"
    )


def assessments_visible_to(user: AnyUser) -> QuerySet[Assessment]:
    if not is_active_user(user):
        return Assessment.objects.none()
    return Assessment.objects.filter(agency__in=offices_for(user)).select_related(
        "agency"
    )
