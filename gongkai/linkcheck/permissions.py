"""Who sees an agency's link check and who may change or start it."""

from __future__ import annotations

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import can_view_agency, has_role
from gongkai.accounts.users import AnyUser
from gongkai.agencies.models import Agency


def can_view(user: AnyUser, agency: Agency) -> bool:
    """The agency's staff and the supervisors above it."""
    return can_view_agency(user, agency)


def can_manage(user: AnyUser, agency: Agency) -> bool:
    """The agency's 机关管理员 and 负责人: settings and 立即检查."""
    return has_role(user, agency, Role.ADMIN, Role.HEAD)
