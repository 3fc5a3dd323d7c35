"""Notifications: written with their event, delivered by the worker, retried.

The worker is django.tasks' immediate backend here (settings_test); the mail
server and the SMS gateway are real loopback servers where it matters.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from gongkai.cases import services
from gongkai.cases.models import CaseEvent, Status
from gongkai.cases.tests.conftest import details
from gongkai.cases.tests.states import make_case
from gongkai.notifications import sms
from gongkai.notifications.models import Audience, Channel, Notification, State
from gongkai.notifications.services import (
    Message,
    notification_deliver,
    notifications_retry_due,
    notify_applicant,
)
from gongkai.notifications.tests.servers import sms_gateway, smtp_server
from gongkai.testing import TODAY, Cast, at


@pytest.fixture(autouse=True)
def _sms_outbox() -> None:
    sms.LocmemBackend.outbox.clear()


def _submit(cast: Cast, **overrides: Any) -> Any:
    return services.case_submit_online(
        agency=cast.office,
        details=details(**overrides),
        token=uuid.uuid4(),
        now=at(TODAY),
    )


def test_an_online_application_writes_its_messages_with_its_event(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = _submit(cast)
    rows = {(n.audience, n.channel, n.recipient_id) for n in Notification.objects.all()}
    assert rows == {
        (Audience.APPLICANT, Channel.EMAIL, None),
        (Audience.APPLICANT, Channel.SMS, None),
        (Audience.STAFF, Channel.INBOX, cast.registrar.pk),
    }
    (email,) = mail.outbox
    assert email.to == ["zhangsan@example.com"]
    assert (
        case.query_code in email.body and "http://127.0.0.1:8000/track/" in email.body
    )
    assert sms.LocmemBackend.outbox == [
        ("13812345678", Notification.objects.get(channel=Channel.SMS).body)
    ]
    assert set(Notification.objects.values_list("state", flat=True)) == {State.SENT}


def test_no_event_no_message(cast: Cast) -> None:
    """A transaction that rolls back leaves neither the case nor its messages."""
    with pytest.raises(RuntimeError), transaction.atomic():
        _submit(cast)
        assert Notification.objects.count() == 3
        raise RuntimeError("rolled back")
    assert Notification.objects.count() == 0


def test_no_address_no_email(cast: Cast) -> None:
    _submit(cast, email="")
    assert not Notification.objects.filter(channel=Channel.EMAIL).exists()


@pytest.mark.parametrize(
    ("status", "topic", "says"),
    [
        (Status.REGISTERED, "applicant.received", "收到申请之日为2026年3月2日"),
        (Status.AWAITING_CORRECTION, "applicant.correction", "请写明文件名称"),
        (Status.AWAITING_FEE, "applicant.fee", "信息处理费"),
        (Status.REPLIED, "applicant.replied", "作出答复"),
    ],
)
def test_the_applicant_hears_of_each_step(
    cast: Cast, status: Status, topic: str, says: str
) -> None:
    make_case(cast, status)
    rows = Notification.objects.filter(topic=topic, channel=Channel.EMAIL)
    assert rows.count() == 1, list(Notification.objects.values_list("topic", flat=True))
    assert says in rows.get().body


def test_staff_hear_of_assignments_and_approvals(cast: Cast) -> None:
    make_case(cast, Status.DECIDED)
    inbox = set(
        Notification.objects.filter(channel=Channel.INBOX).values_list(
            "topic", "recipient__username"
        )
    )
    assert ("staff.assigned", cast.handler.username) in inbox
    assert ("staff.approval", cast.head.username) in inbox


def test_an_extension_tells_the_applicant_the_new_date(cast: Cast) -> None:
    case = make_case(cast, Status.IN_PROGRESS)
    case = services.case_request_extension(
        case=case,
        workdays=10,
        reason="需要调取档案",
        acting_user=cast.handler,
        now=at(TODAY),
    )
    services.case_approve_extension(
        case=case, notice_on=TODAY, acting_user=cast.head, now=at(TODAY)
    )
    row = Notification.objects.get(topic="applicant.extension", channel=Channel.EMAIL)
    case.refresh_from_db()
    assert f"{case.due_on.year}年{case.due_on.month}月{case.due_on.day}日" in row.body


def _smtp(port: int) -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


def test_a_refusing_mail_server_leaves_the_message_pending_then_failed(
    cast: Cast, frozen_time: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Acceptance: the server refuses → pending with the error, retried, then
    failed; nothing says it was sent. When the server accepts again, a retry
    asked for by the staff delivers it."""
    with (
        smtp_server() as server,
        override_settings(
            MAILERS=_smtp(server.server_address[1]), NOTIFY_MAX_ATTEMPTS=3
        ),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            case = _submit(cast)
        email = Notification.objects.get(channel=Channel.EMAIL)
        assert email.state == State.PENDING and email.attempts == 1
        assert "550" in email.last_error and email.sent_at is None
        assert email.next_attempt_at == at(TODAY) + dt.timedelta(minutes=1)
        # Not due yet: the periodic command leaves it alone.
        assert notifications_retry_due() == []
        frozen_time.shift(dt.timedelta(minutes=2))
        call_command("send_notifications", stdout=StringIO())
        email.refresh_from_db()
        assert (email.state, email.attempts) == (State.PENDING, 2)
        frozen_time.shift(dt.timedelta(minutes=10))
        notifications_retry_due()
        email.refresh_from_db()
        assert (email.state, email.attempts) == (State.FAILED, 3)
        assert email.next_attempt_at is None and server.received == 0
        assert not any("已发送" in e.reason for e in case.events.all())
        # The mail server is fixed; a registrar asks for another try.
        server.accept = True
        client = _client(cast.registrar)
        page = client.get("/staff/notifications/?state=failed")
        assert "发送失败" in page.content.decode() and "550" in page.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/staff/notifications/{email.pk}/retry/")
        email.refresh_from_db()
        assert email.state == State.SENT and server.received == 1


def test_two_attempts_at_once_send_once(cast: Cast) -> None:
    _submit(cast)
    email = Notification.objects.get(channel=Channel.EMAIL)
    first = notification_deliver(notification_id=email.pk)
    second = notification_deliver(notification_id=email.pk)
    assert first.state == second.state == State.SENT and first.attempts == 1
    assert len(mail.outbox) == 1


def test_a_claim_that_was_never_finished_expires(cast: Cast, frozen_time: Any) -> None:
    _submit(cast)
    email = Notification.objects.get(channel=Channel.EMAIL)
    Notification.objects.filter(pk=email.pk).update(
        state=State.SENDING, next_attempt_at=at(TODAY) + dt.timedelta(minutes=10)
    )
    assert email.pk not in notifications_retry_due()
    frozen_time.shift(dt.timedelta(minutes=11))
    assert email.pk in notifications_retry_due()
    email.refresh_from_db()
    assert email.state == State.SENT


def test_the_file_sms_backend_writes_one_file_per_message(tmp_path: Path) -> None:
    sms.FileBackend(file_path=str(tmp_path)).send("13812345678", "您的申请已受理")
    (path,) = tmp_path.iterdir()
    assert path.read_text(encoding="utf-8") == "To: 13812345678\n\n您的申请已受理\n"


def test_the_http_gateway_posts_json_and_a_refusal_is_a_failure(cast: Cast) -> None:
    with sms_gateway() as ok:
        backend = sms.HttpGatewayBackend(
            url=f"http://127.0.0.1:{ok.server_address[1]}/send",
            token="t0ken",
            sign="某市",
        )
        backend.send("13812345678", "测试")
        ((auth, body),) = ok.requests
        assert auth == "Bearer t0ken"
        assert json.loads(body) == {
            "phone": "13812345678",
            "text": "测试",
            "sign": "某市",
        }
    with (
        sms_gateway(status=503) as down,
        override_settings(
            SMS_BACKEND="gongkai.notifications.sms.HttpGatewayBackend",
            SMS_GATEWAY_URL=f"http://127.0.0.1:{down.server_address[1]}/send",
        ),
    ):
        case = make_case(cast, Status.SUBMITTED)
        row = notify_applicant(
            case=case,
            message=Message(topic="t", subject="s", body="b", sms="短信"),
            cause="test",
            now=at(TODAY),
        )[-1]
        row = notification_deliver(notification_id=row.pk)
        assert row.state == State.PENDING and "HTTP 503" in row.last_error


def _client(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_the_inbox_counts_unread_and_opening_an_entry_reads_it(cast: Cast) -> None:
    case = make_case(cast, Status.IN_PROGRESS)
    client = _client(cast.handler)
    page = client.get("/staff/inbox/").content.decode()
    assert (
        "分办给您的申请" in page
        and 'id="inbox-link">消息<span class="badge">1</span>' in page
    )
    entry = Notification.objects.get(recipient=cast.handler, channel=Channel.INBOX)
    response = client.get(f"/staff/inbox/{entry.pk}/")
    assert (
        response.status_code == 302
        and response["Location"] == f"/staff/cases/{case.pk}/"
    )
    entry.refresh_from_db()
    assert entry.read_at is not None
    assert '<span class="badge">' not in client.get("/staff/inbox/").content.decode()
    # Someone else's entry is a 404.
    assert _client(cast.head).get(f"/staff/inbox/{entry.pk}/").status_code == 404


def test_deliveries_are_shown_to_the_office_not_to_supervisors_or_outsiders(
    cast: Cast,
) -> None:
    case = make_case(cast, Status.REGISTERED)
    assert (
        "您的申请已受理"
        in _client(cast.registrar).get("/staff/notifications/").content.decode()
    )
    for user in (cast.supervisor, cast.other_head):
        page = _client(user).get("/staff/notifications/").content.decode()
        assert "您的申请已受理" not in page
    email = Notification.objects.filter(case=case, channel=Channel.EMAIL).first()
    assert email is not None
    assert (
        _client(cast.other_head)
        .post(f"/staff/notifications/{email.pk}/retry/")
        .status_code
        == 404
    )
    from django.test import Client

    assert Client().get("/staff/notifications/").status_code == 302  # to the login


def test_the_case_page_shows_each_message_and_its_state(cast: Cast) -> None:
    case = make_case(cast, Status.REGISTERED)
    page = _client(cast.registrar).get(f"/staff/cases/{case.pk}/").content.decode()
    assert 'id="h-notifications"' in page and "待发送" in page


def test_reminder_events_do_not_claim_delivery(cast: Cast) -> None:
    """The timeline records the reminder; whether mail went out is the row's state."""
    case = make_case(cast, Status.IN_PROGRESS)
    from gongkai.cases import notices

    notices.case_send_deadline_reminder(case=case, today=dt.date(2026, 3, 26))
    event = case.events.get(kind=CaseEvent.Kind.REMINDER_SENT)
    assert "emails" not in event.data
    assert (
        Notification.objects.filter(
            topic="staff.due_soon", channel=Channel.INBOX
        ).count()
        == 2
    )
