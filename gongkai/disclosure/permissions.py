"""Who may do what in the catalogue (plain functions over memberships, no caching).

- 拟稿 (create, edit drafts, submit, attach, publish once approved, register
  废止): the agency's registrars, handlers, heads and administrators.
- 保密审查 (Art. 17): a handler or head of the agency who did not draft the item,
  so that the review is a second pair of eyes.
- 审核: the agency's 负责人 (head).
- 撤回: the head.
- Settings, categories and the guide: the head or the agency administrator.
- Supervisors read the items of every agency below them; nobody else sees drafts.
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
from gongkai.accounts.users import is_active_user
from gongkai.agencies.models import Agency
from gongkai.disclosure.models import Item

DRAFT_ROLES = (Role.REGISTRAR, Role.HANDLER, Role.HEAD, Role.ADMIN)
REVIEW_ROLES = (Role.HANDLER, Role.HEAD)
APPROVE_ROLES = (Role.HEAD,)
WITHDRAW_ROLES = (Role.HEAD,)
MANAGE_ROLES = (Role.HEAD, Role.ADMIN)


def can_draft(user: AnyUser, agency: Agency) -> bool:
    return has_role(user, agency, *DRAFT_ROLES)


def can_review(user: AnyUser, item: Item) -> bool:
    return (
        has_role(user, item.agency, *REVIEW_ROLES)
        and getattr(user, "pk", None) != item.created_by_id
    )


def can_approve(user: AnyUser, item: Item) -> bool:
    return has_role(user, item.agency, *APPROVE_ROLES)


def can_withdraw(user: AnyUser, item: Item) -> bool:
    return has_role(user, item.agency, *WITHDRAW_ROLES)


def can_manage(user: AnyUser, agency: Agency) -> bool:
    return has_role(user, agency, *MANAGE_ROLES)


def can_view_item(user: AnyUser, item: Item) -> bool:
    return can_view_agency(user, item.agency)


def items_visible_to(user: AnyUser) -> QuerySet[Item]:
    return Item.objects.filter(agency__in=agencies_visible_to(user))


def agencies_draftable_by(user: AnyUser) -> QuerySet[Agency]:
    if not is_active_user(user):
        return Agency.objects.none()
    return (
        member_agencies(user)
        .filter(memberships__user=user, memberships__role__in=DRAFT_ROLES)
        .distinct()
    )


def agencies_managed_by(user: AnyUser) -> QuerySet[Agency]:
    if not is_active_user(user):
        return Agency.objects.none()
    return (
        member_agencies(user)
        .filter(memberships__user=user, memberships__role__in=MANAGE_ROLES)
        .distinct()
    )
