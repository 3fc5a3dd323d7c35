"""The 机关管理员 edits a letter as paragraphs in a real browser (issue 10, Templates).

From the staff menu's 文书模板 to the 补正告知书, a paragraph changed by typing and
by inserting a placeholder from the list, saved; the letter's template now says it.
"""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.letters.services import letter_template_for
from gongkai.testing import PASSWORD, Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [(1366, 768), (390, 844)])
def test_the_admin_edits_the_correction_notice_paragraph_by_paragraph(
    cast: Cast, browser: Any, live_server: Any, viewport: tuple[int, int]
) -> None:
    width, height = viewport
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": width, "height": height},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill(cast.admin.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="文书模板").click()
    page.get_by_role("row").filter(has_text="补正告知书").get_by_role(
        "link", name="按段落编辑"
    ).click()
    page.get_by_role("heading", name="编辑补正告知书").wait_for()
    page.wait_for_load_state("load")  # placeholders.js runs before the page's load
    box = page.get_by_label("第5段")
    box.fill("如有疑问，请致电")
    box.press("End")
    page.get_by_label("占位符").select_option(label="【本机关联系电话】")
    page.get_by_role("button", name="插入到光标处").click()
    box.press("End")
    box.type("咨询。")
    assert box.input_value() == "如有疑问，请致电【本机关联系电话】咨询。"
    page.screenshot(path=f"/tmp/e2e-paragraphs-{width}.png", full_page=True)
    page.get_by_role("button", name="保存").click()
    page.get_by_role("status").filter(has_text="已保存").wait_for()
    _title, body, _source = letter_template_for(cast.office, "correction")
    assert "如有疑问，请致电{{ agency.phone }}咨询。" in body
    context.close()
