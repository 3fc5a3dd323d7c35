"""Public pages come from the shared cache for anonymous visitors, and every
service that publishes makes them fresh; the reports list pages and filters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from gongkai.annual import jsonio
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import SAMPLES_DIR, report_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings: Any) -> Iterator[None]:
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def store(path: Any) -> AnnualReport:
    return report_store(
        report=jsonio.load_path(path),
        source=AnnualReport.Source.SAMPLE,
        status=AnnualReport.Status.PUBLISHED,
    )


def test_the_home_page_is_cached_until_something_is_published(
    client, cached, django_capture_on_commit_callbacks
):
    paths = sorted(SAMPLES_DIR.glob("*.json"))
    first = store(paths[0])
    url = reverse("portal:home")
    miss = client.get(url)
    assert miss["X-Cache"] == "miss" and first.agency_name in miss.content.decode()
    hit = client.get(url)
    assert hit["X-Cache"] == "hit" and hit.content == miss.content
    assert client.get(url, HTTP_IF_NONE_MATCH=hit["ETag"]).status_code == 304

    with django_capture_on_commit_callbacks(execute=True):
        second = store(paths[1])
    fresh = client.get(url)
    assert fresh["X-Cache"] == "miss"
    assert second.agency_name in fresh.content.decode()


def test_staff_and_visitors_with_a_session_get_fresh_pages(client, cast, cached):
    client.force_login(cast.handler)
    response = client.get(reverse("portal:report-list"))
    assert response.status_code == 200 and "X-Cache" not in response


def test_publishing_a_catalogue_item_refreshes_the_catalogue(
    client, cast, cached, django_capture_on_commit_callbacks
):
    cast.set_up_catalogue()
    url = reverse("catalogue:list", args=["office"])
    assert "低保公示" not in client.get(url).content.decode()
    assert client.get(url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        cast.published(title="低保公示")
    assert "低保公示" in client.get(url).content.decode()


def test_a_search_is_cached_until_an_item_is_published_or_imported(
    client, cast, cached, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    from gongkai.disclosure.services.imports import item_import_published

    cast.set_up_catalogue()
    url = reverse("catalogue:search")
    assert "低保公示" not in client.get(url, {"q": "低保"}).content.decode()
    assert client.get(url, {"q": "低保"})["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        cast.published(title="低保公示")
    page = client.get(url, {"q": "低保"})
    assert page["X-Cache"] == "miss" and "低保公示" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        item_import_published(
            agency=cast.office,
            index_number="imported/1",
            title="往年低保名单",
            summary="往年的低保名单。",
            generated_on=dt.date(2020, 1, 1),
            published_on=dt.date(2020, 1, 2),
            doc_number="",
            publisher="",
            category=cast.category(),
            art20_item="1",
            source="旧网站",
            acting_user=cast.admin,
            published_at=timezone.now(),
            now=timezone.now(),
        )
    assert "往年低保名单" in client.get(url, {"q": "低保"}).content.decode()


def test_the_reports_list_pages_and_filters(client, cast):
    paths = sorted(SAMPLES_DIR.glob("*.json"))
    reports = [store(p) for p in paths]
    url = reverse("portal:report-list")
    page = client.get(url).content.decode()
    assert all(r.agency_name in page for r in reports)
    year = reports[0].year
    page = client.get(url, {"year": year}).content.decode()
    for r in reports:
        assert (r.agency_name in page) == (r.year == year)
    # Stored findings: the rules ran at publication, not on this request.
    assert all(r.findings_errors is not None for r in reports)
    assert "错误" in client.get(url).content.decode()
    # An agency's subtree: the samples have no agency on this platform.
    response = client.get(url, {"agency": cast.city.code})
    assert response.status_code == 200
    assert "没有符合条件的已发布年度报告" in response.content.decode()


def test_the_reports_list_has_pages_of_twenty(client, monkeypatch):
    from gongkai.portal import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for path in sorted(SAMPLES_DIR.glob("*.json"))[:5]:
        store(path)
    url = reverse("portal:report-list")
    first = client.get(url).content.decode()
    assert "第1页，共3页" in first and first.count("download.pdf") == 2
    assert client.get(url, {"page": 3}).content.decode().count("download.pdf") == 1
