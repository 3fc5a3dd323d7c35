"""The public form and tracking: bad input saves nothing, a double submit makes one application."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.cases.models import Attachment, Case, Status
from gongkai.cases.tests.states import make_case


def _form(cast, client, **overrides):
    token = client.get(reverse("apply:form")).context["form"].initial["token"]
    data = {
        "agency": cast.office.pk,
        "applicant_type": "natural_person",
        "applicant_name": "王五",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13700001111",
        "email": "wangwu@example.com",
        "description": "请公开本市2025年财政预算执行情况报告",
        "info_form": "electronic",
        "delivery_way": "email",
        "token": str(token),
        "confirm_truthful": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_missing_fields_re_render_in_chinese_and_save_nothing(cast, client):
    response = client.post(
        reverse("apply:form"),
        _form(cast, client, applicant_name="", description=None, phone="12345"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写申请人的姓名或名称。" in html
    assert "请描述所需的政府信息。" in html
    assert "请输入有效的手机号码" in html
    assert Case.objects.count() == 0


def test_a_malformed_identity_number_is_refused(cast, client):
    response = client.post(
        reverse("apply:form"), _form(cast, client, id_number="110105194912310021")
    )
    assert response.status_code == 400
    assert "居民身份证号码无效" in response.content.decode()
    assert Case.objects.count() == 0


def test_an_organisation_needs_its_credit_code_and_representative(cast, client):
    data = _form(
        cast, client, applicant_type="commercial", applicant_name="示例科技有限公司"
    )
    response = client.post(reverse("apply:form"), data)
    assert response.status_code == 400
    assert "法人或其他组织请填写法定代表人或负责人。" in response.content.decode()


def test_a_double_submit_creates_one_application(cast, client):
    data = _form(cast, client)
    first = client.post(reverse("apply:form"), data)
    second = client.post(reverse("apply:form"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Case.objects.count() == 1
    case = Case.objects.get()
    assert case.status == Status.SUBMITTED and case.channel == "online"


def test_an_attachment_is_kept_with_the_application(cast, client):
    upload = SimpleUploadedFile(
        "申请书.pdf", b"%PDF-1.7\n" + b"0" * 100, content_type="application/pdf"
    )
    response = client.post(
        reverse("apply:form"), {**_form(cast, client), "attachment": upload}
    )
    assert response.status_code == 302
    assert Attachment.objects.get().original_name == "申请书.pdf"


def test_an_oversized_attachment_is_refused(cast, client):
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024 + 1))
    response = client.post(
        reverse("apply:form"), {**_form(cast, client), "attachment": big}
    )
    assert response.status_code == 400
    assert "附件不能超过10MB。" in response.content.decode()
    assert Case.objects.count() == 0


def test_a_non_document_attachment_is_refused(cast, client):
    exe = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = client.post(
        reverse("apply:form"), {**_form(cast, client), "attachment": exe}
    )
    assert response.status_code == 400
    assert "附件内容与其文件类型不符" in response.content.decode()
    script = SimpleUploadedFile("run.sh", b"#!/bin/sh\n")
    response = client.post(
        reverse("apply:form"), {**_form(cast, client), "attachment": script}
    )
    assert "只接受 PDF" in response.content.decode()
    assert Case.objects.count() == 0


def test_the_receipt_is_only_shown_to_the_browser_that_applied(cast, client):
    response = client.post(reverse("apply:form"), _form(cast, client))
    other = client.__class__()
    assert other.get(response["Location"]).status_code == 302
    assert (
        Case.objects.get().query_code
        in client.get(response["Location"]).content.decode()
    )


def test_tracking_shows_status_and_due_date_only(cast, client):
    case = make_case(cast, Status.IN_PROGRESS)
    response = client.post(
        reverse("track:track"),
        {"query_code": case.query_code.lower(), "phone_last4": "5678"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "办理中" in html and "2026年3月30日" in html
    assert case.applicant_name not in html and case.description not in html


def test_a_tampered_query_code_or_wrong_phone_finds_nothing(cast, client):
    case = make_case(cast, Status.IN_PROGRESS)
    tampered = case.query_code[:-1] + ("2" if case.query_code[-1] != "2" else "3")
    for code, last4 in ((tampered, "5678"), (case.query_code, "0000")):
        response = client.post(
            reverse("track:track"), {"query_code": code, "phone_last4": last4}
        )
        assert response.status_code == 404
        assert "没有找到" in response.content.decode()
        assert response.context["case"] is None


def test_a_token_replayed_from_another_session_shows_nothing_of_the_first(cast, client):
    from django.test import Client

    data = _form(cast, client)
    first = client.post(reverse("apply:form"), data)
    assert first.status_code == 302
    victim = Case.objects.get()
    receipt = client.get(first["Location"]).content.decode()
    assert victim.query_code in receipt

    other = Client()
    other.get(reverse("apply:form"))
    replay = other.post(reverse("apply:form"), {**data, "applicant_name": "赵六"})
    assert replay.status_code == 302 and replay["Location"] != first["Location"]
    page = other.get(replay["Location"]).content.decode()
    assert victim.query_code not in page and "王五" not in page
    assert Case.objects.count() == 2  # the replay filed the visitor's own


def test_a_credit_code_with_a_wrong_check_character_is_refused(cast, client):
    """GB 32100-2015: 91350100M000100Y43 is well-formed; …44 fails its check."""
    base = _form(
        cast,
        client,
        applicant_type="commercial",
        applicant_name="示例科技有限公司",
        id_type="credit_code",
        legal_representative="王某",
    )
    wrong = client.post(
        reverse("apply:form"), {**base, "id_number": "91350100M000100Y44"}
    )
    assert wrong.status_code == 400
    assert "校验位不符" in wrong.content.decode()
    right = client.post(
        reverse("apply:form"), {**base, "id_number": "91350100M000100Y43"}
    )
    assert right.status_code == 302


def test_the_form_marks_required_fields_and_names_them(cast, client):
    page = client.get(reverse("apply:form")).content.decode()
    assert "带 <span>*</span> 的为必填项" in page
    assert 'class="required"' in page and "apply.js" in page
