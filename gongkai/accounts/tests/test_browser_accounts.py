"""Acceptance of issue 10 (office administration) in a real browser.

The office's 机关管理员 opens 账号管理 from the header, adds an account holding
the 承办人 role; its holder signs in with the initial password and is led
straight to the password form before anything else; the administrator then
revokes the role (confirming the question the page asks), after which the
holder's account has no role left, and the account's security log names the
administrator for the grant and for the revocation. Screenshots of the pages at a desktop and a
phone size go to /tmp for a look.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gongkai.accounts.models import Membership
from gongkai.testing import PASSWORD, Cast, confirm_dialogs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp")
INITIAL = "Chu-Shi-Mi-2026!"
OWN = "Wo-Zi-Ji-De-2026?"
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}


@pytest.fixture
def contexts(browser: Any) -> Iterator[Any]:
    made: list[Any] = []

    def new_page(size: str = "desktop") -> Any:
        width, height = SIZES[size]
        context = browser.new_context(
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport={"width": width, "height": height},
        )
        context.set_default_timeout(15_000)
        made.append(context)
        page = context.new_page()
        page.asked = confirm_dialogs(page)
        return page

    yield new_page
    for context in made:
        context.close()


def login(page: Any, url: str, username: str, password: str) -> None:
    page.goto(url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_an_administrator_adds_an_account_and_revokes_its_role(
    contexts: Any, live_server: Any, cast: Cast
) -> None:
    admin = contexts()
    login(admin, live_server.url, cast.admin.username, PASSWORD)
    admin.get_by_role("heading", name="工作台").wait_for()
    admin.get_by_role("link", name="账号管理").click()
    admin.get_by_role("link", name="添加账号").click()
    admin.get_by_label("机关：").select_option(label=cast.office.name)
    admin.get_by_label("用户名：").fill("xiaowang")
    admin.get_by_label("姓名：").fill("王小明")
    admin.get_by_label("初始密码：").fill(INITIAL)
    admin.get_by_label("承办人").check()
    admin.get_by_role("button", name="添加").click()
    admin.get_by_role("heading", name="王小明").wait_for()
    assert "已添加账号 xiaowang" in admin.get_by_role("status").inner_text()
    assert "管理员设定，待本人登录后修改" in admin.locator("dl.facts").inner_text()
    admin.screenshot(path=str(SHOTS / "office-account-desktop.png"), full_page=True)

    holder = contexts("phone")
    login(holder, live_server.url, "xiaowang", INITIAL)
    holder.get_by_role("heading", name="修改密码").wait_for()
    assert "请先修改密码" in holder.get_by_role("status").inner_text()
    holder.goto(live_server.url + "/staff/")  # any other page leads back here
    holder.get_by_role("heading", name="修改密码").wait_for()
    holder.get_by_label("旧密码").fill(INITIAL)
    holder.locator("#id_new_password1").fill(OWN)
    holder.get_by_label("新密码确认").fill(OWN)
    holder.get_by_role("button", name="修改").click()
    holder.get_by_role("heading", name="工作台").wait_for()

    admin.reload()
    assert "本人设定" in admin.locator("dl.facts").inner_text()
    admin.get_by_role(
        "button", name=f"撤销{cast.office.display_name}的承办人角色"
    ).click()
    admin.get_by_role("status").filter(has_text="已撤销角色").wait_for()
    assert admin.asked == [f"撤销{cast.office.display_name}的“承办人”角色？"]
    assert "没有任何角色" in admin.get_by_role("main").inner_text()
    assert not Membership.objects.filter(user__username="xiaowang").exists()

    # The security log names the administrator for both changes.
    admin.get_by_role("link", name="该账号的安全日志").click()
    admin.get_by_role("heading", name="安全日志").wait_for()
    rows = admin.locator("table.security-log tbody tr")
    kinds = {
        rows.nth(i).locator("td").nth(1).inner_text(): rows.nth(i)
        .locator("td")
        .nth(2)
        .inner_text()
        for i in range(rows.count())
    }
    assert kinds["授予角色"] == cast.admin.username, kinds
    assert kinds["撤销角色"] == cast.admin.username, kinds
    admin.screenshot(path=str(SHOTS / "office-log-desktop.png"), full_page=True)

    phone = contexts("phone")
    login(phone, live_server.url, cast.admin.username, PASSWORD)
    phone.goto(live_server.url + "/accounts/staff/")
    phone.screenshot(path=str(SHOTS / "office-accounts-phone.png"), full_page=True)
    admin.goto(live_server.url + "/accounts/staff/")
    admin.screenshot(path=str(SHOTS / "office-accounts-desktop.png"), full_page=True)
    assert "王小明" in admin.get_by_role("main").inner_text()
