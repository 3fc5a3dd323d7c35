"""A browser visits the key pages and fails on any Content Security Policy violation.

The policy refuses inline styles and scripts (``tests/test_csp.py``); the
pages: home, the reports list and a report, the catalogue, apply, track, the
staff dashboard, a case page, a staff report and its standalone HTML, table 三,
the 监督考核 bulletins and assessments, the reports overview, a letter template's
preview (in an iframe), and the Django admin (its login, index, a list with
filters and search, a read-only record, an agency's change form and a user's). Console messages and ``securitypolicyviolation``
events both count.
"""

from __future__ import annotations

from typing import Any

import pytest

LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
});
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_key_pages_violate_no_content_security_policy(
    browser: Any, live_server: Any, cast: Any
) -> None:
    from gongkai.cases.models import Status
    from gongkai.cases.tests.states import make_case
    from gongkai.reports.models import AnnualReport
    from gongkai.reports.services import report_load_samples
    from gongkai.reports.tests.helpers import compiled
    from gongkai.testing import PASSWORD

    report_load_samples()
    cast.set_up_catalogue()
    item = cast.published()
    case = make_case(cast, Status.IN_PROGRESS)
    staff_report = compiled(cast)
    published = AnnualReport.objects.filter(status="published").first()
    assert published is not None
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("xitong", "xitong@example.com", PASSWORD)
    pages: dict[str | None, list[str]] = {
        None: [
            "/",
            "/reports/",
            f"/reports/{published.pk}/",
            "/catalogue/",
            "/apply/",
            "/track/",
        ],
        "handler": [
            "/staff/",
            f"/staff/cases/{case.pk}/",
            f"/staff/reports/{staff_report.pk}/",
            f"/staff/reports/{staff_report.pk}/download.html",
            "/staff/statistics/table3/?year=2026",
        ],
        "supervisor": [
            "/staff/supervision/bulletins/",
            "/staff/assessment/",
            "/staff/reports/overview/",
            f"/staff/cases/{case.pk}/",
        ],
        "admin": [f"/letters/agency/{cast.office.pk}/templates/receipt/"],
        "xitong": [
            "/admin/",
            "/admin/disclosure/item/?q=a",
            f"/admin/disclosure/item/{item.pk}/change/",
            "/admin/accounts/securityevent/",
            f"/admin/agencies/agency/{cast.office.pk}/change/",
            f"/admin/auth/user/{cast.handler.pk}/change/",
            "/admin/auth/user/add/",
            f"/admin/reports/annualreport/{published.pk}/change/",
        ],
    }
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.set_default_timeout(15_000)
    context.add_init_script(LISTEN)
    messages: list[str] = []
    page = context.new_page()
    page.on(
        "console",
        lambda m: (
            messages.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )

    # The detector itself: an inline style set by markup is reported.
    page.goto(live_server.url + "/")
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')"
    )
    page.wait_for_function("window.__csp.length > 0")
    page.reload()
    messages.clear()

    # The admin's own login page.
    page.goto(live_server.url + "/admin/login/")
    page.wait_for_load_state("load")
    violations: list[str] = [
        f"/admin/login/: {v}" for v in page.evaluate("window.__csp")
    ]
    for who, urls in pages.items():
        if who == "xitong":
            page.goto(live_server.url + "/admin/login/")
            page.fill("#id_username", "xitong")
            page.fill("#id_password", PASSWORD)
            with page.expect_navigation():
                page.click("input[type=submit], button[type=submit]")
        elif who is not None:
            page.goto(live_server.url + "/accounts/login/")
            page.fill("#id_username", getattr(cast, who).username)
            page.fill("#id_password", PASSWORD)
            with page.expect_navigation():
                page.click("button[type=submit]")
        for url in urls:
            response = page.goto(live_server.url + url)
            assert response is not None and response.status == 200, url
            page.wait_for_load_state("load")
            violations += [f"{url}: {v}" for v in page.evaluate("window.__csp")]
        if who == "admin":  # the letter's preview, in an iframe of the page
            with page.expect_navigation():
                page.get_by_role("button", name="预览").click()
            page.frame_locator("iframe.letter-preview").locator("h1").wait_for()
            violations += [f"preview: {v}" for v in page.evaluate("window.__csp")]
            for frame in page.frames[1:]:
                found = frame.evaluate("window.__csp || []")
                violations += [f"preview frame: {v}" for v in found]
            # The preview is styled by letter.css: its title is centred.
            title = page.frame_locator("iframe.letter-preview").locator("h1")
            assert title.evaluate("e => getComputedStyle(e).textAlign") == "center"
        context.clear_cookies()
    context.close()
    assert violations == [] and messages == [], (violations, messages)
