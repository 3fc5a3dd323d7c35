"""Who sees and who records 责任追究: personnel matters, so not every member of staff.

- See: supervisors of the agency (``supervised_paths``), the agency's own
  负责人 and 机关管理员, and the 负责人 of the agency that decided.
- Draft or change a draft: a supervisor of the agency, or its own 负责人 or
  机关管理员.
- Approve: a 负责人 of the deciding agency who did not draft the record.
"""

from __future__ import annotations

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import has_role, supervised_paths
from gongkai.accounts.users import AnyUser
from gongkai.agencies.models import Agency

OWN_ROLES = (Role.HEAD, Role.ADMIN)


def supervises(user: AnyUser, agency: Agency) -> bool:
    return any(agency.path.startswith(path) for path in supervised_paths(user))


def can_record(user: AnyUser, agency: Agency) -> bool:
    return supervises(user, agency) or has_role(user, agency, *OWN_ROLES)


def can_view(user: AnyUser, agency: Agency, decided_by: Agency | None = None) -> bool:
    if can_record(user, agency):
        return True
    return decided_by is not None and has_role(user, decided_by, Role.HEAD)


def can_approve(user: AnyUser, decided_by: Agency, created_by_id: int) -> bool:
    return has_role(user, decided_by, Role.HEAD) and user.pk != created_by_id
