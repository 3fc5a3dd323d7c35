"""The staff pages of the 季通报: who sees, drafts, signs and publishes; bad input."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.supervision import documents
from gongkai.supervision.models import Bulletin, BulletinEvent
from gongkai.supervision.services import (
    bulletin_create,
    bulletin_issue,
    bulletin_publish,
    bulletin_set_opinion,
)
from gongkai.supervision.tests.conftest import answered
from gongkai.testing import PASSWORD, Cast

LIST = "/staff/supervision/bulletins/"
NEW = "/staff/supervision/bulletins/new/"


@pytest.fixture(autouse=True)
def _files_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Stored bulletin files go to a per-test directory."""
    settings.MEDIA_ROOT = tmp_path / "media"


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def draft(cast: Cast, opinion: str = "") -> Bulletin:
    bulletin = bulletin_create(
        agency=cast.city, year=2026, quarter=1, acting_user=cast.supervisor
    )
    if opinion:
        bulletin = bulletin_set_opinion(
            bulletin=bulletin,
            opinion=opinion,
            number="示政公开〔2026〕1号",
            acting_user=cast.supervisor,
        )
    return bulletin


def issued(cast: Cast) -> Bulletin:
    return bulletin_issue(
        bulletin=draft(cast, opinion="请各单位对照问题整改。"),
        acting_user=cast.city_head,
    )


def url(bulletin: Bulletin, action: str = "") -> str:
    return (
        f"/staff/supervision/bulletins/{bulletin.pk}/{action + '/' if action else ''}"
    )


# -- list and create -------------------------------------------------------------


def test_the_nav_links_to_supervision(cast: Cast) -> None:
    page = login(cast.head).get("/staff/").content.decode()
    assert f'href="{LIST}">监督考核</a>' in page


def test_a_supervisor_sees_the_form_to_draft(cast: Cast) -> None:
    page = login(cast.supervisor).get(LIST).content.decode()
    assert "起草季度通报" in page
    assert cast.city.name in page


def test_anonymous_visitors_are_sent_to_log_in(cast: Cast) -> None:
    response = Client().get(LIST)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_drafting_computes_the_figures(cast: Cast) -> None:
    answered(cast)
    response = login(cast.supervisor).post(
        NEW, {"agency": cast.city.pk, "year": 2026, "quarter": 1}
    )
    bulletin = Bulletin.objects.get()
    assert response["Location"] == url(bulletin)
    assert bulletin.status == Bulletin.Status.DRAFT
    assert bulletin.data["totals"]["received"] == 1
    assert set(bulletin.agencies.all()) == {cast.office, cast.bureau}
    assert bulletin.events.get().kind == BulletinEvent.Kind.CREATED


def test_the_supervising_head_may_draft_too(cast: Cast) -> None:
    response = login(cast.city_head).post(
        NEW, {"agency": cast.city.pk, "year": 2026, "quarter": 1}
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": 2026, "quarter": 2}, "该季度尚未开始，不能起草通报。"),
        ({"year": 2026, "quarter": 5}, "季度应为第一至第四季度。"),
        ({"year": "二〇二六", "quarter": 1}, "年度应为数字。"),
        ({"year": 2018, "quarter": 1}, "年度不能早于2019年。"),
        ({"year": "", "quarter": 1}, "请填写年度。"),
    ],
)
def test_invalid_input_is_refused_in_chinese(cast: Cast, data, message) -> None:
    response = login(cast.supervisor).post(NEW, {"agency": cast.city.pk} | data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Bulletin.objects.exists()


def test_a_quarter_has_one_bulletin(cast: Cast) -> None:
    draft(cast)
    response = login(cast.supervisor).post(
        NEW, {"agency": cast.city.pk, "year": 2026, "quarter": 1}
    )
    assert response.status_code == 400
    assert "该机关本季度的通报已经存在。" in response.content.decode()
    assert Bulletin.objects.count() == 1


def test_an_agency_not_overseen_cannot_be_chosen(cast: Cast) -> None:
    response = login(cast.supervisor).post(
        NEW, {"agency": cast.other.pk, "year": 2026, "quarter": 1}
    )
    assert response.status_code == 400
    assert "请选择您负责监督的机关。" in response.content.decode()
    assert not Bulletin.objects.exists()


@pytest.mark.parametrize("who", ["other_head", "outsider", "handler"])
def test_staff_without_oversight_cannot_draft(cast: Cast, who: str) -> None:
    response = login(getattr(cast, who)).post(
        NEW, {"agency": cast.city.pk, "year": 2026, "quarter": 1}
    )
    assert response.status_code == 403
    assert not Bulletin.objects.exists()


# -- seeing a bulletin --------------------------------------------------------------


def test_the_bulletin_page_shows_tables_problems_and_ranking(cast: Cast) -> None:
    answered(cast)
    page = login(cast.supervisor).get(url(draft(cast))).content.decode()
    assert "一、总体情况" in page and "二、各单位情况" in page
    assert "2025年度报告逾期未发布" in page
    assert "排名规则" in page


def test_a_named_agency_sees_the_bulletin_once_issued(cast: Cast) -> None:
    bulletin = draft(cast, opinion="请整改。")
    client = login(cast.outsider)
    assert client.get(url(bulletin)).status_code == 404
    assert bulletin.title not in client.get(LIST).content.decode()
    bulletin_issue(bulletin=bulletin, acting_user=cast.city_head)
    assert client.get(url(bulletin)).status_code == 200
    assert bulletin.title in client.get(LIST).content.decode()


def test_an_outsider_gets_404_even_when_issued(cast: Cast) -> None:
    bulletin = issued(cast)
    client = login(cast.other_head)
    assert client.get(url(bulletin)).status_code == 404
    assert client.get(url(bulletin) + "download.docx").status_code == 404
    assert bulletin.title not in client.get(LIST).content.decode()


def test_a_missing_bulletin_is_404(cast: Cast) -> None:
    assert (
        login(cast.supervisor).get("/staff/supervision/bulletins/999/").status_code
        == 404
    )


# -- opinion, recompute, issue, publish --------------------------------------------


def test_the_opinion_is_saved(cast: Cast) -> None:
    bulletin = draft(cast)
    response = login(cast.supervisor).post(
        url(bulletin, "opinion"),
        {"opinion": "一、请整改。\n二、下季度复查。", "number": "示政公开〔2026〕1号"},
    )
    assert response.status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.opinion == "一、请整改。\n二、下季度复查。"
    assert bulletin.number == "示政公开〔2026〕1号"


def test_an_overlong_opinion_is_refused_and_nothing_saved(cast: Cast) -> None:
    bulletin = draft(cast, opinion="原意见。")
    response = login(cast.supervisor).post(
        url(bulletin, "opinion"), {"opinion": "长" * 5001, "number": ""}
    )
    assert response.status_code == 400
    assert "通报意见不能超过5000字。" in response.content.decode()
    bulletin.refresh_from_db()
    assert bulletin.opinion == "原意见。"


def test_a_named_agency_cannot_edit(cast: Cast) -> None:
    bulletin = issued(cast)
    response = login(cast.outsider).post(
        url(bulletin, "opinion"), {"opinion": "改掉", "number": ""}
    )
    assert response.status_code == 403
    bulletin.refresh_from_db()
    assert bulletin.opinion == "请各单位对照问题整改。"


def test_recompute_counts_new_records(cast: Cast) -> None:
    bulletin = draft(cast)
    answered(cast)
    assert login(cast.supervisor).post(url(bulletin, "recompute")).status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.data["totals"]["closed"] == 1


def test_only_the_supervising_head_issues(cast: Cast) -> None:
    bulletin = draft(cast, opinion="请整改。")
    assert login(cast.supervisor).post(url(bulletin, "issue")).status_code == 403
    assert login(cast.head).post(url(bulletin, "issue")).status_code == 404  # a draft
    assert login(cast.other_head).post(url(bulletin, "issue")).status_code == 404
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.DRAFT
    assert login(cast.city_head).post(url(bulletin, "issue")).status_code == 302
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.ISSUED
    assert bulletin.issued_by == cast.city_head


def test_a_bulletin_without_an_opinion_is_not_issued(cast: Cast) -> None:
    bulletin = draft(cast)
    client = login(cast.city_head)
    response = client.post(url(bulletin, "issue"), follow=True)
    assert "请先填写通报意见，再签发。" in response.content.decode()
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.DRAFT


def test_an_issued_bulletin_is_locked(cast: Cast) -> None:
    bulletin = issued(cast)
    data = bulletin.data
    answered(cast)
    client = login(cast.supervisor)
    response = client.post(url(bulletin, "opinion"), {"opinion": "改", "number": ""})
    assert response.status_code == 400
    assert "通报已印发，不能再修改。" in response.content.decode()
    page = client.post(url(bulletin, "recompute"), follow=True).content.decode()
    assert "通报已印发，不能再修改。" in page
    bulletin.refresh_from_db()
    assert bulletin.opinion == "请各单位对照问题整改。"
    assert bulletin.data == data


def test_publishing_shows_it_on_the_portal(cast: Cast) -> None:
    bulletin = issued(cast)
    public = f"/supervision/bulletins/{bulletin.pk}/"
    assert Client().get(public).status_code == 404
    assert login(cast.supervisor).post(url(bulletin, "publish")).status_code == 403
    assert login(cast.city_head).post(url(bulletin, "publish")).status_code == 302
    page = Client().get(public).content.decode()
    assert bulletin.title in page and "请各单位对照问题整改。" in page
    assert bulletin.title in Client().get("/supervision/bulletins/").content.decode()


def test_the_portal_home_links_to_bulletins_once_one_is_published(
    cast: Cast,
) -> None:
    home = reverse("portal:home")
    bulletin = issued(cast)
    assert "监督通报" not in Client().get(home).content.decode()
    bulletin_publish(bulletin=bulletin, acting_user=cast.city_head)
    page = Client().get(home).content.decode()
    assert "<h2>监督通报</h2>" in page
    assert 'href="/supervision/bulletins/"' in page


def test_a_draft_cannot_be_published(cast: Cast) -> None:
    bulletin = draft(cast, opinion="请整改。")
    page = login(cast.city_head).post(url(bulletin, "publish"), follow=True)
    assert "通报印发后才能在门户网站公开。" in page.content.decode()
    bulletin.refresh_from_db()
    assert bulletin.published_at is None
    assert Client().get(f"/supervision/bulletins/{bulletin.pk}/").status_code == 404


# -- downloads --------------------------------------------------------------------


def test_the_word_file_is_in_gongwen_layout(cast: Cast) -> None:
    from docx import Document

    answered(cast)
    bulletin = issued(cast)
    response = login(cast.outsider).get(url(bulletin) + "download.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == documents.CONTENT_TYPES["docx"]
    doc = Document(io.BytesIO(body(response)))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == bulletin.title
    assert "示政公开〔2026〕1号" in texts
    assert "请各单位对照问题整改。" in texts
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert header[:2] == ["排名", "单位"]
    assert len(doc.tables[0].rows) == 3


def test_the_pdf_comes_from_the_html(cast: Cast) -> None:
    bulletin = issued(cast)
    html = documents.render_html(bulletin)
    assert bulletin.title in html and "二、各单位情况" in html
    try:
        content = documents.render_pdf(bulletin)
    except documents.RenderError as exc:
        pytest.skip(str(exc))
    assert content.startswith(b"%PDF")
    response = login(cast.supervisor).get(url(bulletin) + "download.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def body(response: Any) -> bytes:
    """A download's bytes (a stored file is streamed)."""
    return b"".join(response.streaming_content)


def test_the_files_are_rendered_once_per_content(
    cast: Cast, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Issuing renders the Word file once (in the worker); downloads stream
    the stored file, an unchanged one answers 304, and a draft whose opinion
    changes is rendered again."""
    calls: list[str] = []
    real = documents.render_docx

    def counting(bulletin: Bulletin) -> bytes:
        calls.append(bulletin.status)
        return real(bulletin)

    monkeypatch.setattr(documents, "render_docx", counting)
    with django_capture_on_commit_callbacks(execute=True):
        bulletin = issued(cast)
    assert calls == ["issued"]
    client = login(cast.supervisor)
    first = client.get(url(bulletin) + "download.docx")
    second = client.get(url(bulletin) + "download.docx")
    assert first.status_code == second.status_code == 200
    content = body(first)
    assert content == body(second) and content.startswith(b"PK")
    assert calls == ["issued"]
    etag = first["ETag"]
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]
    again = client.get(url(bulletin) + "download.docx", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert calls == ["issued"]

    other = bulletin_create(
        agency=cast.city, year=2025, quarter=4, acting_user=cast.supervisor
    )
    client.get(url(other) + "download.docx")
    client.get(url(other) + "download.docx")
    assert calls == ["issued", "draft"]
    bulletin_set_opinion(
        bulletin=other, opinion="请整改。", number="", acting_user=cast.supervisor
    )
    changed = client.get(url(other) + "download.docx", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert calls == ["issued", "draft", "draft"]


def test_an_unknown_format_is_404(cast: Cast) -> None:
    bulletin = issued(cast)
    assert login(cast.supervisor).get(url(bulletin) + "download.odt").status_code == 404


# -- who issues, drafts marked, export (issue 10) ------------------------------------


def test_the_page_says_who_may_issue_and_the_refusal_says_the_same(cast: Cast) -> None:
    bulletin = draft(cast, opinion="请整改。")
    sentence = "签发印发和在门户网站公开须由示例市人民政府的负责人办理"
    page = login(cast.supervisor).get(url(bulletin)).content.decode()
    assert sentence in page
    assert 'action="' + url(bulletin, "issue") not in page  # no button for them
    refused = login(cast.supervisor).post(url(bulletin, "issue"))
    assert refused.status_code == 403 and sentence in refused.content.decode()
    head_page = login(cast.city_head).get(url(bulletin)).content.decode()
    assert url(bulletin, "issue") in head_page and "data-confirm" in head_page


def test_a_draft_is_marked_in_its_pdf_and_word_files(cast: Cast) -> None:
    from docx import Document

    bulletin = draft(cast, opinion="请整改。")
    assert "草稿" in documents.render_html(bulletin)
    response = login(cast.supervisor).get(url(bulletin) + "download.docx")
    texts = [p.text for p in Document(io.BytesIO(body(response))).paragraphs]
    assert "（草稿，未签发）" in texts
    final = bulletin_issue(bulletin=bulletin, acting_user=cast.city_head)
    assert "草稿" not in documents.render_html(final)


def test_the_bulletin_exports_its_table(cast: Cast) -> None:
    from openpyxl import load_workbook

    answered(cast)
    bulletin = issued(cast)
    response = login(cast.supervisor).get(url(bulletin) + "export.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[2]][:2] == ["排名", "单位"]
    names = {row[1].value for row in sheet.iter_rows(min_row=3)}
    assert cast.office.name in names
    assert login(cast.other_head).get(url(bulletin) + "export.xlsx").status_code == 404
