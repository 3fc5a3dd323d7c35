"""The daily commands: deadline reminders and lapsed periods, each sent once.

The commands are idempotent: each notice is claimed with a
conditional update, so running a command twice (or two runs at once) sends
nothing twice.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from gongkai.cases import notices
from gongkai.cases.models import Case, CaseEvent, Status
from gongkai.cases.tests.states import LATER, make_case
from gongkai.testing import TODAY, Cast, at

DUE = dt.date(2026, 3, 30)  # 20 working days after TODAY


@pytest.fixture
def emails(cast: Cast) -> Cast:
    for name in ("handler", "head", "registrar"):
        user = getattr(cast, name)
        user.email = f"{name}@example.gov.cn"
        user.save(update_fields=["email"])
    return cast


def _run(name: str, capture: Any, **options: Any) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command(name, stdout=out, **options)
    return out.getvalue()


def _events(case: Case, kind: CaseEvent.Kind) -> list[CaseEvent]:
    return list(case.events.filter(kind=kind))


def test_a_reply_due_within_three_working_days_is_reminded_once(
    emails: Cast, frozen_time: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = make_case(emails, Status.IN_PROGRESS)
    assert case.due_on == DUE
    frozen_time.move_to(at(dt.date(2026, 3, 24)))  # Tue: due in 4 working days
    assert "本次发送提醒0件" in _run(
        "send_deadline_reminders", django_capture_on_commit_callbacks
    )
    frozen_time.move_to(at(dt.date(2026, 3, 25)))  # Wed: due in 3 working days
    first = _run("send_deadline_reminders", django_capture_on_commit_callbacks)
    second = _run("send_deadline_reminders", django_capture_on_commit_callbacks)
    assert "即将到期  已提醒" in first and "本次发送提醒1件" in first
    assert "此前已提醒" in second and "本次发送提醒0件" in second
    # One e-mail per person, delivered by the notifications worker.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "handler@example.gov.cn",
        "head@example.gov.cn",
    ]
    assert all("2026年3月30日" in m.body for m in mail.outbox)
    (event,) = _events(case, CaseEvent.Kind.REMINDER_SENT)
    assert event.data["kind"] == "due_soon" and event.actor is None


def test_an_overdue_reply_gets_its_own_reminder_once(
    emails: Cast, frozen_time: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = make_case(emails, Status.IN_PROGRESS)
    frozen_time.move_to(at(dt.date(2026, 3, 27)))
    _run("send_deadline_reminders", django_capture_on_commit_callbacks)
    frozen_time.move_to(at(dt.date(2026, 3, 31)))
    _run("send_deadline_reminders", django_capture_on_commit_callbacks)
    _run("send_deadline_reminders", django_capture_on_commit_callbacks)
    kinds = [e.data["kind"] for e in _events(case, CaseEvent.Kind.REMINDER_SENT)]
    assert kinds == ["due_soon", "overdue"]
    assert len(mail.outbox) == 4
    assert ["已超期" in m.subject for m in mail.outbox] == [False, False, True, True]


def test_two_runs_holding_the_same_row_send_once(emails: Cast) -> None:
    """The second run read the case before the first claimed it: it sends nothing."""
    make_case(emails, Status.IN_PROGRESS)
    stale_a, stale_b = Case.objects.get(), Case.objects.get()
    today = dt.date(2026, 3, 26)
    assert notices.case_send_deadline_reminder(case=stale_a, today=today).sent
    assert not notices.case_send_deadline_reminder(case=stale_b, today=today).sent
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.REMINDER_SENT).count() == 1


def test_a_new_due_date_is_reminded_again(emails: Cast, frozen_time: Any) -> None:
    """After an extension the new due date gets its own reminder."""
    case = make_case(emails, Status.IN_PROGRESS)
    frozen_time.move_to(at(dt.date(2026, 3, 26)))
    assert [n.sent for n in notices.send_deadline_reminders()] == [True]
    Case.objects.filter(pk=case.pk).update(due_on=dt.date(2026, 3, 31))
    assert [n.sent for n in notices.send_deadline_reminders()] == [True]
    assert [n.sent for n in notices.send_deadline_reminders()] == [False]


def test_closed_cases_get_no_reminder(emails: Cast, frozen_time: Any) -> None:
    make_case(emails, Status.REPLIED)
    frozen_time.move_to(at(dt.date(2026, 4, 30)))
    assert notices.send_deadline_reminders() == []


def test_a_bad_number_of_days_is_a_chinese_error(db: None) -> None:
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("send_deadline_reminders", days=-1, stderr=err)
    assert exit_info.value.code == 2 and "工作日数" in err.getvalue()


@pytest.mark.parametrize("status", [Status.AWAITING_CORRECTION, Status.AWAITING_FEE])
def test_a_lapsed_period_is_listed_every_run_notified_once_and_not_closed(
    emails: Cast,
    frozen_time: Any,
    django_capture_on_commit_callbacks: Any,
    status: Status,
) -> None:
    case = make_case(emails, status)
    assert "期限届满待处理的申请0件" in _run(
        "mark_lapsed", django_capture_on_commit_callbacks
    )
    frozen_time.move_to(at(LATER))
    first = _run("mark_lapsed", django_capture_on_commit_callbacks)
    second = _run("mark_lapsed", django_capture_on_commit_callbacks)
    assert case.number in first and "已通知" in first
    assert case.number in second and "此前已通知" in second
    assert "本次新通知0件" in second
    (event,) = _events(case, CaseEvent.Kind.LAPSE_FLAGGED)
    assert event.data["to"] == ["handler", "registrar"]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "handler@example.gov.cn",
        "registrar@example.gov.cn",
    ]
    case.refresh_from_db()
    assert case.status == status  # the staff decide; nothing is closed
    assert TODAY < LATER
