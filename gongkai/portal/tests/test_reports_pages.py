"""The public annual-report pages: list, official layout, downloads."""

from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.reports.models import AnnualReport
from gongkai.reports.services import report_load_samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def samples() -> list[AnnualReport]:
    return report_load_samples()


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
    document = docx.Document(io.BytesIO(response.content))
    assert any("总体情况" in p.text for p in document.paragraphs)


def test_the_pdf_and_json_downloads(
    client: Client, samples: list[AnnualReport]
) -> None:
    pk = _linqing(samples).pk
    pdf = client.get(reverse("portal:report-download", args=[pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
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
