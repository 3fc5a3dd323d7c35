"""The simple template editor: paragraphs, placeholders, PDF preview, the admin's menu."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from gongkai.letters.models import LetterTemplate
from gongkai.letters.services import letter_template_for
from gongkai.testing import Cast


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(
    cast: Cast, kind: str = "correction", name: str = "template-paragraphs"
) -> str:
    return reverse(f"letters:{name}", args=[cast.office.pk, kind])


def _posted(client: Client, cast: Cast, **changes: str) -> dict[str, Any]:
    form = client.get(_url(cast)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(changes)
    return data


def test_the_admin_edits_a_paragraph_with_a_named_placeholder(cast: Cast) -> None:
    client = _client(cast.admin)
    page = client.get(_url(cast)).content.decode()
    assert "【补正事项】" in page and "{{" not in page.split('id="paragraph-form"')[1]
    assert "（条件段落，只读）" in page
    data = _posted(
        client,
        cast,
        p4="如有疑问，请致电【本机关联系电话】咨询。",
        new0="本通知书一式两份。",
    )
    response = client.post(_url(cast), data)
    assert response.status_code == 302
    _title, body, source = letter_template_for(cast.office, "correction")
    assert source.startswith("agency:")
    assert "如有疑问，请致电{{ agency.phone }}咨询。" in body
    assert "{% if deadline %}" in body  # the fixed paragraph is kept as it was
    lines = body.splitlines()
    assert lines[-2:] == ["本通知书一式两份。", "特此告知。"]


def test_an_unknown_placeholder_is_a_chinese_error_and_nothing_is_saved(
    cast: Cast,
) -> None:
    client = _client(cast.admin)
    response = client.post(_url(cast), _posted(client, cast, p0="请于【缴费日期】前"))
    assert response.status_code == 400
    assert "未知的占位符：【缴费日期】" in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_a_form_from_before_someone_elses_save_is_refused(cast: Cast) -> None:
    client = _client(cast.admin)
    stale = _posted(client, cast, p0="甲")
    client.post(_url(cast), _posted(client, cast, p0="乙"))
    response = client.post(_url(cast), stale)
    assert response.status_code == 400 and "模板已被修改" in response.content.decode()


def test_the_preview_is_the_pdf_and_saves_nothing(cast: Cast) -> None:
    client = _client(cast.admin)
    data = _posted(client, cast, p0="预览段落【申请人姓名或名称】")
    response = client.post(_url(cast, name="template-paragraphs-pdf"), data)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert not LetterTemplate.objects.exists()


def test_only_the_agencys_admin_gets_the_editor_and_the_menu(cast: Cast) -> None:
    assert _client(cast.handler).get(_url(cast)).status_code == 404
    assert _client(cast.other_head).get(_url(cast)).status_code == 404
    admin = _client(cast.admin)
    assert (
        'href="/letters/templates/">文书模板</a>'
        in admin.get("/staff/").content.decode()
    )
    assert admin.get("/letters/templates/")["Location"] == reverse(
        "letters:template-list", args=[cast.office.pk]
    )
    handler = _client(cast.handler)
    assert "文书模板" not in handler.get("/staff/").content.decode()
    assert handler.get("/letters/templates/")["Location"] == reverse("cases:dashboard")
