"""Who may read which notifications (pure functions over memberships).

- Everyone reads their own inbox.
- The delivery list of an agency (e-mails and text messages with their state,
  applicants' addresses included) is for the agency's 登记员, 负责人 and 机关管理员;
  a 承办人 sees the messages of the applications assigned to them. Supervisors see
  none (applicants' personal data).
- A retry may be asked for by whoever may see the message.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.users import AnyUser, is_active_user
from gongkai.notifications.models import Channel, Notification

OFFICE_ROLES = frozenset({Role.REGISTRAR, Role.HEAD, Role.ADMIN})


def deliveries_visible_to(user: AnyUser) -> QuerySet[Notification]:
    """E-mails and text messages ``user`` may see, with their delivery state."""
    if not is_active_user(user):
        return Notification.objects.none()
    office = Membership.objects.filter(user=user, role__in=OFFICE_ROLES).values(
        "agency_id"
    )
    handler = Membership.objects.filter(user=user, role=Role.HANDLER).values(
        "agency_id"
    )
    return Notification.objects.exclude(channel=Channel.INBOX).filter(
        Q(agency_id__in=office)
        | Q(agency_id__in=handler, case__assignee=user)
        | Q(recipient=user)
    )


def can_view_delivery(user: AnyUser, notification: Notification) -> bool:
    return deliveries_visible_to(user).filter(pk=notification.pk).exists()


def inbox_of(user: AnyUser) -> QuerySet[Notification]:
    if not is_active_user(user):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user, channel=Channel.INBOX)
