"""Staff login: strong passwords, lock-out after repeated failures, roles per agency."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.permissions import agencies_visible_to, can_view_agency
from gongkai.accounts.services import LOCK_DURATION, MAX_FAILURES
from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_create, agency_move

PASSWORD = "Str0ng-Passw0rd!"


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user(username="zhou", password=PASSWORD)


def _login(client, password):
    return client.post(
        reverse("accounts:login"), {"username": "zhou", "password": password}
    )


@pytest.mark.parametrize(
    "weak", ["short1!", "abcdefghijkl", "123456789012", "password1234"]
)
def test_weak_passwords_are_refused(db, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, get_user_model()(username="someone"))


def test_a_strong_password_is_accepted(db):
    validate_password(PASSWORD, get_user_model()(username="someone"))


def test_it_logs_in_and_lands_on_the_dashboard(client, user):
    response = _login(client, PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:dashboard"
    )


def test_repeated_failures_lock_the_account_for_a_while(client, user):
    start = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(MAX_FAILURES):
            response = _login(client, "wrong")
            assert "用户名或密码不正确" in response.content.decode()
        response = _login(client, PASSWORD)
        assert response.status_code == 200
        assert "账号已暂时锁定" in response.content.decode()
        traveller.move_to(start + LOCK_DURATION + dt.timedelta(seconds=1))
        assert _login(client, PASSWORD).status_code == 302


def test_a_success_resets_the_count(client, user):
    for _ in range(MAX_FAILURES - 1):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(MAX_FAILURES - 1):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302


def test_logout_is_a_post(client, user):
    client.force_login(user)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("cases:dashboard")).status_code == 302


def test_supervision_covers_the_subtree_and_follows_a_move(db, user):
    province = agency_create(name="省政府", code="p", kind=Agency.Kind.GOVERNMENT)
    city = agency_create(
        name="市政府", code="c", kind=Agency.Kind.GOVERNMENT, parent=province
    )
    bureau = agency_create(
        name="市局", code="b", kind=Agency.Kind.DEPARTMENT, parent=city
    )
    other = agency_create(
        name="另一市政府", code="o", kind=Agency.Kind.GOVERNMENT, parent=province
    )
    Membership.objects.create(user=user, agency=city, role=Role.SUPERVISOR)
    assert set(agencies_visible_to(user)) == {city, bureau}
    assert not can_view_agency(user, other)
    agency_move(agency=bureau, parent=other)
    bureau.refresh_from_db()
    assert bureau.path.startswith(other.path)
    assert not can_view_agency(user, bureau)


def test_the_agency_administrator_adds_staff_with_a_strong_password(client, user):
    office = agency_create(name="办公室", code="off", kind=Agency.Kind.OFFICE)
    Membership.objects.create(user=user, agency=office, role=Role.ADMIN)
    client.force_login(user)
    url = reverse("accounts:account-create")
    weak = {
        "agency": office.pk,
        "username": "new",
        "full_name": "新人",
        "password": "12345678",
        "roles": ["handler"],
    }
    response = client.post(url, weak)
    assert (
        response.status_code == 400
        and not get_user_model().objects.filter(username="new").exists()
    )
    strong = {**weak, "password": "Xin-Ren-2026!"}
    assert client.post(url, strong).status_code == 302
    assert Membership.objects.filter(
        user__username="new", agency=office, role=Role.HANDLER
    ).exists()


def test_only_the_agency_administrator_manages_staff(client, user):
    office = agency_create(name="办公室", code="off", kind=Agency.Kind.OFFICE)
    Membership.objects.create(user=user, agency=office, role=Role.HEAD)
    client.force_login(user)
    assert client.get(reverse("accounts:account-list")).status_code == 403
    assert client.get(reverse("accounts:account-create")).status_code == 403


def _login_from(client, username, password, ip):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_someone_elses_wrong_passwords_do_not_lock_the_owner_out(client, user):
    for _ in range(MAX_FAILURES + 3):
        _login_from(client, "zhou", "wrong", "203.0.113.66")
    locked = _login_from(client, "zhou", PASSWORD, "203.0.113.66")
    assert locked.status_code == 200 and "账号已暂时锁定" in locked.content.decode()
    # The owner, from their own office's address, still gets in.
    assert _login_from(client, "zhou", PASSWORD, "198.51.100.5").status_code == 302


def test_password_spraying_from_one_address_is_stopped(client, db):
    from gongkai.accounts.services import LOGIN_ADDRESS

    User = get_user_model()
    for n in range(LOGIN_ADDRESS.limit + 1):
        User.objects.create_user(username=f"staff{n}", password=PASSWORD)
    for n in range(LOGIN_ADDRESS.limit):  # one guess per account
        _login_from(client, f"staff{n}", "Spring2026!", "203.0.113.9")
    last = f"staff{LOGIN_ADDRESS.limit}"
    refused = _login_from(client, last, PASSWORD, "203.0.113.9")
    assert refused.status_code == 200 and "锁定" in refused.content.decode()
    assert _login_from(client, last, PASSWORD, "198.51.100.5").status_code == 302


def test_thirty_wrong_admin_passwords_lock_the_account_there_too(client, db):
    get_user_model().objects.create_superuser("root", "r@example.com", PASSWORD)
    url = reverse("admin:login")
    for _ in range(30):
        client.post(url, {"username": "root", "password": "wrong"})
    response = client.post(url, {"username": "root", "password": PASSWORD})
    assert response.status_code == 200 and "账号已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session
