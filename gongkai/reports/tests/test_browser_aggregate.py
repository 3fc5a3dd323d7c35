"""A year's report in a real browser, from the records to the portal and the 汇总.

The handler compiles the office's report from its records, enters table 二 and
the narrative; the administrator submits it, acknowledging the warnings; the
head approves and publishes it; a visitor finds it on /reports/ and downloads
the Word file; the supervisor sees it published in the overview and builds the
city's 汇总, which lists the bureau as missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import report_data
from gongkai.reports.tests.helpers import YEAR, some_records
from gongkai.testing import PASSWORD, confirm_dialogs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(browser: Any, live_server: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def login(user: Any | None) -> Any:
        context = browser.new_context(
            locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        confirm_dialogs(page)
        if user is None:
            page.goto(live_server.url + "/")
            return page
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("用户名").fill(user.username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.get_by_role("heading", name="工作台").wait_for()
        page.goto(live_server.url + "/staff/reports/")
        return page

    yield login
    for context in contexts:
        context.close()


def said(page: Any, text: str) -> None:
    page.get_by_text(text).first.wait_for()


def open_report(page: Any, name: str) -> None:
    page.get_by_role("link", name=name).first.click()
    page.get_by_role("heading", name="检查结果").wait_for()


def test_a_report_from_the_records_to_the_portal_and_the_aggregate(
    cast: Any, people: Any
) -> None:
    some_records(cast)

    # The handler compiles the report and fills in table 二 and the narrative.
    page = people(cast.handler)
    page.get_by_label("报告年度").fill(str(YEAR))
    page.get_by_role("button", name="由办理记录生成").click()
    said(page, "已由办理记录生成表三、表四。")
    table2 = page.locator("form[action$='/table2/']")
    for field in table2.locator("input[type='text'], input[type='number']").all():
        field.fill("0")
    table2.get_by_label("规章·本年制发件数").fill("2")
    table2.get_by_role("button", name="保存表二").click()
    said(page, "已保存表二数据。")
    page.get_by_label("一、总体情况").fill("本年度依法做好政府信息公开工作。")
    page.get_by_role("button", name="保存文字部分").click()
    said(page, "已保存文字部分。")

    # The administrator submits it, acknowledging the warnings.
    page = people(cast.admin)
    open_report(page, cast.office.name)
    page.get_by_label("已逐项核实上述警告").check()
    page.get_by_role("button", name="提交审核").click()
    said(page, "已提交审核。")

    # The head approves and publishes it.
    page = people(cast.head)
    open_report(page, cast.office.name)
    page.get_by_role("button", name="审核通过").click()
    said(page, "已审核通过。")
    page.get_by_role("button", name="发布").click()
    said(page, "已发布，报告已锁定并在门户网站公开。")

    obj = AnnualReport.objects.get(agency=cast.office, year=YEAR)
    assert obj.status == AnnualReport.Status.PUBLISHED
    report = report_data(obj)
    assert report.get("table2.rules.issued") == 2
    assert report.sections["overview"] == "本年度依法做好政府信息公开工作。"

    # A visitor finds it on the portal and downloads the Word file.
    page = people(None)
    page.get_by_role("link", name="年度报告", exact=True).first.click()
    row = page.get_by_role("row").filter(has_text=cast.office.name)
    with page.expect_download() as info:
        row.get_by_role("link", name="Word").click()
    assert info.value.suggested_filename == (
        f"{cast.office.name}{YEAR}年政府信息公开工作年度报告.docx"
    )

    # The supervisor sees it in the overview and builds the city's 汇总.
    page = people(cast.supervisor)
    page.get_by_role("link", name="下级机关报告与汇总").click()
    page.get_by_label("报告年度").select_option(str(YEAR))
    page.get_by_role("button", name="查看").click()
    office_link = page.get_by_role("link", name=f"{cast.office.name}本机关报告")
    assert office_link.inner_text() == "已发布"
    page.get_by_role("button", name=f"汇总{cast.city.name}").click()
    said(page, "还有 1 个机关的报告未到齐")
    assert page.get_by_role("heading", name="汇总范围").is_visible()
    parts = page.locator("#parts + p + table")
    assert re.search("未编制（未计入）", parts.inner_text())
    total = AnnualReport.objects.get(source=AnnualReport.Source.AGGREGATED)
    assert report_data(total).get("table2.rules.issued") == 2
