"""Who may read, record and publish.

The agency's own staff (any role but 上级监督) record suggestions, proposals and
work plans; only its 负责人 approves publishing a reply; supervisors of the
agency or of any agency above it read everything read-only; anyone else sees nothing.
"""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import (
    AnyUser,
    agencies_visible_to,
    can_view_agency,
    has_role,
    member_agencies,
)
from gongkai.agencies.models import Agency

EDIT_ROLES = (Role.REGISTRAR, Role.HANDLER, Role.HEAD, Role.ADMIN)


def can_edit(user: AnyUser, agency: Agency) -> bool:
    return has_role(user, agency, *EDIT_ROLES)


def can_publish(user: AnyUser, agency: Agency) -> bool:
    """Publishing a reply is approved by the agency's 负责人."""
    return has_role(user, agency, Role.HEAD)


def can_view(user: AnyUser, agency: Agency) -> bool:
    return can_view_agency(user, agency)


def visible_agencies(user: AnyUser) -> QuerySet[Agency]:
    return agencies_visible_to(user)


def editable_agencies(user: AnyUser) -> QuerySet[Agency]:
    """Every non-supervisor role edits (EDIT_ROLES), so these are the member agencies."""
    return member_agencies(user)
