"""Delivery of notifications in the ``django.tasks`` worker."""

from __future__ import annotations

from django.tasks import task


@task()
def deliver_notification(notification_id: int) -> str:
    """One attempt; a failure schedules the next one (``run_after``) where the
    backend can defer, else ``gongkai send_notifications`` picks it up."""
    from gongkai.notifications.models import State
    from gongkai.notifications.services import enqueue_delivery, notification_deliver

    notification = notification_deliver(notification_id=notification_id)
    if notification.state == State.PENDING and notification.next_attempt_at:
        enqueue_delivery(notification.pk, run_after=notification.next_attempt_at)
    return str(notification.state)
