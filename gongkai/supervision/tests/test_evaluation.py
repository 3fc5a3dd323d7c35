"""社会评议: the applicant rates an answered application once, identified as on /track/."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from gongkai.supervision.models import Evaluation
from gongkai.supervision.services import evaluation_submit
from gongkai.supervision.tests.conftest import answered, assigned
from gongkai.testing import Cast

URL = "/supervision/evaluate/"
LIMITS = {"max_per_ip": 4, "max_per_code": 3, "window": 600, "lockout": 1200}


def _post(
    client: Client, code: str, last4: str = "5678", ip: str = "203.0.113.7", **extra
):
    data = {"query_code": code, "phone_last4": last4, "rating": "satisfied"} | extra
    return client.post(URL, data, REMOTE_ADDR=ip)


def test_the_page_is_public(cast: Cast) -> None:
    response = Client().get(URL)
    assert response.status_code == 200
    assert "评价政府信息公开申请的答复" in response.content.decode()


def test_the_applicant_rates_the_reply_with_reasons_and_a_comment(cast: Cast) -> None:
    case = answered(cast)
    response = _post(
        Client(),
        case.query_code,
        rating="dissatisfied",
        reasons=["incomplete", "basis"],
        comment="答复没有提供附件。",
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(case=case)
    assert evaluation.rating == "dissatisfied"
    assert evaluation.reason_labels == ["答复内容不完整", "依据不充分"]
    assert evaluation.comment == "答复没有提供附件。"
    page = Client().get(response["Location"])
    assert page.status_code == 200


def test_the_query_code_is_read_as_on_track(cast: Cast) -> None:
    case = answered(cast)
    assert _post(Client(), f"  {case.query_code.lower()} ").status_code == 302
    assert Evaluation.objects.filter(case=case).count() == 1


def test_a_reply_is_rated_only_once(cast: Cast) -> None:
    case = answered(cast)
    client = Client()
    assert _post(client, case.query_code).status_code == 302
    response = _post(client, case.query_code, rating="dissatisfied")
    assert response.status_code == 400
    assert "每件申请只能评价一次" in response.content.decode()
    assert Evaluation.objects.get(case=case).rating == "satisfied"


def test_the_service_refuses_a_second_evaluation(cast: Cast) -> None:
    case = answered(cast)
    evaluation_submit(case=case, rating="satisfied", reasons=[])
    with pytest.raises(ValidationError, match="只能评价一次"):
        evaluation_submit(case=case, rating="dissatisfied", reasons=[])


def test_an_unanswered_application_cannot_be_rated(cast: Cast) -> None:
    case = assigned(cast)
    response = _post(Client(), case.query_code)
    assert response.status_code == 400
    assert "该申请尚未答复" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_wrong_digits_find_nothing_and_save_nothing(cast: Cast) -> None:
    case = answered(cast)
    response = _post(Client(), case.query_code, last4="0000")
    assert response.status_code == 404
    page = response.content.decode()
    assert "没有找到与该查询码和电话号码相符的申请" in page
    assert not Evaluation.objects.exists()


def test_an_unknown_code_finds_nothing(cast: Cast) -> None:
    assert _post(Client(), "NOSUCHCODE01").status_code == 404


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"rating": ""}, "请选择对答复的评价。"),
        ({"rating": "great"}, "请选择“满意”“基本满意”或“不满意”。"),
        ({"reasons": ["bribery"]}, "请从列出的原因中选择。"),
        ({"comment": "长" * 501}, "意见和建议不能超过500字。"),
        ({"phone_last4": "12a4"}, "请填写联系电话的后四位数字。"),
        ({"query_code": ""}, "请填写查询码。"),
    ],
)
def test_invalid_input_is_refused_in_chinese(cast: Cast, extra, message) -> None:
    case = answered(cast)
    response = _post(Client(), case.query_code, **extra)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evaluation.objects.exists()


@override_settings(TRACK_THROTTLE=LIMITS)
def test_guessing_is_throttled_like_track(cast: Cast) -> None:
    case = answered(cast)
    client = Client()
    for n in range(3):
        assert (
            _post(
                client, case.query_code, last4="0000", ip=f"198.51.100.{n}"
            ).status_code
            == 404
        )
    response = _post(client, case.query_code, ip="198.51.100.9")
    assert response.status_code == 429
    assert "查询失败次数过多" in response.content.decode()
    assert not Evaluation.objects.exists()


@override_settings(TRACK_THROTTLE=LIMITS)
def test_failures_on_track_count_here_too(cast: Cast) -> None:
    case = answered(cast)
    client = Client()
    for n in range(4):
        client.post(
            "/track/",
            {"query_code": f"WRONG{n:05d}", "phone_last4": "1234"},
            REMOTE_ADDR="203.0.113.7",
        )
    assert _post(client, case.query_code).status_code == 429
    assert not Evaluation.objects.exists()


def test_track_links_an_answered_application_to_the_evaluation(cast: Cast) -> None:
    case = answered(cast)
    page = (
        Client()
        .post("/track/", {"query_code": case.query_code, "phone_last4": "5678"})
        .content.decode()
    )
    assert URL in page
    open_case = assigned(cast, phone="13900001111")
    page = (
        Client()
        .post("/track/", {"query_code": open_case.query_code, "phone_last4": "1111"})
        .content.decode()
    )
    assert URL not in page
