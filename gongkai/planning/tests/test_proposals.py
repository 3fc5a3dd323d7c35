"""人大代表建议、政协提案: 收到 → 办理中 → 已答复 → 已公开, and the 第六部分 sentence."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.planning.models import Proposal, ProposalEvent
from gongkai.planning.selectors import annual_report_sentence, proposal_figures
from gongkai.planning.services import (
    default_due_on,
    proposal_create,
    proposal_publish,
    proposal_reply,
    proposal_start,
)
from gongkai.testing import PASSWORD


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _proposal(cast, number="第123号", kind="suggestion", **extra):
    fields = {
        "kind": kind,
        "number": number,
        "year": 2025,
        "title": "关于推进老旧小区改造信息公开的建议",
        "proposers": "李四等5名代表",
        "received_on": dt.date(2025, 3, 20),
    } | extra
    return proposal_create(agency=cast.office, acting_user=cast.handler, **fields)


def _replied(cast, on=dt.date(2025, 6, 1), **extra):
    proposal = _proposal(cast, **extra)
    return proposal_reply(
        proposal=proposal,
        acting_user=cast.handler,
        replied_on=on,
        reply_summary="已将改造项目清单在门户网站公开。",
        satisfaction="satisfied",
    )


def test_the_due_date_defaults_to_three_months_after_assignment(cast):
    assert _proposal(cast).due_on == dt.date(2025, 6, 20)
    assert default_due_on(dt.date(2025, 11, 30)) == dt.date(2026, 2, 28)
    edited = _proposal(cast, number="第9号", due_on=dt.date(2025, 5, 20))
    assert edited.due_on == dt.date(2025, 5, 20)


def test_the_workflow_writes_an_event_for_each_step(cast):
    proposal = _proposal(cast)
    proposal = proposal_start(proposal=proposal, acting_user=cast.handler)
    assert proposal.status == "handling"
    proposal = proposal_reply(
        proposal=proposal,
        acting_user=cast.handler,
        replied_on=dt.date(2025, 6, 1),
        reply_summary="已答复。",
    )
    assert proposal.status == "replied"
    proposal = proposal_publish(
        proposal=proposal, acting_user=cast.head, public_text="办理结果全文"
    )
    assert proposal.is_published
    assert proposal.published_by == cast.head
    kinds = list(proposal.events.values_list("kind", flat=True))
    assert kinds == ["created", "started", "replied", "published"]


@pytest.mark.parametrize("who", ["supervisor", "outsider"])
def test_only_the_agencys_staff_record_and_handle(cast, who):
    user = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        proposal_create(
            agency=cast.office,
            acting_user=user,
            kind="proposal",
            number="第1号",
            year=2025,
            title="标题",
            proposers="王五委员",
            received_on=dt.date(2025, 3, 1),
        )
    proposal = _proposal(cast)
    with pytest.raises(PermissionDenied):
        proposal_start(proposal=proposal, acting_user=user)
    assert ProposalEvent.objects.count() == 1


def test_only_the_head_approves_publication(cast):
    proposal = _replied(cast)
    for user in (cast.handler, cast.admin, cast.supervisor):
        with pytest.raises(PermissionDenied):
            proposal_publish(proposal=proposal, acting_user=user, public_text="全文")
    assert Proposal.objects.get().status == "replied"


def test_an_unreplied_one_cannot_be_published_nor_replied_twice(cast):
    proposal = _proposal(cast)
    with pytest.raises(ValidationError):
        proposal_publish(proposal=proposal, acting_user=cast.head, public_text="全文")
    replied = proposal_reply(
        proposal=proposal,
        acting_user=cast.handler,
        replied_on=dt.date(2025, 6, 1),
        reply_summary="已答复。",
    )
    with pytest.raises(ValidationError):
        proposal_reply(
            proposal=replied,
            acting_user=cast.handler,
            replied_on=dt.date(2025, 6, 2),
            reply_summary="再次答复。",
        )


def test_a_reply_before_assignment_is_refused(cast):
    proposal = _proposal(cast)
    with pytest.raises(ValidationError):
        proposal_reply(
            proposal=proposal,
            acting_user=cast.handler,
            replied_on=dt.date(2025, 1, 1),
            reply_summary="答复。",
        )
    assert Proposal.objects.get().status == "received"


def test_the_annual_report_sentence_when_all_are_done_on_time(cast):
    _replied(cast, number="第1号")
    _replied(cast, number="第2号")
    third = _replied(cast, number="第3号", kind="proposal")
    proposal_publish(proposal=third, acting_user=cast.head, public_text="全文")
    assert annual_report_sentence(cast.office, 2025) == (
        "2025年，本机关共承办人大代表建议2件、政协提案1件，"
        "已全部按期办结，办理结果公开1件。"
    )


def test_the_annual_report_sentence_with_late_and_pending_ones(cast):
    _replied(cast, number="第1号", on=dt.date(2025, 7, 1))  # due 2025-06-20
    _proposal(cast, number="第2号")
    figures = proposal_figures(cast.office, 2025)
    assert (figures.received, figures.replied, figures.replied_on_time) == (2, 1, 0)
    assert annual_report_sentence(cast.office, 2025) == (
        "2025年，本机关共承办人大代表建议2件，"
        "已办结1件（其中按期办结0件），尚在办理1件，办理结果公开0件。"
    )


def test_the_annual_report_sentence_when_there_were_none(cast):
    assert (
        annual_report_sentence(cast.office, 2024)
        == "2024年，本机关未承办人大代表建议和政协提案。"
    )


def test_staff_record_a_suggestion_in_the_browser(client, cast):
    _login(client, cast.registrar)
    response = client.post(
        reverse("planning:proposal-create"),
        {
            "agency": cast.office.pk,
            "kind": "suggestion",
            "number": "第123号",
            "session": "市十七届人大三次会议",
            "year": "2025",
            "title": "关于公开停车收费标准的建议",
            "proposers": "赵六代表",
            "role": "lead",
            "received_on": "2025-03-20",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.due_on == dt.date(2025, 6, 20)


def test_invalid_input_is_refused_in_chinese_and_nothing_is_saved(client, cast):
    _login(client, cast.handler)
    response = client.post(
        reverse("planning:proposal-create"),
        {
            "agency": cast.office.pk,
            "kind": "suggestion",
            "number": "第1号",
            "year": "2025",
            "title": "标题",
            "proposers": "代表",
            "role": "lead",
            "received_on": "2025-03-20",
            "due_on": "2025-03-01",
        },
    )
    assert response.status_code == 400
    assert "办理期限不能早于交办日期" in response.content.decode()
    assert Proposal.objects.count() == 0


def test_a_duplicate_number_is_refused_in_chinese(client, cast):
    _proposal(cast)
    _login(client, cast.handler)
    response = client.post(
        reverse("planning:proposal-create"),
        {
            "agency": cast.office.pk,
            "kind": "suggestion",
            "number": "第123号",
            "year": "2025",
            "title": "标题",
            "proposers": "代表",
            "role": "lead",
            "received_on": "2025-03-20",
        },
    )
    assert response.status_code == 400
    assert "已登记同一届次、年度、编号" in response.content.decode()
    assert Proposal.objects.count() == 1


def test_the_list_highlights_overdue_ones(client, cast):
    _proposal(cast)  # due 2025-06-20; today is 2026-03-02
    _login(client, cast.handler)
    page = client.get(reverse("planning:proposals")).content.decode()
    assert "已超期" in page
    assert "有1件已超过办理期限尚未答复" in page


def test_a_handler_cannot_publish_through_the_page(client, cast):
    proposal = _replied(cast)
    _login(client, cast.handler)
    response = client.post(
        reverse("planning:proposal-publish", args=[proposal.pk]),
        {"public_text": "全文"},
    )
    assert response.status_code == 403
    assert Proposal.objects.get().status == "replied"


def test_the_head_publishes_and_the_public_sees_it(client, cast):
    proposal = _replied(cast)
    _login(client, cast.head)
    empty = client.post(
        reverse("planning:proposal-publish", args=[proposal.pk]), {"public_text": ""}
    )
    assert empty.status_code == 400
    assert Proposal.objects.get().status == "replied"
    response = client.post(
        reverse("planning:proposal-publish", args=[proposal.pk]),
        {"public_text": "关于第123号建议的答复全文"},
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(
        reverse("planning_public:proposals"), {"agency": "office", "year": "2025"}
    ).content.decode()
    assert "关于第123号建议的答复全文" in page
    assert "示例市人民政府办公室" in page


def test_the_public_page_shows_no_unpublished_reply(client, cast):
    _replied(cast)
    page = client.get(reverse("planning_public:proposals")).content.decode()
    assert "暂无公开的办理结果" in page


def test_a_supervisor_reads_but_cannot_change(client, cast):
    proposal = _proposal(cast)
    _login(client, cast.supervisor)
    page = client.get(reverse("planning:proposal", args=[proposal.pk]))
    assert page.status_code == 200
    assert "记录答复" not in page.content.decode()
    start = client.post(reverse("planning:proposal-start", args=[proposal.pk]))
    assert start.status_code == 403
    assert Proposal.objects.get().status == "received"


def test_an_outsider_sees_nothing(client, cast):
    proposal = _proposal(cast)
    _login(client, cast.outsider)
    assert (
        client.get(reverse("planning:proposal", args=[proposal.pk])).status_code == 404
    )
    response = client.post(reverse("planning:proposal-start", args=[proposal.pk]))
    assert response.status_code == 404
    listing = client.get(reverse("planning:proposals")).content.decode()
    assert "第123号" not in listing


def test_the_summary_page_gives_the_sentence(client, cast):
    _replied(cast)
    _login(client, cast.head)
    page = client.get(
        reverse("planning:proposal-summary"), {"agency": "office", "year": "2025"}
    ).content.decode()
    assert (
        "2025年，本机关共承办人大代表建议1件，已全部按期办结，办理结果公开0件。" in page
    )
