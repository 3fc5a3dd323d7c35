"""The API as another system uses it: public reads, tokens, staff reads and writes."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from openapi_spec_validator import validate

from gongkai.api.models import ApiTokenEvent, Scope
from gongkai.api.services import api_token_create, api_token_revoke
from gongkai.cases.models import Case, CaseEvent, Status
from gongkai.cases.tests.states import make_case
from gongkai.reports.services.samples import report_load_samples
from gongkai.testing import TODAY, make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    """Each test starts with no requests counted against the public rate limit
    (other tests in the same process may have used it up within the minute)."""
    from django.core.cache import cache

    cache.clear()


SCHEMA = json.loads(
    (Path(__file__).resolve().parents[3] / "docs" / "report-schema.json").read_text()
)


def token_for(
    cast: Any, agency: Any = None, scope: str = Scope.READ_WRITE, who: Any = None
) -> str:
    _, key = api_token_create(
        agency=agency or cast.office,
        name="12345热线",
        scope=scope,
        acting_as=who or cast.registrar,
        expires_on=TODAY + dt.timedelta(days=30),
        acting_user=cast.admin if agency in (None, cast.office) else who_admin(agency),
    )
    return key


def who_admin(agency: Any) -> Any:
    from gongkai.accounts.models import Role

    return make_user(f"admin-{agency.code}", agency, Role.ADMIN)


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def application_payload(**over: Any) -> dict[str, Any]:
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "channel": "in_person",
        "arrived_on": TODAY.isoformat(),
        "applicant_type": "natural_person",
        "applicant_name": "李四",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "email": "lisi@example.com",
        "description": "请公开2025年本市老旧小区改造项目的资金使用情况",
    }
    return data | over


# -- the description ------------------------------------------------------------


def test_the_openapi_document_validates(client: Any) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["info"]["version"] == "1"
    assert "/api/v1/staff/applications" in document["paths"]


def test_the_docs_page_is_served_without_a_cdn(client: Any) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_an_unknown_address_answers_in_the_error_shape(client: Any) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


# -- public ----------------------------------------------------------------------


def test_every_published_report_validates_against_the_schema(client: Any) -> None:
    stored = report_load_samples()
    listing = client.get("/api/v1/reports?limit=200").json()
    assert listing["count"] == len(stored)
    for row in listing["items"]:
        data = client.get(row["url"]).json()
        jsonschema.validate(data, SCHEMA)
        assert data["year"] == row["year"]


def test_reports_filter_by_year_and_format(client: Any) -> None:
    report_load_samples()
    rows = client.get("/api/v1/reports?format=2019").json()["items"]
    assert rows and {r["format"] for r in rows} == {"2019"}
    year = rows[0]["year"]
    by_year = client.get(f"/api/v1/reports?year={year}").json()["items"]
    assert {r["year"] for r in by_year} == {year}


def test_a_bad_query_parameter_is_a_chinese_field_error(client: Any) -> None:
    response = client.get("/api/v1/reports?year=二〇二四")
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "invalid"
    assert body["fields"] == {"year": ["应为整数。"]}


def test_an_unpublished_report_is_not_found(client: Any, cast: Any) -> None:
    from gongkai.reports.models import AnnualReport

    [sample, *_] = report_load_samples()
    AnnualReport.objects.filter(pk=sample.pk).update(status="draft")
    assert client.get(f"/api/v1/reports/{sample.pk}").status_code == 404


def test_catalogue_lists_only_published_items_and_searches(
    client: Any, cast: Any
) -> None:
    cast.set_up_catalogue()
    published = cast.published()
    cast.item(title="尚未发布的草稿")
    body = client.get("/api/v1/catalogue").json()
    assert body["count"] == 1
    assert body["items"][0]["index_number"] == published.index_number
    assert client.get("/api/v1/catalogue?q=低保").json()["count"] == 1
    assert client.get("/api/v1/catalogue?q=草稿").json()["count"] == 0
    detail = client.get(f"/api/v1/catalogue/{published.pk}").json()
    assert detail["body"] == published.body


def test_agencies_paginate(client: Any, cast: Any) -> None:
    first = client.get("/api/v1/agencies?limit=2").json()
    second = client.get("/api/v1/agencies?limit=2&offset=2").json()
    assert first["count"] == second["count"] == 4
    codes = [a["code"] for a in first["items"] + second["items"]]
    assert sorted(codes) == ["bureau", "city", "office", "other"]


def test_an_unchanged_answer_is_304_by_its_etag(client: Any, cast: Any) -> None:
    first = client.get("/api/v1/agencies")
    etag = first["ETag"]
    again = client.get("/api/v1/agencies", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    make_agency("新设的局", "new")
    changed = client.get("/api/v1/agencies", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200


def test_public_reads_are_rate_limited(client: Any, settings: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.API_PUBLIC_RATE = "3/m"
    statuses = [client.get("/api/v1/agencies").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    body = client.get("/api/v1/agencies").json()
    assert body["error"]["message"] == "请求过于频繁，请稍后再试。"


# -- tokens ----------------------------------------------------------------------


def test_no_token_or_a_wrong_one_is_401_in_chinese(client: Any, cast: Any) -> None:
    response = client.get("/api/v1/staff/applications")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "请提供有效的接口令牌。"
    wrong = client.get("/api/v1/staff/applications", **bearer("gk_00000000_nope"))
    assert wrong.status_code == 401
    assert wrong.json()["error"]["message"] == "令牌无效。"


def test_every_use_and_refusal_is_in_the_security_log(
    client: Any, cast: Any, frozen_time: Any
) -> None:
    key = token_for(cast)
    client.get("/api/v1/staff/whoami", **bearer(key))
    [token] = cast.office.api_tokens.all()
    api_token_revoke(token=token, acting_user=cast.admin)
    response = client.get("/api/v1/staff/whoami", **bearer(key))
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "令牌已被吊销。"
    kinds = list(
        ApiTokenEvent.objects.filter(token=token)
        .order_by("at", "pk")
        .values_list("kind", "path")
    )
    assert kinds == [
        ("created", ""),
        ("used", "/api/v1/staff/whoami"),
        ("revoked", ""),
        ("refused", "/api/v1/staff/whoami"),
    ]
    # The same four in the installation's security log, filed under the agency.
    from gongkai.accounts.models import SecurityEvent

    central = list(
        SecurityEvent.objects.filter(kind="api_token")
        .order_by("at", "pk")
        .values_list("detail__event", "path", "agency_id")
    )
    assert central == [
        ("created", "", cast.office.pk),
        ("used", "/api/v1/staff/whoami", cast.office.pk),
        ("revoked", "", cast.office.pk),
        ("refused", "/api/v1/staff/whoami", cast.office.pk),
    ]
    client.force_login(cast.admin)
    page = client.get("/accounts/security-log/").content.decode()
    assert "拒绝使用接口令牌“12345热线”" in page


def test_an_expired_token_is_refused(client: Any, cast: Any, frozen_time: Any) -> None:
    key = token_for(cast)
    frozen_time.shift(dt.timedelta(days=31))
    response = client.get("/api/v1/staff/whoami", **bearer(key))
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "令牌已过期。"


def test_only_the_agency_admin_creates_tokens(cast: Any) -> None:
    from gongkai.api.errors import ApiTokenError

    for user in (cast.head, cast.registrar, cast.supervisor):
        with pytest.raises(ApiTokenError):
            api_token_create(
                agency=cast.office,
                name="x",
                scope=Scope.READ,
                acting_as=cast.registrar,
                expires_on=TODAY + dt.timedelta(days=3),
                acting_user=user,
            )
    with pytest.raises(ApiTokenError, match="只能以本机关"):
        api_token_create(
            agency=cast.office,
            name="x",
            scope=Scope.READ,
            acting_as=cast.outsider,
            expires_on=TODAY + dt.timedelta(days=3),
            acting_user=cast.admin,
        )


# -- staff reads -----------------------------------------------------------------


def test_applications_are_masked_and_carry_their_events(
    client: Any, cast: Any, frozen_time: Any
) -> None:
    case = make_case(cast, Status.IN_PROGRESS)
    key = token_for(cast, scope=Scope.READ)
    rows = client.get("/api/v1/staff/applications", **bearer(key)).json()["items"]
    assert [r["id"] for r in rows] == [case.pk]
    assert rows[0]["id_number_masked"] == "1101**********002X"
    assert rows[0]["phone_masked"] == "138****5678"
    assert "11010519491231002X" not in json.dumps(rows)
    detail = client.get(f"/api/v1/staff/applications/{case.pk}", **bearer(key)).json()
    assert [e["kind"] for e in detail["events"]] == ["registered", "assigned"]
    assert detail["due_on"] == case.due_on.isoformat()


STAFF_READS = [
    "/api/v1/staff/applications",
    "/api/v1/staff/applications/{case}",
    "/api/v1/staff/catalogue/drafts",
]


@pytest.mark.parametrize("path", STAFF_READS)
def test_a_token_of_another_agency_reads_nothing_of_ours(
    client: Any, cast: Any, frozen_time: Any, path: str
) -> None:
    cast.set_up_catalogue()
    case = make_case(cast, Status.IN_PROGRESS)
    cast.item()
    ours = token_for(cast, scope=Scope.READ)
    theirs = token_for(cast, agency=cast.bureau, who=cast.outsider, scope=Scope.READ)
    url = path.format(case=case.pk)
    mine = client.get(url, **bearer(ours))
    assert mine.status_code == 200
    response = client.get(url, **bearer(theirs))
    if "{case}" in path:
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert response.json() == {"items": [], "count": 0}


def test_a_supervisors_view_does_not_widen_a_token(
    client: Any, cast: Any, frozen_time: Any
) -> None:
    """A person who also supervises the city reads only the token's agency."""
    from gongkai.accounts.models import Membership, Role

    make_case(cast, Status.IN_PROGRESS)
    Membership.objects.create(
        user=cast.outsider, agency=cast.city, role=Role.SUPERVISOR
    )
    theirs = token_for(cast, agency=cast.bureau, who=cast.outsider, scope=Scope.READ)
    body = client.get("/api/v1/staff/applications", **bearer(theirs)).json()
    assert body["count"] == 0


# -- staff writes ----------------------------------------------------------------


def test_an_application_created_by_api_is_in_the_registrars_queue(
    client: Any, cast: Any, frozen_time: Any
) -> None:
    key = token_for(cast)
    payload = application_payload()
    response = client.post(
        "/api/v1/staff/applications",
        data=payload,
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert case.status == Status.REGISTERED
    [event] = case.events.all()
    assert event.kind == CaseEvent.Kind.REGISTERED
    assert event.actor == cast.registrar
    assert event.data["source"].startswith("接口令牌：12345热线")
    client.force_login(cast.registrar)
    page = client.get("/staff/").content.decode()
    assert case.number in page
    # The same key again creates nothing.
    client.logout()
    again = client.post(
        "/api/v1/staff/applications",
        data=payload,
        content_type="application/json",
        **bearer(key),
    )
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert Case.objects.count() == 1


def test_a_bad_application_is_refused_field_by_field(
    client: Any, cast: Any, frozen_time: Any
) -> None:
    key = token_for(cast)
    response = client.post(
        "/api/v1/staff/applications",
        data=application_payload(id_number="123", phone="12", email=""),
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert fields["id_number"] == ["居民身份证号码无效，请核对（18位，末位可为X）。"]
    assert "phone" in fields and "email" in fields
    assert Case.objects.count() == 0


def test_a_read_token_cannot_write(client: Any, cast: Any, frozen_time: Any) -> None:
    key = token_for(cast, scope=Scope.READ)
    response = client.post(
        "/api/v1/staff/applications",
        data=application_payload(),
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "该令牌为只读，不能写入。"


def test_a_handlers_token_cannot_register(
    client: Any, cast: Any, frozen_time: Any
) -> None:
    """The same permission as the web: registering needs a 登记员 or 负责人."""
    key = token_for(cast, who=cast.handler)
    response = client.post(
        "/api/v1/staff/applications",
        data=application_payload(),
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 403
    assert Case.objects.count() == 0


def test_a_draft_created_by_api_follows_the_catalogue_workflow(
    client: Any, cast: Any, frozen_time: Any
) -> None:
    cast.set_up_catalogue()
    key = token_for(cast, who=cast.handler)
    payload = {
        "title": "示例市2026年城市更新专项规划",
        "summary": "城市更新专项规划全文。",
        "generated_on": "2026-02-27",
        "category_code": "GFXWJ",
        "art20_item": "3",
    }
    response = client.post(
        "/api/v1/staff/catalogue/drafts",
        data=payload,
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft"
    assert response.json()["publication_due"]
    bad = client.post(
        "/api/v1/staff/catalogue/drafts",
        data=payload | {"category_code": "NOPE"},
        content_type="application/json",
        **bearer(key),
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["fields"] == {
        "category_code": ["本机关没有这个信息类别代码。"]
    }


def test_a_nul_in_a_query_is_refused_before_the_database(client: Any) -> None:
    response = client.get("/api/v1/catalogue", {"agency": "a\x00b"})
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "查询参数含有无效字符。"
