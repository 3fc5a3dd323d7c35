"""The import in a real browser: template, a file with an error, the fixed file's
preview of table 三, confirm; looked at on a desktop and a phone."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from gongkai.cases.models import Case
from gongkai.imports.tests.workbooks import application_rows, book_bytes
from gongkai.testing import PASSWORD, Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp")
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}


def login(browser: Any, url: str, user: Any, size: tuple[int, int]) -> Any:
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": size[0], "height": size[1]},
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(url + "/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="工作台").wait_for()
    return page


def upload(page: Any, path: Path) -> None:
    page.get_by_label("Excel文件（.xlsx，用下方模板填写）").set_input_files(str(path))
    page.get_by_role("button", name="上传并校验").click()


@pytest.mark.parametrize("size", sorted(SIZES))
def test_upload_preview_confirm(
    browser: Any,
    live_server: Any,
    cast: Cast,
    frozen_time: Any,
    tmp_path: Path,
    size: str,
) -> None:
    page = login(browser, live_server.url, cast.head, SIZES[size])
    page.goto(live_server.url + "/staff/imports/")
    with page.expect_download() as download:
        page.get_by_role("link", name="依申请公开件导入模板（.xlsx）").click()
    template = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert template.worksheets[0]["A1"].value == "登记号＊"

    rows = application_rows(40, seed=11)
    broken = [list(r) for r in rows]
    broken[6][5] = "12345"  # row 8: not a phone number
    bad_file = tmp_path / "往年申请（有错）.xlsx"
    bad_file.write_bytes(book_bytes(broken))
    upload(page, bad_file)
    page.get_by_text("有错误，未导入").wait_for()
    problems = page.locator("#problems tbody tr")
    assert problems.count() == 1
    assert problems.first.inner_text().split("\t") == [
        "第8行",
        "联系电话",
        "应为11位手机号码或含区号的固定电话。",
    ]
    page.wait_for_load_state()  # the stylesheet applied before measuring
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size][0]
    assert page.get_by_text("应为11位手机号码或含区号的固定电话。").is_visible()
    page.screenshot(path=str(SHOTS / f"import-errors-{size}.png"), full_page=True)
    assert Case.objects.count() == 0

    good_file = tmp_path / "往年申请.xlsx"
    good_file.write_bytes(book_bytes(rows))
    page.get_by_role("link", name="← 导入历史记录").click()
    upload(page, good_file)
    page.get_by_text("校验通过，待确认导入").wait_for()
    assert "将新增 40 件" in page.locator("#counts").inner_text()
    preview = page.locator("table.preview").first
    assert "一、本年新收政府信息公开申请数量" in preview.inner_text()
    page.screenshot(path=str(SHOTS / f"import-preview-{size}.png"), full_page=True)
    page.get_by_role("button", name="确认导入40件").click()
    page.get_by_text("已导入40件，跳过已导入过的0件。").wait_for()
    assert page.locator("#batch-status").inner_text() == "已导入"
    assert Case.objects.filter(agency=cast.office).count() == 40
    page.screenshot(path=str(SHOTS / f"import-done-{size}.png"), full_page=True)
    page.context.close()


def test_the_token_page_on_a_phone(
    browser: Any, live_server: Any, cast: Cast, frozen_time: Any
) -> None:
    for size, dims in SIZES.items():
        page = login(browser, live_server.url, cast.admin, dims)
        page.goto(live_server.url + f"/staff/api/agencies/{cast.office.pk}/tokens/")
        page.get_by_label("用途（调用方系统）").fill(f"门户网站-{size}")
        page.get_by_label("以哪位工作人员的身份").select_option(
            label="registrar（registrar）"
        )
        with page.expect_navigation():  # measured once the stylesheet applies
            page.get_by_role("button", name="创建").click()
        key = page.locator("#new-key").inner_text()
        assert key.startswith("gk_")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= dims[0], f"{size}: the page scrolls sideways ({width}px)"
        page.screenshot(path=str(SHOTS / f"tokens-{size}.png"), full_page=True)
        page.context.close()
