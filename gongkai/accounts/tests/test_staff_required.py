"""``staff_required``: login, then an agency role; a Chinese page for anyone else."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.accounts.models import Membership, Role
from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_create

PASSWORD = "Str0ng-Passw0rd!"


@pytest.fixture
def agency(db) -> Agency:
    return agency_create(name="某市司法局", code="sfj", kind=Agency.Kind.DEPARTMENT)


def test_it_sends_a_visitor_to_the_login_page(client, db):
    response = client.get(reverse("cases:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_lets_a_member_of_staff_in(client, agency):
    user = get_user_model().objects.create_user("li", password=PASSWORD)
    Membership.objects.create(user=user, agency=agency, role=Role.HANDLER)
    client.force_login(user)
    assert client.get(reverse("cases:dashboard")).status_code == 200


def test_it_shows_a_superuser_without_a_role_a_chinese_page(client, db):
    root = get_user_model().objects.create_superuser("root", password=PASSWORD)
    client.force_login(root)
    response = client.get(reverse("reports:list"))
    assert response.status_code == 403
    text = response.content.decode()
    assert "您的账号没有机关工作角色" in text
    assert "系统管理员" in text and reverse("admin:index") in text


def test_it_refuses_an_account_without_any_role(client, agency):
    user = get_user_model().objects.create_user("wang", password=PASSWORD)
    client.force_login(user)
    response = client.post(reverse("disclosure:create"), {})
    assert response.status_code == 403
    text = response.content.decode()
    assert "请联系本机关的机关管理员" in text and "系统管理员" not in text
