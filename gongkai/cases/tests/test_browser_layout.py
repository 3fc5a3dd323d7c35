"""The pages a new user meets first, at a desktop (1366×768) and a phone (390×844).

The application form shows the fields of the applicant's type (no 法定代表人
for a natural person) and marks required fields; the staff header stays on one
line at 1366 px; no page is wider than a phone's screen (wide tables scroll
inside themselves). Screenshots go to /tmp/layout-*.png for a look; the ones in
docs/images/ were taken this way.
"""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.cases.models import Status
from gongkai.cases.tests.states import make_case
from gongkai.testing import PASSWORD, Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1366, 768), "phone": (390, 844)}


def _page(browser: Any, size: str) -> Any:
    width, height = SIZES[size]
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": width, "height": height},
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def _fits(page: Any) -> bool:
    """Nothing makes the page scroll sideways."""
    page.wait_for_load_state()  # the stylesheet applied before measuring
    return bool(
        page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    )


@pytest.mark.parametrize("size", list(SIZES))
def test_the_application_form_follows_the_applicants_type(
    browser: Any, live_server: Any, cast: Cast, size: str
) -> None:
    page = _page(browser, size)
    page.goto(live_server.url + "/apply/")
    representative = page.locator("#id_legal_representative")
    page.get_by_label("自然人").check()
    assert not representative.is_visible()
    page.get_by_role("radio").nth(1).check()  # an organisation
    assert representative.is_visible()
    assert page.locator("label.required", has_text="联系电话").count() == 1
    assert _fits(page)
    page.get_by_label("自然人").check()
    page.screenshot(path=f"/tmp/layout-apply-{size}.png")
    page.goto(live_server.url + "/track/")
    assert _fits(page)
    page.screenshot(path=f"/tmp/layout-track-{size}.png")
    page.context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_the_staff_pages_fit_the_screen(
    browser: Any, live_server: Any, cast: Cast, size: str
) -> None:
    case = make_case(cast, Status.IN_PROGRESS)
    page = _page(browser, size)
    page.goto(live_server.url + "/accounts/login/")
    # The administrator sees the most links in the header (账号管理 too).
    page.get_by_label("用户名").fill(cast.admin.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="工作台").wait_for()
    header = page.locator("header.site-header")
    if size == "desktop":
        # One line: the header is no taller than its single row of links.
        assert header.bounding_box()["height"] < 60
    for name, path in (
        ("dashboard", "/staff/"),
        ("case", f"/staff/cases/{case.pk}/"),
        ("reports", "/staff/reports/"),
    ):
        page.goto(live_server.url + path)
        assert _fits(page), name
        page.screenshot(path=f"/tmp/layout-{name}-{size}.png")
    page.context.close()
