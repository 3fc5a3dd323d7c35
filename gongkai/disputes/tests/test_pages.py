"""The dispute pages: staff record and edit, supervisors read, outsiders see nothing."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gongkai.disputes.models import Dispute
from gongkai.disputes.services import dispute_create
from gongkai.testing import PASSWORD


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _dispute(cast):
    return dispute_create(
        agency=cast.office,
        acting_user=cast.handler,
        kind="litigation_direct",
        number="（2025）示01行初1号",
        filed_on=dt.date(2025, 3, 1),
    )


def test_staff_record_a_dispute(client, cast):
    _login(client, cast.handler)
    page = client.get(reverse("disputes:create"))
    assert page.status_code == 200
    assert "复议机关仅为共同被告" in page.content.decode()
    response = client.post(
        reverse("disputes:create"),
        {
            "agency": cast.office.pk,
            "kind": "reconsideration",
            "number": "示复〔2025〕1号",
            "filed_on": "2025-03-01",
            "result": "upheld",
            "decided_on": "2025-05-01",
        },
    )
    dispute = Dispute.objects.get()
    assert response.status_code == 302
    assert dispute.agency == cast.office
    assert dispute.result == "upheld"
    listing = client.get(reverse("disputes:list")).content.decode()
    assert "示复〔2025〕1号" in listing


def test_invalid_input_is_refused_in_chinese_and_nothing_is_saved(client, cast):
    _login(client, cast.handler)
    response = client.post(
        reverse("disputes:create"),
        {
            "agency": cast.office.pk,
            "kind": "reconsideration",
            "filed_on": "2025-03-01",
            "result": "upheld",
            "case_number": "不存在",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "已有结果的案件应填写审结日期" in page or "本机关没有这个登记号" in page
    assert Dispute.objects.count() == 0


def test_staff_edit_the_result(client, cast):
    dispute = _dispute(cast)
    _login(client, cast.head)
    response = client.post(
        reverse("disputes:edit", args=[dispute.pk]),
        {
            "kind": "litigation_direct",
            "number": dispute.number,
            "filed_on": "2025-03-01",
            "result": "corrected",
            "decided_on": "2025-10-01",
        },
    )
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert dispute.result == "corrected"


def test_a_supervisor_reads_but_cannot_edit(client, cast):
    dispute = _dispute(cast)
    _login(client, cast.supervisor)
    page = client.get(reverse("disputes:edit", args=[dispute.pk]))
    assert page.status_code == 200
    assert '<form method="post" novalidate>' not in page.content.decode()
    response = client.post(
        reverse("disputes:edit", args=[dispute.pk]), {"result": "upheld"}
    )
    assert response.status_code == 403
    assert client.get(reverse("disputes:create")).status_code == 403


def test_an_outsider_does_not_see_another_agencys_dispute(client, cast):
    dispute = _dispute(cast)
    _login(client, cast.outsider)
    assert client.get(reverse("disputes:edit", args=[dispute.pk])).status_code == 404
    assert dispute.number not in client.get(reverse("disputes:list")).content.decode()


def test_visitors_are_sent_to_the_login_page(client, cast):
    response = client.get(reverse("disputes:list"))
    assert response.status_code == 302
