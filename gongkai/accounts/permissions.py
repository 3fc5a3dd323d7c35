"""Who holds which role where: plain functions over Membership (no caching)."""

from __future__ import annotations

from typing import TypeGuard

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.users import AnyUser, is_active_user
from gongkai.agencies.models import Agency

#: Roles whose holders work on the agency's own applications and may see
#: applicants' personal data in full.
CASEWORK_ROLES: frozenset[Role] = frozenset({Role.REGISTRAR, Role.HANDLER, Role.HEAD})


def _active(user: AnyUser) -> TypeGuard[User]:
    return is_active_user(user)


def roles_in(user: AnyUser, agency: Agency) -> set[Role]:
    """The roles ``user`` holds in ``agency`` itself."""
    if not _active(user):
        return set()
    return {
        Role(r)
        for r in Membership.objects.filter(user=user, agency=agency).values_list(
            "role", flat=True
        )
    }


def has_role(user: AnyUser, agency: Agency, *roles: Role) -> bool:
    if not _active(user):
        return False
    return Membership.objects.filter(user=user, agency=agency, role__in=roles).exists()


def member_agencies(user: AnyUser) -> QuerySet[Agency]:
    """Agencies where ``user`` holds any role other than supervisor."""
    if not _active(user):
        return Agency.objects.none()
    own = Membership.objects.filter(user=user).exclude(role=Role.SUPERVISOR)
    return Agency.objects.filter(pk__in=own.values("agency_id"))


def supervised_paths(user: AnyUser) -> list[str]:
    """Tree paths of the agencies ``user`` supervises (each covers its subtree)."""
    if not _active(user):
        return []
    return list(
        Membership.objects.filter(user=user, role=Role.SUPERVISOR).values_list(
            "agency__path", flat=True
        )
    )


def agencies_visible_to(user: AnyUser) -> QuerySet[Agency]:
    """Agencies whose applications ``user`` may read: own agencies, supervised subtrees."""
    if not _active(user):
        return Agency.objects.none()
    own = Membership.objects.filter(user=user).exclude(role=Role.SUPERVISOR)
    q = Q(pk__in=own.values("agency_id"))
    for path in supervised_paths(user):
        q |= Q(path__startswith=path)
    return Agency.objects.filter(q)


def can_view_agency(user: AnyUser, agency: Agency) -> bool:
    if not _active(user):
        return False
    if (
        Membership.objects.filter(user=user, agency=agency)
        .exclude(role=Role.SUPERVISOR)
        .exists()
    ):
        return True
    return any(agency.path.startswith(p) for p in supervised_paths(user))


def can_manage_staff(user: AnyUser, agency: Agency) -> bool:
    """机关管理员 manage the users and roles of their own agency."""
    return has_role(user, agency, Role.ADMIN)


def is_staff_member(user: AnyUser) -> bool:
    """Holds at least one role somewhere (may use the staff pages)."""
    return _active(user) and Membership.objects.filter(user=user).exists()
