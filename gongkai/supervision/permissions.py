"""Who may see and do what in supervision: pure functions, in pairs.

- A bulletin is overseen by the supervisors of its agency (上级监督 at it or
  above it) and by the agency's own 负责人: they see, draft and edit it.
- Only the 负责人 of the supervising agency signs and issues it.
- The agencies a bulletin names see it once issued; everyone else gets a 404.
- Evaluations of a reply are seen by whoever may see the application: the
  agency's staff and its supervisors (``gongkai.cases.permissions``).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.permissions import (
    AnyUser,
    has_role,
    member_agencies,
    supervised_paths,
)
from gongkai.accounts.users import is_active_user
from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import agencies_below_any
from gongkai.supervision.models import Bulletin


def can_oversee(user: AnyUser, agency: Agency) -> bool:
    """May draft and read bulletins of ``agency`` (over the agencies below it)."""
    if not is_active_user(user):
        return False
    if any(agency.path.startswith(p) for p in supervised_paths(user)):
        return True
    return has_role(user, agency, Role.HEAD)


def agencies_overseen_by(user: AnyUser) -> QuerySet[Agency]:
    """Agencies ``user`` may issue bulletins for, that have agencies below them."""
    if not is_active_user(user):
        return Agency.objects.none()
    heads = Membership.objects.filter(user=user, role=Role.HEAD).values("agency_id")
    q = agencies_below_any(supervised_paths(user)) | Q(pk__in=heads)
    return Agency.objects.filter(q, children__isnull=False).distinct().order_by("path")


def can_issue(user: AnyUser, bulletin: Bulletin) -> bool:
    """签发: the 负责人 of the supervising agency (``who_may_issue`` says so)."""
    return has_role(user, bulletin.agency, Role.HEAD)


def who_may_issue(bulletin: Bulletin) -> str:
    """The sentence the pages show about ``can_issue``: the same rule, in words."""
    return (
        f"签发印发和在门户网站公开须由{bulletin.agency.name}的"
        f"{Role.HEAD.label}办理；上级监督人员可以起草、修改和重新统计。"
    )


def can_view_bulletin(user: AnyUser, bulletin: Bulletin) -> bool:
    if can_oversee(user, bulletin.agency):
        return True
    if bulletin.status != Bulletin.Status.ISSUED:
        return False
    return bulletin.agencies.filter(pk__in=member_agencies(user)).exists()


def bulletins_visible_to(user: AnyUser) -> QuerySet[Bulletin]:
    if not is_active_user(user):
        return Bulletin.objects.none()
    overseen = Q(agency__in=agencies_overseen_by(user))
    named = Q(status=Bulletin.Status.ISSUED, agencies__in=member_agencies(user))
    ids = Bulletin.objects.filter(overseen | named).values("pk")
    return Bulletin.objects.filter(pk__in=ids).select_related("agency")
