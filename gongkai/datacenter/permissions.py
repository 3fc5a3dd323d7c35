"""Who may use the data center, and whose collections they see.

The data center is for supervisors (上级监督 in some agency) and researcher
accounts (``accounts.Researcher``). A supervisor's uploads belong to the
agency they supervise from (scope ``agency:<id>``), shared with the other
supervisors of that agency and of the agencies above it; a researcher's
belong to the researcher alone (``user:<id>``). Nobody else sees them: not a
supervisor of another branch of the tree, not an agency's own staff, not
another researcher. The data center reads nothing of the agencies' own records
(no draft report, no application) — only what was uploaded into a scope.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.permissions import (
    is_researcher,
    is_supervisor,
    supervised_paths,
)
from gongkai.accounts.users import AnyUser, is_active_user
from gongkai.agencies.models import Agency


def agency_scope(agency: Agency) -> str:
    return f"agency:{agency.pk}"


def user_scope(user: AnyUser) -> str:
    return f"user:{user.pk}"


def can_use_datacenter(user: AnyUser) -> bool:
    return is_supervisor(user) or is_researcher(user)


def workspaces_of(user: AnyUser) -> QuerySet[Agency]:
    """The agencies ``user`` supervises from: where their uploads go."""
    if not is_active_user(user):
        return Agency.objects.none()
    held = Membership.objects.filter(user=user, role=Role.SUPERVISOR)
    return Agency.objects.filter(pk__in=held.values("agency_id")).order_by("path")


def visible_scopes(user: AnyUser) -> list[str]:
    """Every scope ``user`` may read (no caching: roles change)."""
    if not is_active_user(user):
        return []
    scopes: list[str] = []
    if is_researcher(user):
        scopes.append(user_scope(user))
    paths = supervised_paths(user)
    if paths:
        from gongkai.datacenter.models import ImportJob

        # only agencies that hold a collection: a handful, not the whole tree
        below = Q(pk__in=[])
        for path in paths:
            below |= Q(path__startswith=path)
        holders = Agency.objects.filter(
            below, pk__in=ImportJob.objects.values("workspace_id")
        )
        scopes.extend(f"agency:{pk}" for pk in holders.values_list("pk", flat=True))
    return scopes


def upload_scopes(user: AnyUser) -> dict[str, str]:
    """Scopes ``user`` may upload into, with their Chinese names."""
    out: dict[str, str] = {}
    if is_researcher(user):
        out[user_scope(user)] = "本人的研究数据"
    for agency in workspaces_of(user):
        out[agency_scope(agency)] = f"{agency.name}（上级监督）"
    return out


def can_view_scope(user: AnyUser, scope: str) -> bool:
    return scope in visible_scopes(user)
