"""Reminders of 建议提案 办理期限 through the notifications (issue 14)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from gongkai.notifications.models import Channel, Notification
from gongkai.planning.models import Proposal
from gongkai.planning.reminders import send_proposal_reminders
from gongkai.planning.services import proposal_create, proposal_reply
from gongkai.testing import Cast, at


def _proposal(cast: Cast, number: str = "第7号", **extra: Any) -> Proposal:
    fields = {
        "kind": "proposal",
        "number": number,
        "year": 2026,
        "title": "关于公开农村集体资金使用情况的提案",
        "proposers": "王委员",
        "received_on": dt.date(2025, 12, 10),  # due three months later: 2026年3月10日
    } | extra
    return proposal_create(agency=cast.office, acting_user=cast.registrar, **fields)


def _run(capture: Any, **options: Any) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("send_proposal_reminders", stdout=out, **options)
    return out.getvalue()


def test_a_deadline_near_and_then_past_is_reminded_once_each(
    cast: Cast, frozen_time: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cast.head.email = "head@example.gov.cn"
    cast.head.save(update_fields=["email"])
    proposal = _proposal(cast)
    assert proposal.due_on == dt.date(2026, 3, 10)
    assert "本次提醒0件" in _run(django_capture_on_commit_callbacks, days=7)
    first = _run(django_capture_on_commit_callbacks)  # 8 days before, within 10
    second = _run(django_capture_on_commit_callbacks)
    assert "政协提案第7号" in first and "办理期限将至  已提醒" in first
    assert "此前已提醒" in second and "本次提醒0件" in second
    inbox = Notification.objects.filter(channel=Channel.INBOX)
    assert {n.recipient for n in inbox} == {cast.handler, cast.other_handler, cast.head}
    assert all("2026年3月10日" in n.body for n in inbox)
    assert [m.to for m in mail.outbox] == [["head@example.gov.cn"]]
    frozen_time.move_to(at(dt.date(2026, 3, 11)))
    assert "已超过办理期限  已提醒" in _run(django_capture_on_commit_callbacks)
    assert inbox.filter(topic="staff.proposal_overdue").count() == 3
    assert cast.other_head not in {n.recipient for n in Notification.objects.all()}


def test_replied_ones_are_not_reminded_and_a_new_deadline_is(cast: Cast) -> None:
    proposal = _proposal(cast)
    proposal_reply(
        proposal=_proposal(cast, number="第8号"),
        acting_user=cast.handler,
        replied_on=dt.date(2026, 3, 1),
        reply_summary="已答复。",
        satisfaction="satisfied",
    )
    assert [r.label for r in send_proposal_reminders()] == ["政协提案第7号"]
    Proposal.objects.filter(pk=proposal.pk).update(due_on=dt.date(2026, 3, 5))
    (again,) = send_proposal_reminders()
    assert again.written == 3  # the 承办人 and the 负责人, in their inboxes


@pytest.mark.parametrize("days", ["-1", "400"])
def test_a_bad_number_of_days_is_a_chinese_error(db: None, days: str) -> None:
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("send_proposal_reminders", "--days", days, stderr=err)
    assert exit_info.value.code == 2 and "提前提醒的天数" in err.getvalue()
