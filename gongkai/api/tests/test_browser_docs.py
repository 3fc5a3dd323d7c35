"""The API's docs page in a real browser: Swagger UI from the package, no network."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)])
def test_the_docs_page_lists_every_endpoint_offline(
    browser: Any, live_server: Any, size: tuple[int, int]
) -> None:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    outside: list[str] = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if not r.url.startswith(live_server.url) and not r.url.startswith("data:")
            else None
        ),
    )
    page.goto(live_server.url + "/api/v1/docs")
    page.get_by_text("公开 Gongkai 开放接口").first.wait_for()
    page.locator(".opblock").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/reports/{pk}" in paths
    assert "/api/v1/staff/applications" in paths
    assert outside == []
    page.screenshot(path=str(Path("/tmp") / f"api-docs-{size[0]}.png"))
    context.close()
