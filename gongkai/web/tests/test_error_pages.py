"""Error pages are Chinese and say why, when the code said why."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.urls("gongkai.web.tests.error_urls")


def _text(response) -> str:
    return response.content.decode()


def test_an_unknown_address_is_a_chinese_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = _text(response)
    assert "页面不存在" in page and 'lang="zh-hans"' in page
    assert "Not Found" not in page and "Resolver404" not in page


def test_a_404_with_a_reason_shows_it(client, cast):
    client.force_login(cast.outsider)
    response = client.get(reverse("cases:detail", args=[999999]))
    assert response.status_code == 404
    assert "页面不存在" in _text(response) and "没有找到该申请。" in _text(response)


def test_a_refusal_shows_its_chinese_reason(client, db):
    response = client.get("/test-errors/refused/")
    assert response.status_code == 403
    page = _text(response)
    assert "只有超级管理员或日历管理员可以修改全国工作日历。" in page
    assert "无权访问" in page and "403 Forbidden" not in page


def test_an_english_reason_is_not_shown(client, db):
    page = _text(client.get("/test-errors/refused-en/"))
    assert "internal detail" not in page and "无权访问" in page


def test_a_staff_refusal_keeps_the_staff_layout(client, cast):
    client.force_login(cast.head)
    response = client.get(reverse("accounts:account-list"))
    assert response.status_code == 403
    page = _text(response)
    assert "只有机关管理员可以管理账号。" in page
    assert "政府信息公开工作平台" in page  # the staff header


def test_a_server_error_is_a_chinese_500(db):
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/boom/")
    assert response.status_code == 500
    page = _text(response)
    assert "服务器出错了" in page and "something broke" not in page


def test_a_bad_request_is_a_chinese_400(client, db):
    response = client.get("/test-errors/suspicious/")
    assert response.status_code == 400
    assert "请求有误" in _text(response) and "bad host" not in _text(response)


def test_a_form_without_its_token_says_to_reload(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"), {"username": "x", "password": "y"}
    )
    assert response.status_code == 403
    page = _text(response)
    assert "页面已过期，请重新提交" in page and "CSRF" not in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_the_404_page_in_a_browser(browser, live_server, width, height):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", name="页面不存在").is_visible()
    page.screenshot(path=f"/tmp/office-404-{width}.png", full_page=True)
    context.close()
