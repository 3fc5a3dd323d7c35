"""The public annual-report pages: list, official layout, downloads."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.reports.models import AnnualReport
from gongkai.reports.services import report_load_samples

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _files_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Stored report files go to a per-test directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def samples() -> list[AnnualReport]:
    return report_load_samples()


def body(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _linqing(samples: list[AnnualReport]) -> AnnualReport:
    return next(r for r in samples if r.agency_name == "临清市人民政府办公室")


def test_it_loads_the_samples_idempotently(samples: list[AnnualReport]) -> None:
    again = report_load_samples()
    assert AnnualReport.objects.count() == len(samples) == len(again) >= 7


def test_the_list_shows_every_published_report_with_its_check(
    client: Client, samples: list[AnnualReport]
) -> None:
    response = client.get(reverse("portal:report-list"))
    assert response.status_code == 200
    page = response.content.decode()
    for obj in samples:
        assert obj.agency_name in page
    # 016 (平潭公安局 2021) breaks the 勾稽 as published: the list says so.
    assert "错误" in page and "通过" in page


def test_the_detail_page_renders_the_official_layout(
    client: Client, samples: list[AnnualReport]
) -> None:
    response = client.get(reverse("portal:report-detail", args=[_linqing(samples).pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "三、收到和处理政府信息公开申请情况" in page
    assert (
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in page
    )
    assert "<table" in page


def test_a_draft_report_is_not_public(client: Client) -> None:
    draft = AnnualReport.objects.create(
        agency_name="某局",
        year=2025,
        format="2021",
        data={},
        source=AnnualReport.Source.COMPILED,
    )
    assert (
        client.get(reverse("portal:report-detail", args=[draft.pk])).status_code == 404
    )


def test_the_word_download_opens_in_python_docx(
    client: Client, samples: list[AnnualReport]
) -> None:
    import docx

    url = reverse("portal:report-download", args=[_linqing(samples).pk, "docx"])
    response = client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(body(response)))
    assert any("总体情况" in p.text for p in document.paragraphs)


def test_the_pdf_and_json_downloads(
    client: Client, samples: list[AnnualReport]
) -> None:
    pk = _linqing(samples).pk
    pdf = client.get(reverse("portal:report-download", args=[pk, "pdf"]))
    assert pdf.status_code == 200 and body(pdf).startswith(b"%PDF")
    # 下载 PDF saves the file instead of opening it in the browser (issue 10).
    assert pdf["Content-Disposition"].startswith("attachment;")
    data = json.loads(
        client.get(reverse("portal:report-download", args=[pk, "json"])).content
    )
    assert data["schema"] == "gongkai-annual-report/1" and data["year"] == 2020


def test_an_unknown_download_format_is_404(
    client: Client, samples: list[AnnualReport]
) -> None:
    url = reverse("portal:report-download", args=[_linqing(samples).pk, "exe"])
    assert client.get(url).status_code == 404


def test_a_server_without_a_chinese_font_says_so_instead_of_failing(
    client: Client, samples: list[AnnualReport], monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongkai.annual import render
    from gongkai.annual.render.errors import RenderError

    def no_font(report: object) -> bytes:
        raise RenderError("本机没有中文字体：请安装 fonts-noto-cjk")

    monkeypatch.setattr(render, "render_pdf", no_font)
    url = reverse("portal:report-download", args=[_linqing(samples).pk, "pdf"])
    response = client.get(url)
    assert response.status_code == 503
    assert "fonts-noto-cjk" in response.content.decode()


def test_a_report_file_is_rendered_once_per_content_and_served_from_storage(
    client: Client, samples: list[AnnualReport], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two downloads, one rendering; a matching ETag gets 304; the task that
    publication enqueues stores both formats before anyone asks."""
    from django.core.files.storage import default_storage

    from gongkai.annual import render
    from gongkai.reports import files

    calls: list[str] = []
    real_pdf = render.render_pdf

    def counting_pdf(report: Any) -> bytes:
        calls.append(report.agency)
        return real_pdf(report)

    monkeypatch.setattr(render, "render_pdf", counting_pdf)
    obj = _linqing(samples)
    url = reverse("portal:report-download", args=[obj.pk, "pdf"])
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    pdf = body(first)
    assert body(second) == pdf and pdf.startswith(b"%PDF")
    assert calls == ["临清市人民政府办公室"]
    assert default_storage.exists(files.stored_name(obj, "pdf"))
    etag = first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(calls) == 1

    other = next(r for r in samples if r.pk != obj.pk)
    assert files.render_published.call(other.pk) == [
        files.stored_name(other, "docx"),
        files.stored_name(other, "pdf"),
    ]
    assert len(calls) == 2
    client.get(reverse("portal:report-download", args=[other.pk, "pdf"]))
    assert len(calls) == 2


def test_a_download_being_rendered_elsewhere_asks_to_retry(
    client: Client, samples: list[AnnualReport]
) -> None:
    from django.core.cache import cache

    from gongkai.reports import files

    obj = _linqing(samples)
    cache.add(f"render-lock:{files.stored_name(obj, 'pdf')}", 1, 60)
    response = client.get(reverse("portal:report-download", args=[obj.pk, "pdf"]))
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "正在生成" in response.content.decode()
