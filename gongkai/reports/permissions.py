"""Who may do what with an agency's annual report.

- the agency's own staff (any role but 上级监督) compile it and edit its figures
  and narrative;
- 机关管理员 or 负责人 submit it; 负责人 approve or return it; 负责人 or
  机关管理员 publish the approved report and import last year's published one;
- supervisors of the agency (or of any agency above it) read it.

A government's 汇总 is built, its narrative written and it is submitted by the
supervising office (上级监督 of that government or above) or by the government's
own 负责人/机关管理员; approval and publication are the government's 负责人's
(and publication its 机关管理员's), as for any report.
"""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import (
    AnyUser,
    agencies_visible_to,
    can_view_agency,
    has_role,
    supervised_paths,
)
from gongkai.agencies.models import Agency
from gongkai.reports.models import AnnualReport

EDIT_ROLES = (Role.REGISTRAR, Role.HANDLER, Role.HEAD, Role.ADMIN)
SUBMIT_ROLES = (Role.ADMIN, Role.HEAD)
APPROVE_ROLES = (Role.HEAD,)
PUBLISH_ROLES = (Role.HEAD, Role.ADMIN)
IMPORT_ROLES = (Role.HEAD, Role.ADMIN)


def can_edit(user: AnyUser, agency: Agency) -> bool:
    return has_role(user, agency, *EDIT_ROLES)


def can_submit(user: AnyUser, agency: Agency) -> bool:
    return has_role(user, agency, *SUBMIT_ROLES)


def can_approve(user: AnyUser, agency: Agency) -> bool:
    return has_role(user, agency, *APPROVE_ROLES)


def can_publish(user: AnyUser, agency: Agency) -> bool:
    return has_role(user, agency, *PUBLISH_ROLES)


def can_import(user: AnyUser, agency: Agency) -> bool:
    return has_role(user, agency, *IMPORT_ROLES)


def supervises(user: AnyUser, agency: Agency) -> bool:
    """``user`` is 上级监督 of ``agency`` or of an agency above it."""
    return any(agency.path.startswith(p) for p in supervised_paths(user))


def can_aggregate(user: AnyUser, agency: Agency) -> bool:
    """May build and submit ``agency``'s 汇总."""
    return supervises(user, agency) or has_role(user, agency, *SUBMIT_ROLES)


def can_edit_report(user: AnyUser, obj: AnnualReport, agency: Agency) -> bool:
    if obj.aggregated:
        return can_aggregate(user, agency)
    return can_edit(user, agency)


def can_submit_report(user: AnyUser, obj: AnnualReport, agency: Agency) -> bool:
    if obj.aggregated:
        return can_aggregate(user, agency)
    return can_submit(user, agency)


def supervised_agencies(user: AnyUser) -> QuerySet[Agency]:
    """Every agency at or below the agencies ``user`` supervises."""
    from gongkai.agencies.selectors import agencies_below_any

    paths = supervised_paths(user)
    if not paths:
        return Agency.objects.none()
    return Agency.objects.filter(agencies_below_any(paths)).order_by("path")


def can_view_report(user: AnyUser, obj: AnnualReport) -> bool:
    return obj.agency is not None and can_view_agency(user, obj.agency)


def reports_visible_to(user: AnyUser) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(agency__in=agencies_visible_to(user))


def agencies_with_role(user: AnyUser, *roles: Role) -> QuerySet[Agency]:
    from gongkai.accounts.models import Membership

    if not (user.is_authenticated and user.is_active):
        return Agency.objects.none()
    ids = Membership.objects.filter(user=user, role__in=roles).values("agency_id")
    return Agency.objects.filter(pk__in=ids)
