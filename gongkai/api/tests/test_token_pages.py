"""The 机关管理员's token page: create (key shown once), revoke, the log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.api.models import ApiToken
from gongkai.testing import TODAY

pytestmark = pytest.mark.django_db


def url(cast: Any) -> str:
    return f"/staff/api/agencies/{cast.office.pk}/tokens/"


def form(cast: Any, **over: Any) -> dict[str, Any]:
    return {
        "name": "门户网站",
        "scope": "read",
        "acting_as": cast.registrar.pk,
        "expires_on": (TODAY + dt.timedelta(days=90)).isoformat(),
    } | over


def test_the_admin_creates_a_token_and_sees_its_key_once(
    client: Any, cast: Any, frozen_time: Any
) -> None:
    client.force_login(cast.admin)
    response = client.post(url(cast), form(cast))
    assert response.status_code == 201
    key = response.context["new_key"]
    assert key.startswith("gk_")
    assert key in response.content.decode()
    again = client.get(url(cast)).content.decode()
    assert key not in again
    assert "门户网站" in again
    api = client.get("/api/v1/staff/whoami", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.json()["scope"] == "read"


def test_a_bad_form_is_400_with_chinese_errors(
    client: Any, cast: Any, frozen_time: Any
) -> None:
    client.force_login(cast.admin)
    response = client.post(url(cast), form(cast, name="", expires_on="2020-01-01"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写令牌的用途。" in html
    assert ApiToken.objects.count() == 0
    past = client.post(url(cast), form(cast, expires_on="2026-01-01"))
    assert past.status_code == 400
    assert "有效期必须晚于今天。" in past.content.decode()


@pytest.mark.parametrize("who", ["head", "registrar", "supervisor", "outsider"])
def test_only_the_agency_admin_opens_the_page(client: Any, cast: Any, who: str) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(url(cast)).status_code == 403
    assert client.post(url(cast), form(cast)).status_code == 403


def test_revoking_stops_the_key(client: Any, cast: Any, frozen_time: Any) -> None:
    client.force_login(cast.admin)
    key = client.post(url(cast), form(cast)).context["new_key"]
    token = ApiToken.objects.get()
    response = client.post(f"{url(cast)}{token.pk}/revoke/", follow=True)
    assert "已吊销令牌“门户网站”。" in response.content.decode()
    api = client.get("/api/v1/staff/whoami", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 401
    log = client.get(url(cast)).content.decode()
    assert "拒绝使用" in log and "令牌已被吊销。" in log


def test_the_account_list_leads_the_admin_to_the_token_page(
    client: Any, cast: Any
) -> None:
    client.force_login(cast.admin)
    accounts = client.get("/accounts/staff/").content.decode()
    assert "/staff/api/tokens/" in accounts
    response = client.get("/staff/api/tokens/")
    assert response.status_code == 302
    assert response["Location"] == url(cast)
    client.force_login(cast.head)
    assert client.get("/staff/api/tokens/").status_code == 403
