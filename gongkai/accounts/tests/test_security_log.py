"""The security log: logins, lock-outs, account and role changes, refusals — in the
database (append-only, kept six months) and as JSON lines."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts import securitylog
from gongkai.accounts.models import Membership, Role, SecurityEvent
from gongkai.accounts.services import MAX_FAILURES, staff_create
from gongkai.events import AppendOnlyError
from gongkai.law.periods import SECURITY_LOG_RETENTION_DAYS
from gongkai.testing import PASSWORD

Kind = SecurityEvent.Kind


def _kinds() -> list[str]:
    return list(SecurityEvent.objects.order_by("pk").values_list("kind", flat=True))


@pytest.fixture
def lines():
    """The JSON lines the security logger writes during the test."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    log = logging.getLogger("gongkai.security")
    log.addHandler(handler)
    yield lambda: [json.loads(x) for x in stream.getvalue().splitlines()]
    log.removeHandler(handler)


def test_login_logout_and_a_failure_are_logged_with_the_address(client, cast, lines):
    SecurityEvent.objects.all()._raw_delete(SecurityEvent.objects.db)  # the cast's
    url = reverse("accounts:login")
    client.post(
        url, {"username": "handler", "password": "wrong"}, REMOTE_ADDR="10.1.1.1"
    )
    client.post(
        url, {"username": "handler", "password": PASSWORD}, REMOTE_ADDR="10.1.1.2"
    )
    client.post(reverse("accounts:logout"), REMOTE_ADDR="10.1.1.2")
    events = list(SecurityEvent.objects.order_by("pk"))
    assert [e.kind for e in events] == [Kind.LOGIN_FAILED, Kind.LOGIN, Kind.LOGOUT]
    failed, login, logout = events
    assert failed.subject_username == "handler" and failed.ip == "10.1.1.1"
    assert failed.actor_id is None
    assert login.actor_username == "handler" and login.ip == "10.1.1.2"
    assert logout.actor_id == cast.handler.pk
    written = lines()
    assert [w["kind"] for w in written] == ["login_failed", "login", "logout"]
    assert written[0]["ip"] == "10.1.1.1" and written[0]["subject"] == "handler"
    assert "wrong" not in json.dumps(written)


def test_a_lock_out_is_logged(client, cast):
    for _ in range(MAX_FAILURES):
        client.post(reverse("accounts:login"), {"username": "head", "password": "nope"})
    locked = SecurityEvent.objects.filter(kind=Kind.LOCKED_OUT)
    assert locked.count() == 1 and locked.get().subject_username == "head"


def test_a_failed_admin_login_is_logged_too(client, cast):
    client.post(reverse("admin:login"), {"username": "admin", "password": "nope"})
    assert SecurityEvent.objects.filter(
        kind=Kind.LOGIN_FAILED, subject_username="admin", path="/admin/login/"
    ).exists()


def test_account_and_role_changes_are_logged_with_the_actor(rf, cast):
    request = rf.post("/accounts/agencies/1/staff/", REMOTE_ADDR="10.2.2.2")
    request.user = cast.admin
    token = securitylog._request.set(request)
    try:
        user = staff_create(
            username="newbie",
            password=PASSWORD,
            full_name="新人",
            agency=cast.office,
            roles=[Role.HANDLER],
            acting_user=cast.admin,
        )
        user.is_active = False
        user.save()
        user.set_password("An0ther-Passw0rd!")
        user.save()
        Membership.objects.filter(user=user).first().delete()  # type: ignore[union-attr]
    finally:
        securitylog._request.reset(token)
    events = list(
        SecurityEvent.objects.filter(subject_username="newbie").order_by("pk")
    )
    assert [e.kind for e in events] == [
        Kind.ACCOUNT_CREATED,
        Kind.ROLE_GRANTED,
        Kind.ACCOUNT_CHANGED,
        Kind.PASSWORD_CHANGED,
        Kind.ROLE_REVOKED,
    ]
    assert {e.actor_username for e in events} == {"admin"}
    assert {e.ip for e in events} == {"10.2.2.2"}
    assert events[1].agency_id == cast.office.pk
    assert events[2].detail == {"changes": {"is_active": [True, False]}}


def test_last_login_alone_is_no_account_change(client, cast):
    before = SecurityEvent.objects.filter(kind=Kind.ACCOUNT_CHANGED).count()
    client.post(
        reverse("accounts:login"), {"username": "handler", "password": PASSWORD}
    )
    assert SecurityEvent.objects.filter(kind=Kind.ACCOUNT_CHANGED).count() == before


def test_an_admin_change_is_logged_as_an_admin_action(client, cast):
    root = get_user_model().objects.create_superuser("root", "r@example.com", PASSWORD)
    client.force_login(root)
    url = reverse("admin:auth_user_change", args=[cast.outsider.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "username": "outsider",
            "is_active": "",
            "date_joined_0": "2026-03-02",
            "date_joined_1": "10:00:00",
            "groups": [],
            "user_permissions": [],
        }
    )
    data.pop("is_active")
    data.pop("last_login", None)
    data.pop("password", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    kinds = _kinds()
    assert Kind.ACCOUNT_CHANGED in kinds and Kind.ADMIN_ACTION in kinds
    changed = SecurityEvent.objects.get(
        kind=Kind.ACCOUNT_CHANGED, subject_username="outsider"
    )
    assert changed.actor_username == "root"
    assert changed.detail["changes"]["is_active"] == [True, False]


def test_a_refused_page_is_logged_as_a_permission_denial(client, cast):
    client.force_login(cast.outsider)
    response = client.get(reverse("accounts:account-list"))
    assert response.status_code == 403
    denied = SecurityEvent.objects.get(kind=Kind.PERMISSION_DENIED)
    assert denied.actor_username == "outsider" and denied.path.endswith("/staff/")


def test_the_log_page_shows_an_agency_admin_their_staff_only(client, cast):
    securitylog.record(Kind.LOGIN, "handler 登录", actor=cast.handler)
    securitylog.record(Kind.LOGIN, "outsider 登录", actor=cast.outsider)
    client.force_login(cast.admin)
    page = client.get(reverse("accounts:security-log")).content.decode()
    assert "handler 登录" in page and "outsider 登录" not in page
    client.force_login(cast.handler)
    assert client.get(reverse("accounts:security-log")).status_code == 403
    root = get_user_model().objects.create_superuser("root", "r@example.com", PASSWORD)
    client.force_login(root)
    page = client.get(reverse("accounts:security-log"), {"kind": "login"})
    assert "outsider 登录" in page.content.decode()


def test_entries_cannot_be_changed(cast):
    event = securitylog.record(Kind.LOGIN, "x 登录", actor=cast.handler)
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.filter(pk=event.pk).update(summary="y")


def _old_entry(days: int) -> SecurityEvent:
    return SecurityEvent.objects.create(
        at=timezone.now() - dt.timedelta(days=days), kind=Kind.LOGIN, summary="旧"
    )


@pytest.mark.django_db
def test_the_retention_command_keeps_six_months_and_refuses_less():
    old = _old_entry(SECURITY_LOG_RETENTION_DAYS + 5)
    young = _old_entry(SECURITY_LOG_RETENTION_DAYS - 5)
    with pytest.raises(CommandError, match="至少保存"):
        call_command("prune_security_log", "--days", "90", "--delete")
    out = io.StringIO()
    call_command("prune_security_log", "--delete", stdout=out)
    assert "1 条" in out.getvalue()
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == [young.pk]
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()
    with pytest.raises(securitylog.RetentionError):
        securitylog.purge(before=timezone.now())


@pytest.mark.django_db
def test_on_postgresql_the_trigger_refuses_a_young_row_and_allows_an_old_one():
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    old = _old_entry(SECURITY_LOG_RETENTION_DAYS + 1)
    young = _old_entry(1)
    table = SecurityEvent._meta.db_table
    with connection.cursor() as cursor:
        for sql in (
            f"UPDATE {table} SET summary = 'x' WHERE id = %s",
            f"DELETE FROM {table} WHERE id = %s",
        ):
            with pytest.raises(DatabaseError), transaction.atomic():
                cursor.execute(sql, [young.pk])
        with pytest.raises(DatabaseError), transaction.atomic():
            cursor.execute(f"UPDATE {table} SET summary = 'x' WHERE id = %s", [old.pk])
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [old.pk])
    assert list(SecurityEvent.objects.values_list("pk", flat=True)) == [young.pk]
