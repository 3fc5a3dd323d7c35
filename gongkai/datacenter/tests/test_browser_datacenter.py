"""Acceptance of issue 13's data center in a real browser.

A supervisor uploads 20 generated reports of 5 agencies × 4 years plus a notice
that is not a report and a blank template. The job page shows the files queued;
the task worker (django-tasks-db, as in production) parses them; the job page
shows them done, the catalogue lists 20 reports with the notice refused and the
template named. The agency whose 2023 上年结转 was planted wrong shows the break on
its year-over-year page; the 2024 ranking lists the two agencies with planted
arithmetic errors first; a correction is saved and shown with who and why; the
Excel export opens with openpyxl and holds every table 三 cell.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from gongkai.annual.formats import get_format
from gongkai.datacenter.models import CollectedReport
from gongkai.datacenter.tests import generated as gen
from gongkai.datacenter.tests.test_pages import CARRY_BROKEN, planted_files
from gongkai.testing import PASSWORD, Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp")
SIZES = {"wide": (1366, 768), "phone": (390, 844)}


def nav(page: Any, name: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name=name).click()


def shot(browser: Any, page: Any, name: str) -> None:
    """The page as it is now, at both sizes (looked at by eye, not asserted)."""
    url = page.url
    for size, (width, height) in SIZES.items():
        context = browser.new_context(
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport={"width": width, "height": height},
            storage_state=page.context.storage_state(),
        )
        other = context.new_page()
        other.goto(url)
        other.screenshot(
            path=str(SHOTS / f"datacenter-{name}-{size}.png"), full_page=True
        )
        context.close()


def worker_runs_while_away(page: Any) -> None:
    """Run the task worker, then come back: the job and export pages refresh
    themselves every 3 s, and a refresh racing the worker's writes (or a reload
    of ours racing the refresh) is a flaky test, not a user's view."""
    from playwright.sync_api import Error as PlaywrightError

    url = page.url
    for attempt in range(5):
        try:
            page.goto("about:blank")
            break
        except PlaywrightError as exc:
            # The page's own refresh won the race: let it land, then leave.
            if "interrupted by another navigation" not in str(exc) or attempt == 4:
                raise
            page.wait_for_load_state("load")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.goto(url)


@pytest.fixture
def supervisor_page(
    browser: Any, live_server: Any, cast: Cast, settings: Any, tmp_path: Path
) -> Iterator[Any]:
    settings.MEDIA_ROOT = str(tmp_path)
    # Tasks go to the database and wait for the worker, as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1366, "height": 768},
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/?next=/datacenter/")
    page.get_by_label("用户名").fill(cast.supervisor.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="年报数据中心").wait_for()
    yield page
    context.close()


def test_upload_findings_and_export_in_the_browser(
    browser: Any, supervisor_page: Any, cast: Cast, tmp_path: Path
) -> None:
    page = supervisor_page
    files = planted_files(cast)
    files += [("通知.txt", gen.NOT_A_REPORT), ("模板.html", gen.blank_template())]
    nav(page, "上传报告")
    page.get_by_label("年度报告文件").set_input_files(
        [
            {"name": n, "mimeType": "application/octet-stream", "buffer": d}
            for n, d in files
        ]
    )
    page.get_by_role("button", name="上传并解析").click()
    page.get_by_text("已上传 22 个文件，正在后台解析。").wait_for()
    assert "已完成 0 / 22" in page.locator("#progress-text").inner_text()
    shot(browser, page, "job-queued")

    worker_runs_while_away(page)
    page.get_by_text("解析完成：22 / 22").wait_for()
    counts = page.locator(".dc-counts").inner_text()
    assert (
        "成功 20" in counts
        and "已拒绝 1" in counts
        and "空白模板（未填写） 1" in counts
    )
    shot(browser, page, "job")

    nav(page, "年报数据中心")
    assert page.locator("#catalogue-count").inner_text().startswith("共 20 份报告")
    refused = page.locator(
        "#not-imported + p + div tr", has_text="通知.txt"
    ).inner_text()
    assert "已拒绝" in refused and "不是年度报告" in refused
    template = page.locator(
        "#not-imported + p + div tr", has_text="模板.html"
    ).inner_text()
    assert "空白模板" in template
    shot(browser, page, "catalogue")

    # the region's ranking for 2024: the planted arithmetic errors first
    nav(page, "地区排名")
    page.get_by_label("地区", exact=True).select_option(label=cast.city.name)
    page.get_by_label("年度", exact=True).select_option("2024")
    with page.expect_navigation():
        page.get_by_role("button", name="查看").click()
    first_two = page.locator("#ranking-table tbody tr th").all_inner_texts()[:2]
    assert first_two == ["示例市财政局", "示例市公安局"]
    shot(browser, page, "region")

    # the agency with the planted carry-over break, year over year
    nav(page, "年报数据中心")
    page.get_by_label("机关名称").fill(CARRY_BROKEN)
    page.get_by_label("年度", exact=True).select_option("2023")
    page.get_by_role("button", name="筛选").click()
    with page.expect_navigation():
        page.get_by_role("link", name=CARRY_BROKEN).click()
    report_url = page.url
    page.get_by_role("link", name="历年对比").click()
    rows = page.locator("#carry-over-table tbody tr")
    assert "不一致" in rows.filter(has_text="2022 → 2023").inner_text()
    assert "一致" in rows.filter(has_text="2021 → 2022").inner_text()
    assert "不一致" not in rows.filter(has_text="2021 → 2022").inner_text()
    shot(browser, page, "years")

    # a correction, saved with who and why
    page.goto(report_url)
    shot(browser, page, "report")
    obj = CollectedReport.objects.get(agency_name=CARRY_BROKEN, year=2023)
    previous = CollectedReport.objects.get(agency_name=CARRY_BROKEN, year=2022)
    forwarded = previous.data["table3"]["carried_forward"][0]
    page.get_by_label("单元格").select_option("table3.carried_over.natural_person")
    page.get_by_label("更正值").fill(str(forwarded))
    page.get_by_label("理由").fill(
        "核对原件第 4 页，上年结转自然人一栏应与上年结转下年度一致"
    )
    page.get_by_role("button", name="保存更正").click()
    page.get_by_text("更正已保存，问题已重新检查。").wait_for()
    row = page.locator("#correction-list tbody tr").first.inner_text()
    assert "supervisor" in row and "核对原件第 4 页" in row
    assert str(obj.data["table3"]["carried_over"][0]) in row  # the parsed value kept
    page.get_by_role("link", name="审核意见函").click()
    shot(browser, page, "letter")

    # the whole selection to Excel
    nav(page, "年报数据中心")
    with page.expect_navigation():
        page.get_by_role("button", name="导出 Excel").click()
    page.get_by_text("正在后台生成").wait_for()
    worker_runs_while_away(page)
    shot(browser, page, "export")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 Excel").click()
    path = tmp_path / "export.xlsx"
    download.value.save_as(path)
    book = load_workbook(io.BytesIO(path.read_bytes()))
    rows_t3 = list(book["表三"].iter_rows(min_row=2, values_only=True))
    for report in CollectedReport.objects.all():
        mine = [
            list(r[5:])
            for r in rows_t3
            if r[1] == report.agency_name and r[2] == report.year
        ]
        # Rows in the format's order: PostgreSQL's jsonb keeps no key order.
        table3 = report.data["table3"]
        keys = get_format(report.data["format"]).table3_keys
        assert mine == [table3[k] for k in keys if k in table3], report
