"""The staff pages: list, month-by-month preview, the notice form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from gongkai.calendars.models import CalendarChange, HolidayNotice
from gongkai.calendars.tests.conftest import People

pytestmark = pytest.mark.django_db

FORM_2027 = {
    "year": "2027",
    "title": "国务院办公厅关于2027年部分节假日安排的通知",
    "document_number": "国办发明电〔2026〕9号",
    "issued_on": "2026-11-20",
    "source_url": "",
    "holidays": "2027-01-01 元旦\n2027-02-05 至 2027-02-13 春节",
    "workdays": "2027-02-20 春节",
}


@pytest.fixture
def viewer(people: People, as_user: Callable[[User], Client]) -> Client:
    """A 承办人: staff, may look, may not edit."""
    return as_user(people.handler)


@pytest.fixture
def editor(people: People, as_user: Callable[[User], Client]) -> Client:
    """The 机关管理员 of a top-level agency."""
    return as_user(people.national_admin)


def test_the_year_list_shows_every_known_year_and_the_urgent_banner(
    viewer: Client,
) -> None:
    import time_machine

    with time_machine.travel(dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC), tick=False):
        response = viewer.get(reverse("calendars:year-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "【紧急】尚未录入2027年的节假日安排" in html
    assert "2004年" in html and "2026年" in html
    assert "248天" in html


def test_a_visitor_not_logged_in_is_sent_to_the_login_page(client: Client) -> None:
    response = client.get(reverse("calendars:year-list"))
    assert response.status_code == 302
    assert "next=/staff/calendars/" in response["Location"]
    assert client.post(reverse("calendars:notice-new"), FORM_2027).status_code == 302


def test_a_logged_in_outsider_without_a_role_gets_403(
    people: People, as_user: Callable[[User], Client]
) -> None:
    client = as_user(people.outsider)
    assert client.get(reverse("calendars:year-list")).status_code == 403
    assert client.get(reverse("calendars:year-detail", args=[2026])).status_code == 403


def test_an_account_with_the_view_permission_only_may_look(
    people: People, as_user: Callable[[User], Client]
) -> None:
    people.outsider.user_permissions.add(
        Permission.objects.get(codename="view_holidaynotice")
    )
    client = as_user(people.outsider)
    assert client.get(reverse("calendars:year-list")).status_code == 200
    assert client.get(reverse("calendars:notice-new")).status_code == 403


def test_staff_may_look_but_not_edit(viewer: Client) -> None:
    page = viewer.get(reverse("calendars:year-list"))
    assert page.status_code == 200
    assert reverse("calendars:notice-edit", args=[2026]) not in page.content.decode()
    assert viewer.get(reverse("calendars:notice-new")).status_code == 403
    assert viewer.post(reverse("calendars:notice-new"), FORM_2027).status_code == 403
    assert (
        viewer.post(reverse("calendars:notice-preview"), FORM_2027).status_code == 403
    )
    assert not HolidayNotice.objects.filter(year=2027).exists()


def test_a_lower_agency_admin_may_not_edit_the_national_calendar(
    people: People, as_user: Callable[[User], Client]
) -> None:
    client = as_user(people.prefecture_admin)
    assert client.get(reverse("calendars:year-list")).status_code == 200
    assert client.post(reverse("calendars:notice-new"), FORM_2027).status_code == 403
    assert not HolidayNotice.objects.filter(year=2027).exists()


@pytest.mark.parametrize("who", ["superuser", "national_admin"])
def test_superusers_and_top_level_admins_may_edit(
    people: People, as_user: Callable[[User], Client], who: str
) -> None:
    client = as_user(getattr(people, who))
    assert client.get(reverse("calendars:notice-new")).status_code == 200
    response = client.post(reverse("calendars:notice-new"), FORM_2027)
    assert response.status_code == 302
    assert HolidayNotice.objects.filter(year=2027).exists()


def test_the_year_page_shows_twelve_months_with_holidays_and_tiaoxiu(
    viewer: Client,
) -> None:
    response = viewer.get(reverse("calendars:year-detail", args=[2026]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<section class="month">') == 12
    tiaoxiu = "2026年10月10日（星期六）是工作日：国庆节调休上班。"
    assert f'class="day-adjusted_workday" title="{tiaoxiu}"' in html
    assert 'title="2026年2月16日（星期一）是休息日：春节放假。"' in html
    assert "从内置数据导入" in html


def test_an_unknown_year_page_is_an_error_naming_the_year(editor: Client) -> None:
    response = editor.get(reverse("calendars:year-detail", args=[2027]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "缺少2027年的节假日安排" in html
    assert reverse("calendars:notice-new") + "?year=2027" in html


def test_the_preview_shows_the_months_and_saves_nothing(editor: Client) -> None:
    response = editor.post(reverse("calendars:notice-preview"), FORM_2027)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2027年预览（尚未保存）" in html
    assert 'title="2027年2月20日（星期六）是工作日：春节调休上班。"' in html
    assert 'title="2027年2月8日（星期一）是休息日：春节放假。"' in html
    assert not HolidayNotice.objects.filter(year=2027).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("workdays", "2027-02-22 春节", "必须是周六或周日"),
        ("holidays", "2028-01-01 元旦", "其他年份的日期：2028-01-01"),
        ("holidays", "2027-02-30 春节", "日期“2027-02-30”不存在"),
        ("holidays", "春节放七天", "第1行无法识别"),
        ("holidays", "", "这个字段是必填项"),
    ],
)
def test_the_preview_reports_bad_days_in_chinese(
    editor: Client, field: str, value: str, message: str
) -> None:
    response = editor.post(
        reverse("calendars:notice-preview"), {**FORM_2027, field: value}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "预览（尚未保存）" not in response.content.decode()


def test_saving_the_form_enters_the_year_and_redirects(editor: Client) -> None:
    response = editor.post(reverse("calendars:notice-new"), FORM_2027)
    assert response.status_code == 302
    assert response["Location"] == reverse("calendars:year-detail", args=[2027])
    notice = HolidayNotice.objects.get(year=2027)
    assert notice.days.count() == 11
    change = CalendarChange.objects.get(year=2027)
    assert change.actor is not None
    page = editor.get(response["Location"])
    assert page.status_code == 200
    assert "国办发明电〔2026〕9号" in page.content.decode()


def test_the_edit_form_shows_the_year_as_lines(editor: Client) -> None:
    response = editor.get(reverse("calendars:notice-edit", args=[2026]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026-02-15 至 2026-02-23 春节" in html
    assert "2026-10-10 国庆节" in html


def test_an_invalid_save_is_400_and_writes_nothing(editor: Client) -> None:
    response = editor.post(
        reverse("calendars:notice-new"), {**FORM_2027, "workdays": "2027-02-22 春节"}
    )
    assert response.status_code == 400
    assert not HolidayNotice.objects.filter(year=2027).exists()


def test_saving_the_form_fires_the_hook_once_with_the_year(
    editor: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
    fired: list[frozenset[int]],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(reverse("calendars:notice-preview"), FORM_2027)
    assert fired == []  # the preview saves nothing
    with django_capture_on_commit_callbacks(execute=True):
        editor.post(reverse("calendars:notice-new"), FORM_2027)
    assert fired == [frozenset({2027})]


def test_the_calendar_pages_keep_the_staff_navigation(viewer: Client) -> None:
    html = viewer.get(reverse("calendars:year-list")).content.decode()
    assert 'aria-label="工作导航"' in html
    assert reverse("cases:dashboard") in html and "工作日历" in html
