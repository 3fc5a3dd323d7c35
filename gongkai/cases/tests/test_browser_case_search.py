"""Acceptance of issue 10 (staff screens) in a real browser.

The head looks for an application the way a caller gives it: the last four
digits of the phone typed with a Chinese input method (full-width), then the
query code; narrows the list by 承办人 chosen by name and a date range; and
downloads the list as an Excel file that the browser saves (an attachment).
Screenshots at 1366×768 and 390×844 go to /tmp for a look.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from gongkai.cases.tests.conftest import assigned, registered
from gongkai.testing import PASSWORD, TODAY, Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp")


def _page(browser: Any, width: int, height: int) -> Any:
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": width, "height": height},
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def _login(page: Any, url: str, username: str) -> None:
    page.goto(url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="工作台").wait_for()


def _rows(page: Any) -> list[str]:
    return page.locator("table.list tbody tr td:first-child").all_inner_texts()


def _filter(page: Any) -> None:
    """Press 筛选 and wait for the filtered list (reading rows at once races the load)."""
    with page.expect_navigation():
        page.get_by_role("button", name="筛选").click()


def test_the_head_finds_filters_and_exports_cases(
    browser: Any, live_server: Any, cast: Cast, tmp_path: Path
) -> None:
    cast.handler.first_name = "陈承办"
    cast.handler.save(update_fields=["first_name"])
    zhang = registered(cast)
    li = assigned(
        cast,
        arrived_on=TODAY - dt.timedelta(days=7),
        applicant_name="李四",
        phone="13900009876",
    )
    page = _page(browser, 1366, 768)
    _login(page, live_server.url, cast.head.username)
    page.get_by_role("link", name="申请列表").click()
    page.get_by_label("查找").fill("９８７６")
    _filter(page)
    assert [r.split()[0] for r in _rows(page)] == [li.number]
    page.get_by_label("查找").fill(zhang.query_code)
    _filter(page)
    assert [r.split()[0] for r in _rows(page)] == [zhang.number]

    page.get_by_role("link", name="清除").click()
    page.get_by_label("承办人").select_option(label="陈承办（handler）")
    page.get_by_label("收到日期起").fill((TODAY - dt.timedelta(days=10)).isoformat())
    page.get_by_label("收到日期止").fill((TODAY - dt.timedelta(days=1)).isoformat())
    _filter(page)
    assert [r.split()[0] for r in _rows(page)] == [li.number]
    page.screenshot(path=str(SHOTS / "office-cases-desktop.png"), full_page=True)

    # The export is built in the worker (immediate under the test settings):
    # its page offers the file once it is ready.
    with page.expect_navigation():
        page.get_by_role("button", name="导出 Excel").click()
    page.get_by_text("已生成，共 1 件").wait_for()
    with page.expect_download() as info:
        page.get_by_role("link", name="下载 Excel").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / "list.xlsx"
    download.save_as(saved)
    sheet = load_workbook(saved).active
    assert [row[0].value for row in sheet.iter_rows(min_row=3)] == [li.number]
    assert sheet.cell(row=3, column=14).value == "陈承办（handler）"

    phone = _page(browser, 390, 844)
    _login(phone, live_server.url, cast.head.username)
    phone.goto(live_server.url + "/staff/cases/")
    phone.screenshot(path=str(SHOTS / "office-cases-phone.png"), full_page=True)
    phone.emulate_media(media="print")
    phone.set_viewport_size({"width": 794, "height": 1123})
    phone.screenshot(path=str(SHOTS / "office-cases-print.png"), full_page=True)
    assert not phone.locator("form.filters").is_visible()
    assert phone.locator("table.list").is_visible()
