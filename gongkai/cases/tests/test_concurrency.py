"""Two people acting on the same application at once: one succeeds, the other reloads."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.cases import services
from gongkai.cases.errors import StaleCase
from gongkai.cases.models import Case, Status
from gongkai.cases.tests.states import make_case
from gongkai.testing import TODAY


def test_the_second_of_two_handlers_is_told_to_reload(cast, client):
    case = make_case(cast, Status.IN_PROGRESS)
    seen_version = case.version
    first, second = client, client.__class__()
    first.force_login(cast.handler)
    second.force_login(cast.head)
    data = {"version": seen_version, "workdays": 10, "reason": "档案量大"}
    assert (
        first.post(reverse("cases:request-extension", args=[case.pk]), data).status_code
        == 302
    )
    decide = {
        "version": seen_version,
        "outcome": "unable_not_held",
        "ground": "art36_4",
        "reasons": "经检索不存在",
    }
    response = second.post(reverse("cases:decide", args=[case.pk]), decide, follow=True)
    notes = [str(m) for m in response.context["messages"]]
    assert any("请刷新页面" in n for n in notes)
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == Status.IN_PROGRESS and fresh.outcome == ""
    assert fresh.version == seen_version + 1
    assert fresh.events.filter(kind="extension_requested").count() == 1
    assert fresh.events.filter(kind="decided").count() == 0


def test_a_stale_version_is_refused_by_the_service(cast):
    case = make_case(cast, Status.REGISTERED)
    services.case_assign(
        case=case,
        assignee=cast.handler,
        acting_user=cast.registrar,
        expected_version=case.version,
    )
    with pytest.raises(StaleCase):
        services.case_assign(
            case=case,
            assignee=cast.other_handler,
            acting_user=cast.registrar,
            expected_version=case.version - 1,
        )
    assert Case.objects.get(pk=case.pk).assignee == cast.handler


def test_an_invalid_action_form_saves_nothing(cast, client):
    case = make_case(cast, Status.IN_PROGRESS)
    client.force_login(cast.handler)
    response = client.post(
        reverse("cases:request-correction", args=[case.pk]),
        {"version": case.version, "notice_on": "2026-13-45", "period_workdays": 5},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "请写明需要补正的事项。" in html and "请输入有效的日期" in html
    assert Case.objects.get(pk=case.pk).version == case.version
    assert TODAY.isoformat()  # the form is shown again with today's default


@pytest.mark.django_db(transaction=True)
def test_two_threads_at_once_one_wins_and_no_event_is_lost(cast):
    """Real concurrency (PostgreSQL row locks): both start from the same version."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs a database with row locks and real concurrent connections")
    case = make_case(cast, Status.IN_PROGRESS)
    version = case.version
    barrier = threading.Barrier(2)
    results: list[str] = []

    def act(user, workdays):
        try:
            barrier.wait()
            services.case_request_extension(
                case=case,
                workdays=workdays,
                reason="并发",
                acting_user=user,
                expected_version=version,
            )
            results.append("ok")
        except StaleCase:
            results.append("stale")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(u, w))
        for u, w in ((cast.handler, 5), (cast.head, 6))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "stale"]
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.version == version + 1
    assert fresh.events.filter(kind="extension_requested").count() == 1
