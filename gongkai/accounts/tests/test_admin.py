"""The Django admin cannot rewrite history, and logs in like the staff login."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.accounts.services import MAX_FAILURES
from gongkai.cases.models import Case, CaseEvent
from gongkai.disputes.services import dispute_create
from gongkai.letters.models import Letter
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import report_approve, report_publish, report_submit
from gongkai.reports.tests.helpers import compiled

#: Configuration that is edited in the admin (no workflow, no history).
EDITABLE = {
    "auth.User",
    "auth.Group",
    "agencies.Agency",
    "reports.ReportSettings",
    "accounts.Researcher",  # an account kind, opened by the administrator
}
PASSWORD = "Adm1n-Passw0rd!x"


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser(
        username="root", password=PASSWORD, email="root@example.com"
    )


@pytest.fixture
def root_client(client, root):
    client.force_login(root)
    return client


def _url(obj, action):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[obj.pk])


def test_it_makes_every_workflow_model_read_only(rf, root):
    request = rf.get("/admin/")
    request.user = root
    for model, model_admin in admin.site._registry.items():
        if model._meta.label in EDITABLE:
            continue
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model


def test_it_keeps_personal_data_out_of_the_admin():
    for model in (Case, CaseEvent, Letter):
        assert model not in admin.site._registry


def _published(cast) -> AnnualReport:
    obj = compiled(cast)
    report_submit(obj=obj, acting_user=cast.admin, acknowledge_warnings=True)
    report_approve(obj=obj, acting_user=cast.head)
    return report_publish(obj=obj, acting_user=cast.head)


def test_it_refuses_changing_a_published_report(cast, root_client):
    report = _published(cast)
    page = root_client.get(_url(report, "change"))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = root_client.post(
        _url(report, "change"), {"agency_name": "改过的机关名称", "year": 2026}
    )
    assert response.status_code == 403
    assert root_client.post(_url(report, "delete"), {"post": "yes"}).status_code == 403
    report.refresh_from_db()
    assert report.agency_name == cast.office.name


def test_it_refuses_changing_a_dispute_or_its_event(cast, root_client):
    dispute = dispute_create(
        agency=cast.office,
        acting_user=cast.handler,
        kind="reconsideration",
        filed_on=dt.date(2026, 2, 1),
    )
    event = dispute.events.get()
    for obj in (dispute, event):
        assert root_client.post(_url(obj, "change"), {"number": "X"}).status_code == 403
        assert root_client.post(_url(obj, "delete"), {"post": "yes"}).status_code == 403
    add = reverse("admin:disputes_dispute_add")
    assert root_client.post(add, {"number": "X"}).status_code == 403
    dispute.refresh_from_db()
    assert dispute.number == "" and dispute.events.count() == 1


def _admin_login(client, password):
    return client.post(
        reverse("admin:login"), {"username": "root", "password": password}
    )


def test_it_logs_in_to_the_admin(client, root):
    response = _admin_login(client, PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_it_locks_the_admin_login_like_the_staff_login(client, root):
    for _ in range(MAX_FAILURES):
        assert _admin_login(client, "wrong").status_code == 200
    response = _admin_login(client, PASSWORD)
    assert "账号已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
    staff = client.post(
        reverse("accounts:login"), {"username": "root", "password": PASSWORD}
    )
    assert "账号已暂时锁定" in staff.content.decode()


def test_it_refuses_staff_without_admin_rights(client, cast):
    response = client.post(
        reverse("admin:login"), {"username": "head", "password": "Gongkai-Test-2026!"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
