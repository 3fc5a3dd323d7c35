"""Who may import an agency's past records: its 负责人 and its 机关管理员."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import AnyUser, has_role
from gongkai.accounts.users import is_active_user
from gongkai.agencies.models import Agency
from gongkai.imports.models import ImportBatch

IMPORT_ROLES = (Role.HEAD, Role.ADMIN)


def can_import(user: AnyUser, agency: Agency) -> bool:
    return has_role(user, agency, *IMPORT_ROLES)


def agencies_importable_by(user: AnyUser) -> QuerySet[Agency]:
    if not is_active_user(user):
        return Agency.objects.none()
    return (
        Agency.objects.filter(
            memberships__user=user, memberships__role__in=IMPORT_ROLES
        )
        .distinct()
        .order_by("path")
    )


def batches_visible_to(user: AnyUser) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(
        agency__in=agencies_importable_by(user)
    ).select_related("agency", "uploaded_by")
