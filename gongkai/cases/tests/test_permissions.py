"""Every role on every action page: allowed (302 to the case), forbidden (403), unseen (404)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.cases import services
from gongkai.cases.models import Case, CaseEvent, Status
from gongkai.cases.tests.states import ALLOWED_FROM, inputs_for, make_case, post_data
from gongkai.testing import TODAY, at

ROLES = (
    "registrar",
    "handler",
    "other_handler",
    "head",
    "admin",
    "supervisor",
    "outsider",
)
INTAKE = {"registrar", "head"}
HANDLING = {"handler", "head"}  # "handler" = the 承办人 the case is assigned to

#: The specification: which members of the cast may take each action.
ALLOWED_ROLES: dict[str, set[str]] = {
    "confirm": INTAKE,
    "discard": INTAKE,
    "assign": INTAKE,
    "request-correction": HANDLING | {"registrar"},
    "receive-correction": HANDLING | {"registrar"},
    "lapse-correction": HANDLING,
    "consult": HANDLING,
    "consultation-reply": HANDLING | {"registrar"},
    "request-extension": HANDLING,
    "approve-extension": {"head"},
    "request-reasons": HANDLING,
    "art35-delay": HANDLING,
    "fee-notice": HANDLING,
    "fee-paid": HANDLING | {"registrar"},
    "fee-unpaid": HANDLING,
    "decide": HANDLING,
    "approve-decision": {"head"},
    "return-decision": {"head"},
    "deliver": HANDLING | {"registrar"},
    "archive": HANDLING | {"registrar"},
}
MATRIX = [(slug, role) for slug in ALLOWED_ROLES for role in (*ROLES, "visitor")]


def _case_for(cast, slug):
    if slug == "approve-extension":
        case = make_case(cast, Status.IN_PROGRESS)
        return services.case_request_extension(
            case=case,
            workdays=10,
            reason="档案量大",
            acting_user=cast.handler,
            now=at(TODAY),
        )
    return make_case(cast, sorted(ALLOWED_FROM[slug])[0])


def _data(cast, case, slug):
    if slug == "approve-extension":
        return {"version": case.version, "notice_on": TODAY.isoformat()}
    return post_data(cast, case, slug)


@pytest.mark.parametrize(
    ("slug", "role"), MATRIX, ids=[f"{s}-by-{r}" for s, r in MATRIX]
)
def test_each_role_on_each_action(cast, client, frozen_time, slug, role):
    case = _case_for(cast, slug)
    day = TODAY if slug == "approve-extension" else inputs_for(cast, slug)[1]
    frozen_time.move_to(at(day))
    if role != "visitor":
        client.force_login(cast.users()[role])
    events = case.events.count()
    response = client.post(
        reverse(f"cases:{slug}", args=[case.pk]), _data(cast, case, slug)
    )
    if role == "visitor":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif role == "outsider":
        assert response.status_code == 404
    elif role in ALLOWED_ROLES[slug]:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == reverse("cases:detail", args=[case.pk])
        assert case.events.count() == events + 1
        return
    else:
        assert response.status_code == 403
    assert case.events.count() == events
    assert Case.objects.get(pk=case.pk).version == case.version


READERS = {
    "registrar": 200,
    "handler": 200,
    "other_handler": 200,
    "head": 200,
    "admin": 200,
    "supervisor": 200,
    "outsider": 404,
}
PERSONAL = {
    "registrar": 200,
    "handler": 200,
    "other_handler": 200,
    "head": 200,
    "admin": 403,
    "supervisor": 403,
    "outsider": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_case_page(cast, client, role):
    case = make_case(cast, Status.IN_PROGRESS)
    client.force_login(cast.users()[role])
    assert (
        client.get(reverse("cases:detail", args=[case.pk])).status_code == READERS[role]
    )


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_personal_data_in_full_and_each_view_is_logged(cast, client, role):
    case = make_case(cast, Status.IN_PROGRESS)
    client.force_login(cast.users()[role])
    response = client.get(reverse("cases:personal-data", args=[case.pk]))
    assert response.status_code == PERSONAL[role]
    logged = case.events.filter(kind=CaseEvent.Kind.PERSONAL_DATA_VIEWED).count()
    assert logged == (1 if response.status_code == 200 else 0)
    if response.status_code == 200:
        assert case.id_number in response.content.decode()


def test_lists_and_pages_mask_personal_data(cast, client):
    case = make_case(cast, Status.IN_PROGRESS)
    client.force_login(cast.handler)
    for url in (
        reverse("cases:list"),
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:dashboard"),
    ):
        html = client.get(url).content.decode()
        assert case.phone not in html
        assert case.id_number not in html
    assert "138****5678" in client.get(reverse("cases:list")).content.decode()


def test_the_visitor_is_sent_to_log_in(cast, client):
    case = make_case(cast, Status.IN_PROGRESS)
    for url in (
        reverse("cases:dashboard"),
        reverse("cases:list"),
        reverse("cases:detail", args=[case.pk]),
        reverse("cases:table3"),
    ):
        response = client.get(url)
        assert (
            response.status_code == 302 and "/accounts/login/" in response["Location"]
        )


def test_the_outsider_does_not_find_our_cases_anywhere(cast, client):
    case = make_case(cast, Status.IN_PROGRESS)
    client.force_login(cast.outsider)
    assert client.get(reverse("cases:list")).context["page"].paginator.count == 0
    assert client.get(reverse("cases:personal-data", args=[case.pk])).status_code == 404
    response = client.get(
        reverse("cases:table3"), {"agency": cast.office.pk, "year": 2026}
    )
    assert response.status_code == 400 and "report" not in response.context


def test_the_supervisor_reads_lower_agencies_but_changes_nothing(cast, client):
    case = make_case(cast, Status.IN_PROGRESS)
    client.force_login(cast.supervisor)
    assert client.get(reverse("cases:list")).context["page"].paginator.count == 1
    response = client.get(
        reverse("cases:table3"), {"agency": cast.office.pk, "year": 2026}
    )
    assert response.status_code == 200 and response.context["report"] is not None
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert page.context["action_forms"] == []


def test_only_intake_roles_register_applications(cast, client):
    client.force_login(cast.handler)
    assert client.get(reverse("cases:register")).status_code == 403
    client.force_login(cast.registrar)
    assert client.get(reverse("cases:register")).status_code == 200
