"""An item's way into the catalogue in a real browser.

A handler drafts an item and sends it to 保密审查; a second handler passes the
review (Art. 17); the head approves and publishes it; a visitor finds it on
/catalogue/ by searching a two-character word and opens it, with its 索引号.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from gongkai.disclosure.models import Item
from gongkai.testing import PASSWORD, confirm_dialogs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "示范区棚户区改造拆迁安置补偿方案"


@pytest.fixture
def people(browser: Any, live_server: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def open_as(user: Any | None, path: str) -> Any:
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        confirm_dialogs(page)
        if user is not None:
            page.goto(live_server.url + "/accounts/login/")
            page.get_by_label("用户名").fill(user.username)
            page.get_by_label("密码").fill(PASSWORD)
            page.get_by_role("button", name="登录").click()
            page.get_by_role("heading", name="工作台").wait_for()
        page.goto(live_server.url + path)
        return page

    yield open_as
    for context in contexts:
        context.close()


def said(page: Any, text: str) -> None:
    page.get_by_text(text).first.wait_for()


def test_drafted_reviewed_approved_published_and_found_by_a_visitor(
    page: Any, cast: Any, people: Any, live_server: Any
) -> None:
    # The handler drafts the item and sends it to 保密审查.
    drafter = people(cast.handler, "/staff/disclosure/new/")
    drafter.get_by_label("名称").fill(TITLE)
    drafter.get_by_label("内容概述").fill(
        "棚户区改造范围内房屋拆迁的补偿标准和安置方式。"
    )
    drafter.get_by_label("生成日期").fill("2026-02-27")
    drafter.get_by_label("文号").fill("示政规〔2026〕3号")
    drafter.get_by_label("信息类别").select_option(label="行政规范性文件")
    drafter.get_by_label("所属《条例》第二十条项目").select_option(value="10")
    drafter.get_by_label("正文").fill("一、补偿标准按被征收房屋市场评估价格确定。")
    drafter.get_by_role("button", name="保存草稿").click()
    said(drafter, "已保存草稿。")
    item_url = drafter.url
    drafter.get_by_role("button", name="提交保密审查").click()
    said(drafter, "已提交保密审查。")

    # A second handler passes the 保密审查 (Art. 17).
    reviewer = people(cast.other_handler, item_url.removeprefix(live_server.url))
    reviewer.get_by_label("经审查，可以公开").check()
    reviewer.get_by_label("审查依据和意见").fill(
        "依据《中华人民共和国保守国家秘密法》审查，不涉及国家秘密。"
    )
    reviewer.get_by_role("button", name="记录审查结果").click()
    said(reviewer, "已记录保密审查结果。")

    # The head approves and publishes it.
    head = people(cast.head, item_url.removeprefix(live_server.url))
    head.get_by_role("button", name="审核通过").click()
    said(head, "已审核通过。")
    head.get_by_role("button", name="发布", exact=True).click()
    said(head, "已发布。")
    item = Item.objects.get(title=TITLE)
    assert item.status == Item.Status.PUBLISHED
    assert item.index_number == "000000001/2026-00001"

    # A visitor searches the catalogue for 拆迁 and opens the item.
    page.goto(live_server.url + "/catalogue/")
    page.get_by_label("全文搜索").fill("拆迁")
    page.get_by_role("button", name="搜索").click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", name=TITLE).wait_for()
    facts = page.locator("dl.facts")
    assert "000000001/2026-00001" in facts.inner_text()
    assert "示政规〔2026〕3号" in facts.inner_text()
