"""责任追究 in a real browser: the supervisor records a measure linked to an
overdue application, the city's 负责人 approves it, and the list offers the
annual report's sentence. Screenshots at 1366×768 and 390×844 go to
``ACCOUNTABILITY_SCREENSHOTS`` when that is set."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from gongkai.accountability.models import Record
from gongkai.cases.models import Case
from gongkai.testing import PASSWORD, build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(browser: Any, url: str, user: Any, width: int, height: int) -> Any:
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": width, "height": height},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(url + "/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="工作台").wait_for()
    return page


def shoot(page: Any, name: str) -> None:
    folder = os.environ.get("ACCOUNTABILITY_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_recorded_by_the_supervisor_and_approved_by_the_city_head(
    browser: Any, live_server: Any
) -> None:
    cast = build_cast()
    Case.objects.create(
        agency=cast.office,
        query_code="Q2026OVERDUE",
        applicant_type="natural_person",
        applicant_name="王五",
        description="2025年度财政预算执行情况",
        channel="online",
        arrived_on=dt.date(2026, 1, 5),
    )
    year = timezone.localdate().year
    page = log_in(browser, live_server.url, cast.supervisor, 1366, 768)
    page.get_by_role("link", name="监督考核").click()
    page.get_by_role("link", name="责任追究").first.click()
    page.get_by_role("link", name="登记责任追究").click()
    page.get_by_label("被追责人员所在机关").select_option(label=cast.office.name)
    page.get_by_label("作出决定的机关").select_option(label=cast.city.name)
    page.locator("#id_person_name").fill("张某")
    page.get_by_label("职务").fill("办公室科员")
    page.get_by_label("事由").fill("申请超过法定期限未予答复。")
    page.get_by_label("关联申请（查询码）").fill("q2026overdue")
    page.get_by_label("处理措施").select_option(label="通报批评")
    page.get_by_label("决定日期").fill(f"{year}-03-10")
    shoot(page, "accountability-form-1366")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("责任追究记录已保存，待审批").wait_for()
    assert page.get_by_role("link", name="Q2026OVERDUE").count() == 1
    assert page.get_by_role("button", name="审批").count() == 0  # the drafter cannot

    head = log_in(browser, live_server.url, cast.city_head, 390, 844)
    head.goto(live_server.url + f"/staff/accountability/{Record.objects.get().pk}/")
    head.get_by_role("button", name="审批").click()
    head.get_by_text("已审批。").wait_for()
    shoot(head, "accountability-detail-390")
    head.wait_for_load_state()  # the stylesheet applied before measuring
    assert head.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto(live_server.url + f"/staff/accountability/?agency=office&year={year}")
    page.get_by_text(f"{year}年，本机关因政府信息公开工作追究责任1人次").wait_for()
    shoot(page, "accountability-list-1366")
