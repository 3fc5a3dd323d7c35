"""/apply/: a limit per address, and bodies over the cap refused unread."""

from __future__ import annotations

import uuid

from django.test import Client, override_settings
from django.urls import reverse

from gongkai.cases.models import Case

FORM = {
    "applicant_type": "natural_person",
    "applicant_name": "张三",
    "id_type": "other",
    "id_number": "TEST-0001",
    "phone": "13800138000",
    "description": "请公开本机关2025年度政府信息公开工作年度报告的编制依据。",
    "info_form": "electronic",
    "delivery_way": "online",
    "confirm_truthful": "on",
}


def _apply(client, cast, ip):
    return client.post(
        reverse("apply:form"),
        {**FORM, "agency": cast.office.pk, "token": str(uuid.uuid4())},
        REMOTE_ADDR=ip,
    )


@override_settings(APPLY_THROTTLE={"max_per_ip": 3, "window": 3600})
def test_one_address_files_a_few_then_gets_a_clear_refusal(cast):
    client = Client()
    for _ in range(3):
        assert _apply(client, cast, "203.0.113.5").status_code == 302
    refused = _apply(client, cast, "203.0.113.5")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "同一网络地址提交的申请过多" in page and "分钟后再提交" in page
    assert Case.objects.count() == 3
    # Another address is not affected.
    assert _apply(client, cast, "198.51.100.7").status_code == 302


@override_settings(APPLY_THROTTLE={"max_per_ip": 2, "window": 3600})
def test_an_invalid_form_does_not_count(cast):
    client = Client()
    for _ in range(5):
        response = client.post(
            reverse("apply:form"), {"agency": cast.office.pk}, REMOTE_ADDR="10.9.9.9"
        )
        assert response.status_code == 400
    assert _apply(client, cast, "10.9.9.9").status_code == 302


@override_settings(REQUEST_MAX_BYTES=1024 * 1024)
def test_a_body_over_the_cap_is_refused_before_it_is_read(cast):
    class Unreadable:
        """A body that fails the test if anything reads it."""

        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    client = Client()
    response = client.generic(
        "POST",
        reverse("apply:form"),
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(30 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()
    assert Case.objects.count() == 0
