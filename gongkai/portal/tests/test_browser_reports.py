"""A visitor reads a published annual report in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.reports.services import report_load_samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_opens_a_report_and_downloads_it(live_server: Any, page: Any) -> None:
    report_load_samples()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="年度报告", exact=True).first.click()
    page.get_by_role("link", name="临清市人民政府办公室").click()
    assert page.get_by_role(
        "heading", name="三、收到和处理政府信息公开申请情况"
    ).is_visible()
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert page.get_by_text(note).is_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="下载 Word（.docx）").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    assert download.suggested_filename.startswith("临清市人民政府办公室2020年")
