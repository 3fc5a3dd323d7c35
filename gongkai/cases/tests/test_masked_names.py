"""Applicants' names: in full for the agency's case workers, masked for the rest."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.cases.models import Case, Status
from gongkai.cases.privacy import mask_name
from gongkai.cases.tests.exports import exported
from gongkai.cases.tests.states import make_case


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张", "*"), ("张三", "张*"), ("欧阳娜", "欧*娜"), ("王小二明", "王**明")],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


@pytest.fixture
def case(cast):
    case = make_case(cast, Status.IN_PROGRESS)
    Case.objects.filter(pk=case.pk).update(applicant_name="欧阳娜娜")
    case.refresh_from_db()
    return case


@pytest.mark.parametrize(
    ("who", "shown"),
    [
        ("handler", "欧阳娜娜"),
        ("registrar", "欧阳娜娜"),
        ("head", "欧阳娜娜"),
        ("supervisor", "欧**娜"),
        ("admin", "欧**娜"),
    ],
)
def test_the_case_page_and_list_mask_the_name_for_supervisors_and_admins(
    client, cast, case, who, shown
):
    client.force_login(getattr(cast, who))
    detail = client.get(reverse("cases:detail", args=[case.pk]))
    assert detail.status_code == 200
    listing = client.get(reverse("cases:list"))
    for page in (detail.content.decode(), listing.content.decode()):
        assert shown in page
        if shown != "欧阳娜娜":
            assert "欧阳娜娜" not in page


def test_a_supervisor_cannot_confirm_a_name_by_searching(client, cast, case):
    client.force_login(cast.supervisor)
    found = client.get(reverse("cases:list"), {"q": "欧阳娜娜"}).content.decode()
    assert case.description[:20] not in found
    client.force_login(cast.handler)
    found = client.get(reverse("cases:list"), {"q": "欧阳娜娜"}).content.decode()
    assert "欧阳娜娜" in found


def test_pages_with_personal_data_are_not_stored_by_caches(client, cast, case):
    client.force_login(cast.handler)
    for url in (
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:list"),
        reverse("cases:personal-data", args=[case.pk]),
    ):
        assert "no-store" in client.get(url)["Cache-Control"], url
    client.logout()
    assert "no-store" in client.get(reverse("apply:form"))["Cache-Control"]
    assert "no-store" in client.get(reverse("track:track"))["Cache-Control"]


def test_every_page_has_a_content_security_policy_without_inline_scripts(client, cast):
    policy = client.get(reverse("apply:form"))["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_the_list_export_masks_the_name_as_the_page_does(
    client, cast, case, django_capture_on_commit_callbacks
):
    import io

    from openpyxl import load_workbook

    for who, shown in (("supervisor", "欧**娜"), ("handler", "欧阳娜娜")):
        client.force_login(getattr(cast, who))
        response = exported(client, django_capture_on_commit_callbacks)
        sheet = load_workbook(io.BytesIO(response.content)).active
        names = [row[3].value for row in sheet.iter_rows(min_row=3)]
        assert names == [shown], who


# -- every other place a person's name reaches a supervisor or 机关管理员 ------------

#: The viewers who read names masked, and one who reads them in full.
OUTSIDE_CASEWORK = ("supervisor", "admin")


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_companys_legal_representative_is_masked_on_the_case_page(client, cast, case):
    Case.objects.filter(pk=case.pk).update(
        applicant_type="commercial",
        applicant_name="示例置业有限公司",
        legal_representative="司马相如",
    )
    url = reverse("cases:detail", args=[case.pk])
    for who in OUTSIDE_CASEWORK:
        page = _page(client, getattr(cast, who), url)
        assert "司**如" in page and "司马相如" not in page, who
        assert "示例置业有限公司" in page  # a company's name is not personal data
    assert "司马相如" in _page(client, cast.handler, url)


def test_a_third_party_consulted_is_masked_and_a_co_producer_is_not(client, cast):
    from gongkai.cases import services
    from gongkai.testing import TODAY

    urls = []
    for kind, party in (("third_party", "上官婉儿"), ("co_producer", "示例市财政局")):
        consulted = make_case(cast, Status.IN_PROGRESS)
        services.case_start_consultation(
            case=consulted,
            kind=kind,
            party=party,
            letter_on=TODAY,
            acting_user=cast.head,
        )
        urls.append(reverse("cases:detail", args=[consulted.pk]))
    for who in OUTSIDE_CASEWORK:
        page = _page(client, getattr(cast, who), urls[0])
        assert "上**儿" in page and "上官婉儿" not in page, who
        assert "示例市财政局" in _page(client, getattr(cast, who), urls[1])
    assert "上官婉儿" in _page(client, cast.head, urls[0])


def test_a_letter_downloaded_by_a_supervisor_is_a_logged_full_view(client, cast, case):
    from gongkai.accounts.models import SecurityEvent
    from gongkai.cases import services
    from gongkai.letters.kinds import LetterKind
    from gongkai.testing import TODAY, at

    letter = services.case_issue_letter(
        case=case, kind=LetterKind.RECEIPT, acting_user=cast.registrar, now=at(TODAY)
    )
    url = reverse("letters:download", args=[letter.uid, "pdf"])
    views = SecurityEvent.objects.filter(kind="personal_data_viewed")
    client.force_login(cast.handler)
    assert client.get(url).status_code == 200
    assert not views.exists()  # the agency's own case work: as before
    for n, who in enumerate(OUTSIDE_CASEWORK, start=1):
        page = _page(
            client, getattr(cast, who), reverse("cases:detail", args=[case.pk])
        )
        assert "下载将被记录" in page
        client.force_login(getattr(cast, who))
        assert client.get(url).status_code == 200
        assert views.count() == n
        entry = views.latest("pk")
        assert entry.actor_id == getattr(cast, who).pk
        assert entry.agency_id == cast.office.pk
        assert (
            entry.detail["letter"] == str(letter.uid) and letter.number in entry.summary
        )


def _dispute(cast, case, party="欧阳娜娜"):
    import datetime as dt

    from gongkai.disputes.services import dispute_create

    return dispute_create(
        agency=cast.office,
        acting_user=cast.handler,
        kind="litigation_direct",
        number="（2026）示01行初9号",
        party=party,
        filed_on=dt.date(2026, 3, 1),
        case=case,
    )


def test_the_dispute_page_masks_the_applicant_or_plaintiff(client, cast, case):
    dispute = _dispute(cast, case)
    url = reverse("disputes:edit", args=[dispute.pk])
    for who in OUTSIDE_CASEWORK:
        page = _page(client, getattr(cast, who), url)
        assert "欧**娜" in page and "欧阳娜娜" not in page, who
    assert "欧阳娜娜" in _page(client, cast.handler, url)  # in the form, editable


def test_a_masked_party_is_kept_when_the_admin_saves_the_dispute(client, cast, case):
    from gongkai.disputes.models import Dispute

    dispute = _dispute(cast, case)
    client.force_login(cast.admin)
    response = client.post(
        reverse("disputes:edit", args=[dispute.pk]),
        {
            "kind": "litigation_direct",
            "number": "（2026）示01行初10号",
            "party": "张三",  # not a field of the admin's form: ignored
            "filed_on": "2026-03-01",
            "result": Dispute._meta.get_field("result").default,
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    dispute = Dispute.objects.get(pk=dispute.pk)
    assert (dispute.number, dispute.party) == ("（2026）示01行初10号", "欧阳娜娜")


def test_the_api_gives_names_only_to_a_token_of_a_case_worker(client, cast, case):
    """A token acts only as one of the agency's case workers (who read the name in
    full, as on the pages); once its person leaves the case work it answers 401,
    and a 机关管理员 never reads a name through it."""
    from gongkai.accounts.models import Membership, Role
    from gongkai.api.tests.test_api import bearer, token_for

    key = token_for(cast, scope="read", who=cast.head)
    listing = client.get("/api/v1/staff/applications", **bearer(key))
    detail = client.get(f"/api/v1/staff/applications/{case.pk}", **bearer(key))
    assert [r["applicant_name"] for r in listing.json()["items"]] == ["欧阳娜娜"]
    assert detail.json()["applicant_name"] == "欧阳娜娜"
    Membership.objects.filter(user=cast.head).update(role=Role.ADMIN)
    for url in ("/api/v1/staff/applications", f"/api/v1/staff/applications/{case.pk}"):
        response = client.get(url, **bearer(key))
        assert response.status_code == 401
        assert "欧阳娜娜" not in response.content.decode()


def test_the_delivery_list_masks_applicants_e_mail_addresses_for_the_admin(
    client, cast
):
    import uuid

    from gongkai.cases import services
    from gongkai.cases.tests.states import details
    from gongkai.testing import TODAY, at

    services.case_submit_online(
        agency=cast.office,
        details=details(email="ouyangnana@example.com", applicant_name="欧阳娜娜"),
        token=uuid.uuid4(),
        now=at(TODAY),
    )
    url = reverse("notifications:list")
    page = _page(client, cast.admin, url)
    assert "o***@example.com" in page and "ouyangnana@" not in page
    assert "ouyangnana@example.com" in _page(client, cast.registrar, url)


# -- free text: what people wrote may repeat a name or a number ------------------


def test_mask_names_in_masks_longer_names_first_and_numbers():
    from gongkai.cases.privacy import mask_names_in

    text = "欧阳娜娜（身份证11010119900307123X，手机13812345678）要求公开王小明、王小的材料"
    assert mask_names_in(text, ["王小", "欧阳娜娜", "王小明", "张"]) == (
        "欧**娜（身份证1101**********123X，手机138****5678）要求公开王*明、王*的材料"
    )
    # A number inside a longer one (a 文号, an account) is not a phone number.
    assert mask_names_in("编号2013812345678900", []) == "编号2013812345678900"


def test_free_text_of_a_case_is_masked_for_supervisors_and_admins(
    client, cast, django_capture_on_commit_callbacks
):
    import io

    from openpyxl import load_workbook

    from gongkai.cases import services
    from gongkai.testing import TODAY

    case = make_case(cast, Status.IN_PROGRESS)
    Case.objects.filter(pk=case.pk).update(
        applicant_name="欧阳娜娜",
        description="本人欧阳娜娜（电话13812345678）申请公开上官婉儿的拆迁补偿协议",
    )
    services.case_start_consultation(
        case=case,
        kind="third_party",
        party="上官婉儿",
        letter_on=TODAY,
        acting_user=cast.head,
    )
    detail = reverse("cases:detail", args=[case.pk])
    for who in OUTSIDE_CASEWORK:
        for page in (_page(client, getattr(cast, who), detail),):
            assert "本人欧**娜（电话138****5678）申请公开上**儿" in page, who
            assert "欧阳娜娜" not in page and "上官婉儿" not in page, who
            assert "13812345678" not in page
        listing = _page(client, getattr(cast, who), reverse("cases:list"))
        assert "欧阳娜娜" not in listing and "本人欧**娜" in listing, who
        client.force_login(getattr(cast, who))
        export = exported(client, django_capture_on_commit_callbacks)
        sheet = load_workbook(io.BytesIO(export.content)).active
        cells = [row[5].value for row in sheet.iter_rows(min_row=3)]
        assert cells and all("欧阳娜娜" not in c for c in cells), who
    page = _page(client, cast.handler, detail)
    assert "本人欧阳娜娜（电话13812345678）申请公开上官婉儿" in page


def test_a_company_that_went_to_law_is_named_in_full(client, cast, case):
    """A dispute's applicant or plaintiff that is a company is not a person:
    its name is shown as is; taken from the case when one is linked."""
    Case.objects.filter(pk=case.pk).update(
        applicant_type="commercial", applicant_name="示例置业有限公司"
    )
    case.refresh_from_db()
    linked = _dispute(cast, case, party="示例置业有限公司")
    assert linked.party_is_person is False
    unlinked = _dispute(cast, None, party="欧阳娜娜")
    assert unlinked.party_is_person is True
    for who in OUTSIDE_CASEWORK:
        page = _page(
            client, getattr(cast, who), reverse("disputes:edit", args=[linked.pk])
        )
        assert "示例置业有限公司" in page, who
        page = _page(
            client, getattr(cast, who), reverse("disputes:edit", args=[unlinked.pk])
        )
        assert "欧**娜" in page and "欧阳娜娜" not in page, who
