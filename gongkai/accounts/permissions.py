"""Who holds which role where: plain functions over Membership (no caching)."""

from __future__ import annotations

from typing import TypeGuard

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.users import AnyUser, is_active_user
from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import agencies_below_any

#: Roles whose holders work on the agency's own applications and may see
#: applicants' personal data in full.
CASEWORK_ROLES: frozenset[Role] = frozenset({Role.REGISTRAR, Role.HANDLER, Role.HEAD})
#: Roles that do not make their holder one of the agency's own staff: a
#: supervisor reads from above; a 日历管理员 keeps the national calendar only.
OUTSIDE_ROLES: tuple[Role, ...] = (Role.SUPERVISOR, Role.CALENDAR)


def _active(user: AnyUser) -> TypeGuard[User]:
    return is_active_user(user)


def has_role(user: AnyUser, agency: Agency, *roles: Role) -> bool:
    if not _active(user):
        return False
    return Membership.objects.filter(user=user, agency=agency, role__in=roles).exists()


def casework_agency_ids(user: AnyUser) -> frozenset[int]:
    """The agencies whose applications ``user`` works on (登记员, 承办人, 负责人).

    There, and only there, ``user`` reads applicants' and third parties' names
    in full (``gongkai.cases.privacy``).
    """
    if not _active(user):
        return frozenset()
    return frozenset(
        Membership.objects.filter(user=user, role__in=CASEWORK_ROLES).values_list(
            "agency_id", flat=True
        )
    )


def member_agencies(user: AnyUser) -> QuerySet[Agency]:
    """Agencies where ``user`` holds a role of its own staff (not supervisor, 日历管理员)."""
    if not _active(user):
        return Agency.objects.none()
    own = Membership.objects.filter(user=user).exclude(role__in=OUTSIDE_ROLES)
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
    own = Membership.objects.filter(user=user).exclude(role__in=OUTSIDE_ROLES)
    q = Q(pk__in=own.values("agency_id"))
    for path in supervised_paths(user):
        q |= Q(path__startswith=path)
    return Agency.objects.filter(q)


def can_view_agency(user: AnyUser, agency: Agency) -> bool:
    if not _active(user):
        return False
    if (
        Membership.objects.filter(user=user, agency=agency)
        .exclude(role__in=OUTSIDE_ROLES)
        .exists()
    ):
        return True
    return any(agency.path.startswith(p) for p in supervised_paths(user))


def administered_paths(user: AnyUser) -> list[str]:
    """Tree paths of the agencies where ``user`` is 机关管理员 (each covers its subtree)."""
    if not _active(user):
        return []
    return list(
        Membership.objects.filter(user=user, role=Role.ADMIN).values_list(
            "agency__path", flat=True
        )
    )


def manageable_agencies(user: AnyUser) -> QuerySet[Agency]:
    """Agencies whose accounts ``user`` manages: where they are 机关管理员, and below."""
    paths = administered_paths(user)
    if not paths:
        return Agency.objects.none()
    return Agency.objects.filter(agencies_below_any(paths))


def can_manage_staff(user: AnyUser, agency: Agency) -> bool:
    """机关管理员 manage the accounts and roles of their agency and its sub-units."""
    return any(agency.path.startswith(p) for p in administered_paths(user))


def accounts_managed_by(user: AnyUser) -> QuerySet[User]:
    """Accounts ``user`` manages: whose home agency is in reach, or, for an account
    without a home agency (made before profiles), a role held there."""
    paths = administered_paths(user)
    if not paths:
        return User.objects.none()
    home = Q()
    held = Q()
    for path in paths:
        home |= Q(staff_profile__agency__path__startswith=path)
        held |= Q(agency__path__startswith=path)
    homeless = Q(staff_profile__isnull=True) | Q(staff_profile__agency__isnull=True)
    with_role = Membership.objects.filter(held).values("user_id")
    return User.objects.filter(home | (homeless & Q(pk__in=with_role))).distinct()


def can_manage_account(user: AnyUser, account: User) -> bool:
    return accounts_managed_by(user).filter(pk=account.pk).exists()


def roles_out_of_reach(user: AnyUser, account: User) -> QuerySet[Membership]:
    """``account``'s roles in agencies ``user`` does not manage."""
    mine = manageable_agencies(user).values("pk")
    return Membership.objects.filter(user=account).exclude(agency__in=mine)


def is_staff_member(user: AnyUser) -> bool:
    """Holds at least one role somewhere (may use the staff pages)."""
    return _active(user) and Membership.objects.filter(user=user).exists()


def is_researcher(user: AnyUser) -> bool:
    """An active account opened as a researcher (``Researcher``)."""
    from gongkai.accounts.models import Researcher

    return _active(user) and Researcher.objects.filter(user=user).exists()


def is_supervisor(user: AnyUser) -> bool:
    """Holds the 上级监督 role in some agency."""
    return (
        _active(user)
        and Membership.objects.filter(user=user, role=Role.SUPERVISOR).exists()
    )


def separation_refuses(
    agency: Agency, acting_user: AnyUser, maker_id: int | None
) -> bool:
    """分权审批: ``acting_user`` made the thing (``maker_id``) and may not approve it.

    Only while ``agency.separation_of_duties`` is on (the default). Used for a
    drafted decision, an extension request and a submitted annual report.
    """
    return bool(
        agency.separation_of_duties
        and maker_id is not None
        and getattr(acting_user, "pk", None) == maker_id
    )
