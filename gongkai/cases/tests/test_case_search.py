"""The staff case list: find a case as a clerk would, filter it, export and print it.

A clerk finds an application by its query code (as the list shows it), its
登记号, the applicant's name, the last digits of the phone (full-width digits
too), the 文号 asked for, and narrows the list by the date received, the
承办人 and the outcome. The export holds what the filters hold.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.cases import services
from gongkai.cases.tests.conftest import assigned, registered
from gongkai.cases.tests.exports import exported
from gongkai.letters.kinds import LetterKind
from gongkai.testing import TODAY, at, make_user


@pytest.fixture
def two(cast):
    """Two applications: 张三's of today and 李四's of a week before, 李四's assigned."""
    zhang = registered(cast, document_number="示政办发〔2025〕7号")
    li = assigned(
        cast,
        arrived_on=TODAY - dt.timedelta(days=7),
        applicant_name="李四",
        phone="13900009876",
        description="请公开本市2025年财政预算",
    )
    return zhang, li


def _listed(client, **query):
    page = client.get(reverse("cases:list"), query)
    assert page.status_code == 200
    return page.content.decode()


def _numbers(html, *cases):
    return {
        c.number or c.query_code for c in cases if (c.number or c.query_code) in html
    }


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("zhang.query_code", "zhang"),
        ("李四", "li"),
        ("9876", "li"),
        ("９８７６", "li"),  # full-width digits typed with a Chinese IME
        ("〔2025〕7号", "zhang"),
        ("财政预算", "li"),
    ],
)
def test_it_finds_a_case_by_what_the_clerk_has_in_hand(cast, client, two, query, who):
    zhang, li = two
    if query == "zhang.query_code":
        query = zhang.query_code
    client.force_login(cast.head)
    html = _listed(client, q=query)
    wanted, other = (zhang, li) if who == "zhang" else (li, zhang)
    assert _numbers(html, wanted, other) == {wanted.number or wanted.query_code}


def test_it_finds_a_case_by_the_number_of_a_letter_issued(cast, client, two):
    zhang, li = two
    letter = services.case_issue_letter(
        case=li, kind=LetterKind.RECEIPT, acting_user=cast.registrar, now=at(TODAY)
    )
    assert letter.number
    client.force_login(cast.head)
    html = _listed(client, q=letter.number)
    assert _numbers(html, zhang, li) == {li.number}


def test_it_filters_by_date_received_assignee_and_outcome(cast, client, two):
    zhang, li = two
    client.force_login(cast.head)
    recent = _listed(client, **{"from": TODAY.isoformat()})
    assert _numbers(recent, zhang, li) == {zhang.number}
    older = _listed(client, to=(TODAY - dt.timedelta(days=1)).isoformat())
    assert _numbers(older, zhang, li) == {li.number}
    mine = _listed(client, assignee=str(cast.handler.pk))
    assert _numbers(mine, zhang, li) == {li.number}
    unassigned = _listed(client, assignee="none")
    assert _numbers(unassigned, zhang, li) == {zhang.number}
    none_granted = _listed(client, outcome="granted")
    assert _numbers(none_granted, zhang, li) == set()


def test_a_bad_date_is_named_not_a_server_error(cast, client, two):
    client.force_login(cast.head)
    html = _listed(client, **{"from": "2026-13-45"})
    assert "不是有效日期" in html
    assert two[0].number in html and two[1].number in html


def test_the_assignee_filter_lists_people_by_name(cast, client, two):
    cast.handler.first_name = "陈承办"
    cast.handler.save(update_fields=["first_name"])
    client.force_login(cast.head)
    html = _listed(client)
    assert "陈承办（handler）</option>" in html


def test_the_assign_dropdown_lists_people_by_name(cast, client):
    case = registered(cast)
    cast.handler.first_name = "陈承办"
    cast.handler.save(update_fields=["first_name"])
    client.force_login(cast.registrar)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert ">陈承办（handler）</option>" in html


def test_the_export_holds_the_filtered_cases_as_text(
    cast, client, two, django_capture_on_commit_callbacks
):
    zhang, _li = two
    registered(cast, applicant_name='=HYPERLINK("http://x")')
    client.force_login(cast.head)
    response = exported(client, django_capture_on_commit_callbacks, q="张三")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert [v[0] for v in values] == [zhang.number]
    assert values[0][4] != zhang.phone  # masked as on the page
    everyone = exported(client, django_capture_on_commit_callbacks)
    sheet = load_workbook(io.BytesIO(everyone.content)).active
    names = [row[3].value for row in sheet.iter_rows(min_row=3)]
    formula = next(
        c
        for row in sheet.iter_rows(min_row=3)
        for c in row
        if c.value and "HYPERLINK" in str(c.value)
    )
    assert formula.data_type == "s"
    assert len(names) == 3


def test_the_export_holds_only_the_cases_the_user_may_see(
    cast, client, two, django_capture_on_commit_callbacks
):
    client.force_login(cast.outsider)
    response = exported(client, django_capture_on_commit_callbacks)
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 2  # the title and the column heads


def test_the_list_offers_export_and_print(cast, client, two):
    client.force_login(cast.head)
    html = _listed(client, q="张三")
    assert f'action="{reverse("cases:list-export")}"' in html
    assert 'name="q" value="张三"' in html
    assert "data-print" in html


def test_table_three_exports_each_item_with_its_figures(cast, client):
    from gongkai.cases.models import Status
    from gongkai.cases.tests.states import make_case

    make_case(cast, Status.REPLIED)
    client.force_login(cast.head)
    response = client.get(
        reverse("cases:table3-export"), {"agency": cast.office.pk, "year": TODAY.year}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0].value: row[1:] for row in sheet.iter_rows(min_row=3)}
    assert any(v == 1 for row in rows.values() for v in (c.value for c in row))
    outsider = make_user("stranger", cast.other)
    client.force_login(outsider)
    response = client.get(
        reverse("cases:table3-export"), {"agency": cast.office.pk, "year": TODAY.year}
    )
    assert response.status_code in (403, 404)


def test_an_export_is_its_owners_alone(
    cast, client, two, django_capture_on_commit_callbacks
):
    from gongkai.cases.models import CaseExport

    client.force_login(cast.head)
    exported(client, django_capture_on_commit_callbacks)
    export = CaseExport.objects.get()
    assert export.status == "done" and export.count == 2
    client.force_login(cast.handler)
    for name in ("cases:export", "cases:export-download"):
        assert client.get(reverse(name, args=[export.pk])).status_code == 404
    assert client.get(reverse("cases:list-export")).status_code == 405


def test_a_supervisor_cannot_confirm_a_name_in_the_request_text(cast, client):
    """The request's words are searchable by everyone who sees the case, but
    outside its case work not a name of the case or a phone number: the text is
    shown masked there, and a hit would confirm what the mask hides."""
    from gongkai.cases.models import Case

    case = registered(cast, applicant_name="欧阳娜娜")
    Case.objects.filter(pk=case.pk).update(
        description="本人欧阳娜娜（13812345678）申请公开拆迁补偿协议"
    )
    client.force_login(cast.supervisor)
    for term in ("欧阳娜娜", "娜娜", "13812345678"):
        assert case.number not in _listed(client, q=term), term
    assert case.number in _listed(client, q="拆迁补偿")
    client.force_login(cast.handler)
    assert case.number in _listed(client, q="欧阳娜娜")
