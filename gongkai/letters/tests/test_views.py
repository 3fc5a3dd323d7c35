"""Views: template editing for the 机关管理员; downloads for the case's readers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.letters.kinds import LetterKind
from gongkai.letters.models import LetterTemplate
from gongkai.letters.tests.factories import generate_letter, make_case
from gongkai.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def letter(cast):
    return generate_letter(
        case=make_case(cast.office),
        kind=LetterKind.RECEIPT,
        acting_user=cast.handler,
    )


@pytest.mark.parametrize("who", ["handler", "supervisor"])
@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_the_case_readers_download_the_letter(client, cast, letter, who, ext) -> None:
    client.force_login(cast.users()[who])
    response = client.get(reverse("letters:download", args=[letter.uid, ext]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    stored = letter.docx if ext == "docx" else letter.rendition.file
    stored.open("rb")
    assert body == stored.read()


def test_an_outsider_gets_404(client, cast, letter) -> None:
    client.force_login(cast.outsider)
    response = client.get(reverse("letters:download", args=[letter.uid, "pdf"]))
    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, letter, settings) -> None:
    settings.LOGIN_URL = "/login/"  # independent of the accounts app's urls
    response = client.get(reverse("letters:download", args=[letter.uid, "pdf"]))
    assert response.status_code == 302


def test_an_unknown_extension_is_404(client, cast, letter) -> None:
    client.force_login(cast.handler)
    response = client.get(reverse("letters:download", args=[letter.uid, "exe"]))
    assert response.status_code == 404


def _edit_url(name: str, cast, kind: str = "receipt") -> str:
    return reverse(f"letters:{name}", args=[cast.office.pk, kind])


def test_the_admin_sees_every_kind(client, cast) -> None:
    client.force_login(cast.admin)
    url = reverse("letters:template-list", args=[cast.office.pk])
    page = client.get(url).content.decode()
    for kind in LetterKind:
        assert kind.label in page


def test_the_admin_edits_with_the_default_prefilled(client, cast) -> None:
    client.force_login(cast.admin)
    page = client.get(_edit_url("template-edit", cast)).content.decode()
    assert "政府信息公开申请接收回执" in page and "application.query_code" in page


@pytest.mark.parametrize("who", ["handler", "supervisor", "outsider", "bureau_admin"])
def test_only_the_agency_admin_may_edit_templates(client, cast, who) -> None:
    if who == "bureau_admin":  # the 机关管理员 and 负责人 of another agency
        client.force_login(make_user(who, cast.bureau, Role.ADMIN, Role.HEAD))
    else:
        client.force_login(cast.users()[who])
    assert client.get(_edit_url("template-edit", cast)).status_code == 404
    response = client.post(
        _edit_url("template-save", cast), {"title": "t", "body": "b"}
    )
    assert response.status_code == 404
    assert not LetterTemplate.objects.exists()


def test_saving_a_template_redirects_to_the_list(client, cast) -> None:
    client.force_login(cast.admin)
    response = client.post(
        _edit_url("template-save", cast),
        {"title": "受理回执", "body": "已收到。查询码：{{ application.query_code }}"},
    )
    assert response.status_code == 302
    template = LetterTemplate.objects.get(agency=cast.office, kind="receipt")
    assert template.title == "受理回执" and template.updated_by == cast.admin


def test_a_broken_template_re_renders_with_a_chinese_error(client, cast) -> None:
    client.force_login(cast.admin)
    response = client.post(
        _edit_url("template-save", cast), {"title": "回执", "body": "{% if %}"}
    )
    assert response.status_code == 200
    assert "模板语法错误" in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_a_missing_title_re_renders_with_a_chinese_error(client, cast) -> None:
    client.force_login(cast.admin)
    response = client.post(_edit_url("template-save", cast), {"title": "", "body": "x"})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()


def test_preview_renders_sample_data_and_saves_nothing(client, cast) -> None:
    client.force_login(cast.admin)
    response = client.post(
        _edit_url("template-preview", cast, "reply_withheld"),
        {"title": "答复书", "body": "{{ reply.basis }}，{{ reply.decision }}"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "预览" in page and 'class="letter-preview"' in page
    frame = client.get(_edit_url("template-preview-frame", cast, "reply_withheld"))
    letter = frame.content.decode()
    assert "第十四条" in letter and "申请行政复议" in letter
    # Framed by its own edit page only; styled by the static letter.css.
    assert frame["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in frame["Content-Security-Policy"]
    assert "/static/gongkai/letter.css" in letter and "<style" not in letter
    assert not LetterTemplate.objects.exists()


def test_the_preview_frame_shows_only_the_same_templates_preview(client, cast) -> None:
    client.force_login(cast.admin)
    assert client.get(_edit_url("template-preview-frame", cast)).status_code == 404
    client.post(_edit_url("template-preview", cast), {"title": "回执", "body": "x"})
    assert client.get(_edit_url("template-preview-frame", cast)).status_code == 200
    other = _edit_url("template-preview-frame", cast, "reply_withheld")
    assert client.get(other).status_code == 404


def test_reset_returns_to_the_default(client, cast) -> None:
    client.force_login(cast.admin)
    client.post(_edit_url("template-save", cast), {"title": "回执", "body": "x"})
    response = client.post(_edit_url("template-reset", cast))
    assert response.status_code == 302
    assert not LetterTemplate.objects.exists()


def test_the_template_pages_keep_the_staff_navigation(client, cast) -> None:
    client.force_login(cast.admin)
    url = reverse("letters:template-list", args=[cast.office.pk])
    html = client.get(url).content.decode()
    assert 'aria-label="工作导航"' in html and reverse("cases:dashboard") in html
