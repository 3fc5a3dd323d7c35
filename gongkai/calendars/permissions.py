"""Who may see and who may change the working-day calendar.

The national calendar decides every statutory deadline in the country, so only
a superuser, a 机关管理员 of a top-level agency (one without a 上级机关), or a
日历管理员 (a role that agency's 机关管理员 grants, held only there) may enter or
correct it. A region's own days may also be set by a 机关管理员 of the
agency the region is linked to, or of any agency above it. Every logged-in
member of staff may look at the calendar.

Roles come from `gongkai.accounts.models.Membership` (one row per user,
agency and role); the Django permission `calendars.view_holidaynotice` still
lets an account without a role (e.g. an auditor) read the pages.
"""

from __future__ import annotations

from typing import Any

from gongkai.accounts.models import Membership, Role
from gongkai.calendars.loader import agency_lineage
from gongkai.calendars.models import Region

VIEW_PERMISSION = "calendars.view_holidaynotice"


def _active(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_view_calendar(user: Any) -> bool:
    """Any logged-in member of staff: a role somewhere, is_staff, or the view permission."""
    if not _active(user):
        return False
    return bool(
        user.is_superuser
        or user.is_staff
        or user.has_perm(VIEW_PERMISSION)
        or Membership.objects.filter(user=user).exists()
    )


def can_edit_national(user: Any) -> bool:
    """Superusers, 机关管理员 and 日历管理员 of a top-level agency; also create regions."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(
        user=user, role__in=(Role.ADMIN, Role.CALENDAR), agency__parent__isnull=True
    ).exists()


def can_edit_region(user: Any, region: Region) -> bool:
    """National editors, or a 机关管理员 of the region's agency or one above it."""
    if can_edit_national(user):
        return True
    if not _active(user) or region.agency is None:
        return False
    return Membership.objects.filter(
        user=user, role=Role.ADMIN, agency_id__in=agency_lineage(region.agency)
    ).exists()
