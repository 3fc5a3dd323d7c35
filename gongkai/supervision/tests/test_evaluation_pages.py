"""The staff see an application's evaluation, and 社会评议 per agency and quarter."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.supervision.selectors import evaluation_summary
from gongkai.supervision.services import evaluation_submit
from gongkai.supervision.tests.conftest import answered, assigned
from gongkai.testing import PASSWORD, Cast

SUMMARY = "/staff/supervision/evaluations/"


def login(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def page_url(case) -> str:
    return f"/staff/supervision/cases/{case.pk}/evaluation/"


def test_the_case_page_links_to_the_evaluation_once_answered(cast: Cast) -> None:
    case = answered(cast)
    page = login(cast.handler).get(f"/staff/cases/{case.pk}/").content.decode()
    assert page_url(case) in page
    open_case = assigned(cast)
    page = login(cast.handler).get(f"/staff/cases/{open_case.pk}/").content.decode()
    assert page_url(open_case) not in page


def test_the_agency_and_its_supervisors_read_the_evaluation(cast: Cast) -> None:
    case = answered(cast)
    evaluation_submit(
        case=case, rating="dissatisfied", reasons=["late"], comment="太慢了。"
    )
    for user in (cast.handler, cast.head, cast.supervisor):
        page = login(user).get(page_url(case)).content.decode()
        assert "不满意" in page and "答复不及时" in page and "太慢了。" in page


def test_before_any_evaluation_the_page_says_so(cast: Cast) -> None:
    case = answered(cast)
    assert "申请人尚未评价" in login(cast.head).get(page_url(case)).content.decode()


def test_outsiders_get_404(cast: Cast) -> None:
    case = answered(cast)
    assert login(cast.other_head).get(page_url(case)).status_code == 404
    assert login(cast.outsider).get(page_url(case)).status_code == 404
    assert Client().get(page_url(case)).status_code == 302  # to the login page


def test_the_summary_counts_per_quarter_and_year(cast: Cast) -> None:
    evaluation_submit(case=answered(cast), rating="satisfied", reasons=[])
    evaluation_submit(case=answered(cast), rating="basically_satisfied", reasons=[])
    evaluation_submit(case=answered(cast), rating="dissatisfied", reasons=[])

    rows = {r.agency.name: r for r in evaluation_summary(Agency.objects.all(), 2026)}
    office = rows[cast.office.name]
    assert office.quarters[0].total == 3
    assert office.quarters[1].total == 0
    assert (office.year.satisfied, office.year.dissatisfied) == (1, 1)
    assert office.year.satisfaction_rate == 2 / 3
    page = login(cast.supervisor).get(SUMMARY).content.decode()
    assert cast.office.name in page and "67%" in page


def test_the_summary_shows_only_visible_agencies(cast: Cast) -> None:
    page = login(cast.other_head).get(SUMMARY).content.decode()
    assert cast.office.name not in page
    assert cast.other.name in page


def test_a_bad_year_falls_back_to_this_year(cast: Cast) -> None:
    response = login(cast.supervisor).get(SUMMARY, {"year": "abc\x00"})
    assert response.status_code == 200
    assert f"{dt.date(2026, 3, 2).year}年" in response.content.decode()
