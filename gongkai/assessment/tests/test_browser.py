"""绩效考核 in a real browser, from the indicator set to a published score sheet:
the city's 上级监督 creates the year's assessment from the 监督考核 page, changes
two weights, scores the manual indicator of each agency with evidence and
submits it; the city's 负责人 approves and publishes it on a phone; the public
reads the ranking and a sheet. No page scrolls sideways at 390 px. Screenshots
at 1366×768 and 390×844 go to ``ASSESSMENT_SCREENSHOTS`` when that is set."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from gongkai.assessment.models import Assessment
from gongkai.testing import PASSWORD, build_cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": (1366, 768), "phone": (390, 844)}


def log_in(browser: Any, url: str, user: Any, size: str) -> Any:
    width, height = SIZES[size]
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": width, "height": height},
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto(url + "/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="工作台").wait_for()
    return page


def shoot(page: Any, name: str) -> None:
    folder = os.environ.get("ASSESSMENT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def no_sideways_scroll(page: Any) -> None:
    page.wait_for_load_state()  # the stylesheet applied before measuring
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def click(page: Any, locator: Any) -> None:
    with page.expect_navigation():
        locator.click()


def test_from_the_indicator_set_to_a_published_score_sheet(
    browser: Any, live_server: Any
) -> None:
    cast = build_cast()
    year = timezone.localdate().year
    url = live_server.url
    page = log_in(browser, url, cast.supervisor, "desktop")
    click(page, page.get_by_role("link", name="监督考核"))
    click(page, page.get_by_role("link", name="绩效考核").first)
    page.get_by_label("考核机关").select_option(label=cast.city.name)
    page.get_by_label("考核年度").fill(str(year))
    click(page, page.get_by_role("button", name="按默认指标体系创建"))
    page.get_by_text("已按默认指标体系创建考核").wait_for()
    assessment = Assessment.objects.get()
    shoot(page, "assessment-detail-draft-1366")

    # The indicator set: on-time replies 15 → 10, the work plan 10 → 15.
    click(page, page.locator("#edit-indicators"))
    page.locator("#id_ind-0-weight").fill("10")
    page.locator("#id_ind-9-weight").fill("20")
    click(page, page.get_by_role("button", name="保存指标体系"))
    page.get_by_text("权重合计应为100，现为105").wait_for()  # refused whole
    page.locator("#id_ind-9-weight").fill("15")
    no_sideways_scroll(page)  # the wide table scrolls in its own box
    shoot(page, "assessment-indicators-1366")
    click(page, page.get_by_role("button", name="保存指标体系"))
    page.get_by_text("已保存指标体系").wait_for()
    assert assessment.indicators.get(key="work_plan").weight == 15

    # The manual indicator of each agency, with evidence.
    for agency, score in ((cast.office, "9"), (cast.bureau, "8.5")):
        click(page, page.locator("#ranking").get_by_role("link", name=agency.name))
        page.get_by_label("得分").fill(score)
        page.get_by_label("评分理由").fill("工作要点任务按期完成。")
        page.get_by_label("佐证材料（可多选）").set_input_files(
            {
                "name": "台账.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n%%EOF\n",
            }
        )
        click(page, page.get_by_role("button", name="保存评分"))
        page.get_by_text("已保存人工评分。").wait_for()
        assert page.get_by_role("link", name="台账.pdf").count() == 1
        if agency == cast.office:
            shoot(page, "assessment-sheet-1366")
        click(page, page.get_by_role("link", name=f"← {assessment.title}"))
    click(page, page.get_by_role("button", name="提交负责人审核"))
    page.get_by_text("已提交审核。").wait_for()
    assert (
        page.get_by_role("button", name="审核通过（通过后数据和得分固定）").count() == 0
    )

    # The city's 负责人, on a phone.
    head = log_in(browser, url, cast.city_head, "phone")
    head.goto(url + f"/staff/assessment/{assessment.pk}/")
    no_sideways_scroll(head)
    shoot(head, "assessment-detail-submitted-390")
    click(head, head.get_by_role("button", name="审核通过（通过后数据和得分固定）"))
    head.get_by_text("已审核通过，考核数据和得分已固定。").wait_for()
    click(head, head.get_by_role("button", name="在门户网站公布"))
    head.get_by_text("考核结果已在门户网站公布。").wait_for()
    click(head, head.locator("#ranking").get_by_role("link", name=cast.office.name))
    head.get_by_text("数据和得分已固定").wait_for()
    no_sideways_scroll(head)
    shoot(head, "assessment-sheet-390")

    # The public page: ranking, then the office's sheet.
    public = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    public.goto(url + "/assessment/")
    click(public, public.get_by_role("link", name=assessment.title))
    no_sideways_scroll(public)
    shoot(public, "assessment-public-390")
    click(public, public.locator("#ranking").get_by_role("link", name=cast.office.name))
    public.locator("#sheet").get_by_text("工作要点任务按期完成。").wait_for()
    no_sideways_scroll(public)
    shoot(public, "assessment-public-sheet-390")
    office = assessment.sheets.get(agency=cast.office)
    assert public.locator("#sheet-total strong").inner_text() == str(office.total)
    wide = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
    wide.goto(url + f"/assessment/{assessment.pk}/")
    shoot(wide, "assessment-public-1366")
