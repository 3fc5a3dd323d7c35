"""The link check in a real browser: the 机关管理员 sets the office's 门户网站,
starts a check, and reads what it found; a supervisor reads the same list.

The office's portal is a loopback server with one good page and one missing
page linked from a published item. Screenshots at 1366×768 and 390×844 go to
``LINKCHECK_SCREENSHOTS`` when that is set (for looking at the page).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from gongkai.linkcheck.models import CheckRun
from gongkai.testing import PASSWORD, build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Portal(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        status = 200 if self.path in ("/", "/good.html") else 404
        body = b"<html>ok</html>" if status == 200 else b"<html>gone</html>"
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def portal() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def log_in(browser: Any, live_server: Any, user: Any, width: int, height: int) -> Any:
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": width, "height": height},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="工作台").wait_for()
    return page


def shoot(page: Any, name: str) -> None:
    folder = os.environ.get("LINKCHECK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_the_admin_checks_the_portal_and_the_supervisor_reads_the_result(
    browser: Any, live_server: Any, portal: str, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.LINKCHECK_ALLOW_LOOPBACK = True
    settings.SITE_URL = ""  # the portal's pages only, not Gongkai's own
    cast = build_cast()
    cast.set_up_catalogue()
    cast.published(body=f"详见 {portal}/good.html 和 {portal}/missing.html 。")

    page = log_in(browser, live_server, cast.admin, 1366, 768)
    page.get_by_role("link", name="监督考核").click()
    page.get_by_role("link", name="链接检查").first.click()
    page.get_by_role("link", name=cast.office.name).click()
    page.get_by_label("本机关门户网站").fill(portal + "/")
    page.get_by_role("button", name="保存设置").click()
    page.get_by_text("链接检查设置已保存").wait_for()
    page.get_by_role("button", name="立即检查").click()
    page.get_by_text("已加入检查队列").wait_for()
    page.reload()
    row = page.locator("tr", has_text="missing.html")
    row.get_by_text("无法访问").wait_for()
    assert "服务器返回 404" in row.inner_text()
    assert page.locator("tr", has_text="good.html").count() == 0
    assert CheckRun.objects.get().status == CheckRun.Status.DONE
    shoot(page, "linkcheck-admin-1366")

    phone = log_in(browser, live_server, cast.supervisor, 390, 844)
    phone.goto(live_server.url + "/staff/linkcheck/office/")
    phone.locator("tr", has_text="missing.html").get_by_text("无法访问").wait_for()
    assert phone.get_by_role("button", name="保存设置").count() == 0
    shoot(phone, "linkcheck-supervisor-390")
    phone.wait_for_load_state()  # the stylesheet applied before measuring
    wide = phone.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, f"the page is {wide}px wide on a 390px phone"
