"""The head's queue, extension decisions, returned drafts and 分权审批 (issue 11)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role, SecurityEvent
from gongkai.accounts.services import agency_set_separation_of_duties
from gongkai.cases import services
from gongkai.cases.errors import CaseInputError, SeparationOfDuties
from gongkai.cases.models import CaseEvent, Status
from gongkai.cases.tests.states import GRANT_GROUND, make_case
from gongkai.testing import TODAY, make_user


def _requested(cast, **kw):
    case = make_case(cast, Status.IN_PROGRESS)
    return services.case_request_extension(
        case=case,
        workdays=kw.get("workdays", 15),
        reason="需要检索多个年度档案",
        acting_user=kw.get("by", cast.handler),
    )


def _decided(cast, case, by=None):
    return services.case_decide(
        case=case,
        outcome="granted",
        ground=GRANT_GROUND,
        reasons="经审查可以公开",
        access_info="电子邮件发送",
        acting_user=by or cast.handler,
    )


def test_a_pending_extension_stays_in_the_queue_after_a_draft_is_submitted(
    cast, client
):
    case = _decided(cast, _requested(cast))
    assert case.status == Status.DECIDED
    client.force_login(cast.head)
    page = client.get(reverse("cases:dashboard")).content.decode()
    queue = page.split('id="extensions"', 1)[1].split("<h2", 1)[0]
    assert case.number in queue
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="action-approve-extension"' in detail
    assert 'id="action-refuse-extension"' in detail


def test_the_head_changes_the_days_within_the_cap(cast):
    case = _requested(cast, workdays=15)
    with pytest.raises(CaseInputError, match="最长不得超过"):
        services.case_approve_extension(
            case=case, notice_on=TODAY, workdays=21, acting_user=cast.head
        )
    case = services.case_approve_extension(
        case=case, notice_on=TODAY, workdays=10, acting_user=cast.head
    )
    assert case.extension_workdays == 10
    event = case.events.get(kind=CaseEvent.Kind.EXTENSION_APPROVED)
    assert (event.data["workdays"], event.data["requested_workdays"]) == (10, 15)
    reply = next(c for c in case.clocks["clocks"] if c["clock"] == "reply")
    assert "另延长10个工作日" in reply["text_zh"]


def test_the_head_refuses_with_a_reason_and_the_clock_stays(cast):
    case = _requested(cast)
    due = case.due_on
    with pytest.raises(CaseInputError, match="理由"):
        services.case_refuse_extension(case=case, reason=" ", acting_user=cast.head)
    case = services.case_refuse_extension(
        case=case, reason="现有材料足以按期答复", acting_user=cast.head
    )
    assert case.extension_requested_workdays is None
    assert case.extension_refused_reason == "现有材料足以按期答复"
    assert case.due_on == due and not case.extension_workdays
    assert case.events.filter(kind=CaseEvent.Kind.EXTENSION_REFUSED).count() == 1
    # The handler may ask again.
    case = services.case_request_extension(
        case=case, workdays=5, reason="补充检索", acting_user=cast.handler
    )
    assert case.extension_requested_workdays == 5
    assert case.extension_refused_reason == ""


def test_a_returned_decision_keeps_its_draft(cast, client):
    case = _decided(cast, make_case(cast, Status.IN_PROGRESS))
    case = services.case_return_decision(
        case=case, reason="请补充获取方式", acting_user=cast.head
    )
    assert case.status == Status.IN_PROGRESS and case.outcome == ""
    assert case.decision_draft["outcome"] == "granted"
    client.force_login(cast.handler)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    form = page.split('id="action-decide"', 1)[1].split("</form>", 1)[0]
    assert '<option value="granted" selected>' in form
    assert "经审查可以公开" in form and "电子邮件发送" in form


@pytest.fixture
def handler_head(cast):
    """A 承办人 who is also 负责人: the one who could approve their own work."""
    user = make_user("handler-head", cast.office, Role.HANDLER, Role.HEAD)
    return user


def test_with_separation_on_the_maker_cannot_approve(cast, handler_head):
    case = make_case(cast, Status.IN_PROGRESS)
    case = services.case_assign(
        case=case, assignee=handler_head, acting_user=cast.registrar
    )
    case = services.case_request_extension(
        case=case, workdays=10, reason="需要检索", acting_user=handler_head
    )
    for decide in (
        lambda: services.case_approve_extension(
            case=case, notice_on=TODAY, acting_user=handler_head
        ),
        lambda: services.case_refuse_extension(
            case=case, reason="不需要", acting_user=handler_head
        ),
    ):
        with pytest.raises(SeparationOfDuties, match="申请延期的人"):
            decide()
    case = services.case_approve_extension(
        case=case, notice_on=TODAY, acting_user=cast.head
    )
    case = _decided(cast, case, by=handler_head)
    with pytest.raises(SeparationOfDuties, match="拟定答复的人"):
        services.case_approve_decision(case=case, acting_user=handler_head)
    case = services.case_approve_decision(case=case, acting_user=cast.head)
    assert case.status == Status.REPLIED and case.approved_by == cast.head


def test_a_one_person_office_turns_it_off_and_the_log_says_so(cast, handler_head):
    with pytest.raises(Exception, match="须说明理由"):
        agency_set_separation_of_duties(
            agency=cast.office, enabled=False, reason="", acting_user=cast.admin
        )
    agency_set_separation_of_duties(
        agency=cast.office,
        enabled=False,
        reason="本机关只有一名工作人员",
        acting_user=cast.admin,
    )
    entry = SecurityEvent.objects.get(detail__setting="separation_of_duties")
    assert entry.actor_username == "admin"
    assert entry.agency_id == cast.office.pk
    assert "关闭分权审批" in entry.summary and "一名工作人员" in entry.summary
    case = make_case(cast, Status.IN_PROGRESS)
    case = services.case_assign(
        case=case, assignee=handler_head, acting_user=cast.registrar
    )
    case = _decided(cast, case, by=handler_head)
    case = services.case_approve_decision(case=case, acting_user=handler_head)
    assert case.status == Status.REPLIED


def test_only_the_agencys_admin_changes_it(cast):
    with pytest.raises(Exception, match="机关管理员"):
        agency_set_separation_of_duties(
            agency=cast.office, enabled=False, reason="x", acting_user=cast.head
        )
    cast.office.refresh_from_db()
    assert cast.office.separation_of_duties is True


def test_the_settings_page(cast, client):
    client.force_login(cast.admin)
    url = reverse("accounts:separation")
    assert "分权审批" in client.get(url).content.decode()
    response = client.post(url, {"agency": cast.office.pk, "enabled": "0"})
    assert response.status_code == 400
    assert "须说明理由" in response.content.decode()
    response = client.post(
        url, {"agency": cast.office.pk, "enabled": "0", "reason": "一人办公室"}
    )
    assert response.status_code == 302
    cast.office.refresh_from_db()
    assert cast.office.separation_of_duties is False
    client.force_login(cast.handler)
    assert client.get(url).status_code == 403
