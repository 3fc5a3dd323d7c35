"""Query counts of the busiest pages do not grow with the number of rows.

Each test renders a page, adds rows of what the page lists, renders it again
and compares the number of SQL queries (issue 12: no N+1 on the dashboard, a
case page, the table 三 page, the catalogue, the search and the reports list).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.cases import services as case_services
from gongkai.cases.models import Status
from gongkai.cases.tests.states import make_case

pytestmark = pytest.mark.django_db


def queries(client: Any, url: str, params: dict[str, Any] | None = None) -> int:
    """The queries of the page once warm: a first request fills what the process
    caches (e.g. the calendar's years), which depends on the tests run before."""
    client.get(url, params or {})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
        assert response.status_code == 200, url
    return len(captured)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_dashboard(cast, client):
    client.force_login(cast.handler)
    make_case(cast, Status.IN_PROGRESS)
    make_case(cast, Status.CONSULTING)
    few = queries(client, reverse("cases:dashboard"))
    for _ in range(4):
        make_case(cast, Status.IN_PROGRESS)
        make_case(cast, Status.CONSULTING)
    assert queries(client, reverse("cases:dashboard")) == few


def test_a_case_page(cast, client):
    client.force_login(cast.handler)
    case = make_case(cast, Status.IN_PROGRESS)
    url = reverse("cases:detail", args=[case.pk])

    def attach(n: int) -> None:
        case_services.case_add_attachment(
            case=case,
            upload=SimpleUploadedFile(f"材料{n}.pdf", b"%PDF-1.4 test"),
            kind="other",
            acting_user=cast.handler,
        )

    attach(0)
    few = queries(client, url)
    for n in range(1, 5):
        attach(n)
    assert queries(client, url) == few


def test_the_table_three_page(cast, client):
    client.force_login(cast.head)
    url = reverse("cases:table3")
    params = {"agency": cast.office.pk, "year": 2026}
    make_case(cast, Status.REPLIED)
    few = queries(client, url, params)
    for _ in range(4):
        make_case(cast, Status.REPLIED)
    assert queries(client, url, params) == few


def test_the_catalogue_and_its_search(cast, client):
    cast.set_up_catalogue()
    cast.published(title="低保通知一")
    lists = queries(client, reverse("catalogue:list", args=["office"]))
    found = queries(client, reverse("catalogue:search"), {"q": "低保"})
    home = queries(client, reverse("catalogue:home"))
    for n in range(4):
        cast.published(title=f"低保通知{n}", generated_on=dt.date(2026, 2, 2 + n))
    assert queries(client, reverse("catalogue:list", args=["office"])) == lists
    assert queries(client, reverse("catalogue:search"), {"q": "低保"}) == found
    assert queries(client, reverse("catalogue:home")) == home


def test_the_reports_list(client):
    from gongkai.annual import jsonio
    from gongkai.reports.models import AnnualReport
    from gongkai.reports.services import SAMPLES_DIR, report_store

    paths = sorted(SAMPLES_DIR.glob("*.json"))
    report_store(
        report=jsonio.load_path(paths[0]),
        source=AnnualReport.Source.SAMPLE,
        status=AnnualReport.Status.PUBLISHED,
    )
    few = queries(client, reverse("portal:report-list"))
    for path in paths[1:]:
        report_store(
            report=jsonio.load_path(path),
            source=AnnualReport.Source.SAMPLE,
            status=AnnualReport.Status.PUBLISHED,
        )
    assert AnnualReport.objects.count() >= 5
    assert queries(client, reverse("portal:report-list")) == few
