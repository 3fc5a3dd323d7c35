"""Who may read and record disputes.

The agency's own staff (any role but 上级监督) record and edit its disputes;
supervisors of the agency or of any agency above it read them.
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
from gongkai.disputes.models import Dispute

EDIT_ROLES = (Role.REGISTRAR, Role.HANDLER, Role.HEAD, Role.ADMIN)


def can_edit_disputes(user: AnyUser, agency: Agency) -> bool:
    return has_role(user, agency, *EDIT_ROLES)


def can_view_dispute(user: AnyUser, dispute: Dispute) -> bool:
    return can_view_agency(user, dispute.agency)


def disputes_visible_to(user: AnyUser) -> QuerySet[Dispute]:
    return Dispute.objects.filter(agency__in=agencies_visible_to(user))


def agencies_editable_by(user: AnyUser) -> QuerySet[Agency]:
    return member_agencies(user)
