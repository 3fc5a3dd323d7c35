"""Regional overrides: a region's own days, who may set them, and which agencies follow them.

An autonomous region (民族自治地方) may give days off of its own on top of the
national schedule, or move a worked day. Those days count only for the agencies
linked to the region and the agencies below them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gongkai.calendars.loader import (
    calendar_for_agency,
    current_calendar,
    region_for_agency,
)
from gongkai.calendars.models import CalendarChange, ChangeKind, Region, RegionalDay
from gongkai.calendars.services import region_save, regional_days_save
from gongkai.calendars.tests.conftest import People

D = dt.date
pytestmark = pytest.mark.django_db

# A made-up 藏历新年 for the tests: Wed 2026-03-18 and Thu 3-19, ordinary
# weekdays nationally, are off; Saturday 3-21 is worked instead.
DAYS_2026 = {
    "year": "2026",
    "holidays": "2026-03-18 至 2026-03-19 藏历新年",
    "workdays": "2026-03-21 藏历新年",
    "source": "某自治州人民政府办公室关于2026年藏历新年放假的通知",
}


@pytest.fixture
def region(people: People) -> Region:
    return region_save(code="zizhizhou", name="某自治州", agency=people.prefecture)


def days_url(region: Region) -> str:
    return reverse("calendars:regional-days", args=[region.code])


def preview_url(region: Region) -> str:
    return reverse("calendars:regional-days-preview", args=[region.code])


# -- the form -----------------------------------------------------------------------


def test_saving_a_regional_year_logs_it_and_fires_the_hook_once(
    region: Region,
    people: People,
    as_user: Callable[[User], Client],
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
    fired: list[frozenset[int]],
) -> None:
    client = as_user(people.prefecture_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(days_url(region), DAYS_2026)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "calendars:region-detail", args=[region.code]
    )
    assert fired == [frozenset({2026})]
    regional = current_calendar(region.code)
    assert not regional.is_workday(D(2026, 3, 18))
    assert regional.is_workday(D(2026, 3, 21))
    assert current_calendar().is_workday(D(2026, 3, 18))
    change = CalendarChange.objects.get(kind=ChangeKind.REGIONAL_SAVED)
    assert change.actor == people.prefecture_admin
    assert change.region == region
    assert [a["date"] for a in change.data["added"]] == [
        "2026-03-18",
        "2026-03-19",
        "2026-03-21",
    ]
    page = client.get(response["Location"]).content.decode()
    assert "2026-03-18 藏历新年放假" in page
    assert "设置某自治州2026年的地区安排" in page


def test_the_edit_form_shows_the_saved_days_as_lines(
    region: Region, people: People, as_user: Callable[[User], Client]
) -> None:
    regional_days_save(
        region=region,
        year=2026,
        holidays={D(2026, 3, 18): "藏历新年", D(2026, 3, 19): "藏历新年"},
        workdays={},
        source="通知",
    )
    client = as_user(people.prefecture_admin)
    url = reverse("calendars:regional-days-year", args=[region.code, 2026])
    html = client.get(url).content.decode()
    assert "2026-03-18 至 2026-03-19 藏历新年" in html
    assert 'value="通知"' in html


def test_the_preview_shows_the_months_with_the_regional_days_and_saves_nothing(
    region: Region, people: People, as_user: Callable[[User], Client]
) -> None:
    client = as_user(people.prefecture_admin)
    response = client.post(preview_url(region), DAYS_2026)
    assert response.status_code == 200
    html = response.content.decode()
    assert "某自治州2026年预览（尚未保存）" in html
    assert html.count('<section class="month">') == 12
    assert 'title="2026年3月18日（星期三）是休息日：藏历新年放假。"' in html
    assert 'title="2026年3月21日（星期六）是工作日：藏历新年调休上班。"' in html
    assert 'title="2026年10月10日（星期六）是工作日：国庆节调休上班。"' in html
    assert not RegionalDay.objects.exists()
    assert not CalendarChange.objects.filter(region=region).exists()


def test_the_preview_of_an_unknown_year_is_a_chinese_error_naming_it(
    region: Region, people: People, as_user: Callable[[User], Client]
) -> None:
    client = as_user(people.prefecture_admin)
    form = {**DAYS_2026, "year": "2027", "holidays": "2027-03-08 藏历新年"}
    form["workdays"] = ""
    for url in (preview_url(region), days_url(region)):
        response = client.post(url, form)
        assert response.status_code == 400
        html = response.content.decode()
        assert "缺少2027年的节假日安排" in html
        assert "预览（尚未保存）" not in html
    assert not RegionalDay.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("workdays", "2026-03-23 藏历新年", "必须是周六或周日"),
        ("holidays", "2025-03-18 藏历新年", "其他年份的日期：2025-03-18"),
        ("holidays", "2026-02-30 藏历新年", "日期“2026-02-30”不存在"),
        ("holidays", "藏历新年放三天", "第1行无法识别"),
        ("source", "", "这个字段是必填项"),
        ("year", "去年", "输入整数"),
    ],
)
def test_bad_input_is_a_400_in_chinese_and_writes_nothing(
    region: Region,
    people: People,
    as_user: Callable[[User], Client],
    field: str,
    value: str,
    message: str,
    fired: list[frozenset[int]],
) -> None:
    client = as_user(people.prefecture_admin)
    for url in (preview_url(region), days_url(region)):
        response = client.post(url, {**DAYS_2026, field: value})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not RegionalDay.objects.exists()
    assert fired == []


def test_clearing_both_fields_removes_the_year_and_fires_the_hook(
    region: Region,
    people: People,
    as_user: Callable[[User], Client],
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
    fired: list[frozenset[int]],
) -> None:
    regional_days_save(
        region=region,
        year=2026,
        holidays={D(2026, 3, 18): "藏历新年"},
        workdays={},
        source="通知",
    )
    client = as_user(people.prefecture_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            days_url(region), {**DAYS_2026, "holidays": "", "workdays": ""}
        )
    assert response.status_code == 302
    assert not RegionalDay.objects.exists()
    assert fired == [frozenset({2026})]


def test_saving_the_same_days_again_logs_but_fires_nothing(
    region: Region,
    people: People,
    as_user: Callable[[User], Client],
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
    fired: list[frozenset[int]],
) -> None:
    client = as_user(people.prefecture_admin)
    client.post(days_url(region), DAYS_2026)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(days_url(region), DAYS_2026)
    assert fired == []
    assert CalendarChange.objects.filter(region=region).count() == 2


# -- who may set a region's days ------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("superuser", 302),
        ("national_admin", 302),  # 机关管理员 of the top-level agency
        ("prefecture_admin", 302),  # 机关管理员 of the linked agency
        ("handler", 403),  # staff, but no admin role
        ("outsider", 403),  # logged in, no role
    ],
)
def test_who_may_set_a_regions_days(
    region: Region,
    people: People,
    as_user: Callable[[User], Client],
    who: str,
    status: int,
) -> None:
    client = as_user(getattr(people, who))
    assert client.post(days_url(region), DAYS_2026).status_code == status
    preview = client.post(preview_url(region), DAYS_2026).status_code
    assert preview == (200 if status == 302 else 403)
    assert RegionalDay.objects.exists() is (status == 302)


def test_an_admin_below_the_linked_agency_may_not_set_its_days(
    people: People, as_user: Callable[[User], Client]
) -> None:
    """A region linked to the province is the province's business, not the 自治州's."""
    region = region_save(code="province", name="某省", agency=people.province)
    client = as_user(people.prefecture_admin)
    assert client.get(days_url(region)).status_code == 403
    assert client.post(preview_url(region), DAYS_2026).status_code == 403
    assert client.post(days_url(region), DAYS_2026).status_code == 403


def test_a_visitor_not_logged_in_is_sent_to_the_login_page(
    region: Region, client: Client
) -> None:
    assert client.post(days_url(region), DAYS_2026).status_code == 302
    assert not RegionalDay.objects.exists()


# -- regions and agencies -----------------------------------------------------------------


def test_a_national_editor_creates_a_region_linked_to_an_agency(
    people: People, as_user: Callable[[User], Client]
) -> None:
    client = as_user(people.national_admin)
    response = client.post(
        reverse("calendars:region-new"),
        {"code": "zizhizhou", "name": "某自治州", "agency": people.prefecture.pk},
    )
    assert response.status_code == 302
    assert Region.objects.get(code="zizhizhou").agency == people.prefecture
    assert "某自治州" in client.get(reverse("calendars:region-list")).content.decode()


@pytest.mark.parametrize("who", ["prefecture_admin", "handler", "outsider"])
def test_only_national_editors_create_regions(
    people: People, as_user: Callable[[User], Client], who: str
) -> None:
    client = as_user(getattr(people, who))
    response = client.post(
        reverse("calendars:region-new"), {"code": "x", "name": "某地区"}
    )
    assert response.status_code == 403
    assert not Region.objects.exists()


def test_a_bad_region_is_refused_in_chinese(
    region: Region, people: People, as_user: Callable[[User], Client]
) -> None:
    client = as_user(people.national_admin)
    url = reverse("calendars:region-new")
    taken = client.post(
        url, {"code": "other", "name": "x", "agency": people.prefecture.pk}
    )
    assert taken.status_code == 400
    assert "已存在" in taken.content.decode()
    reserved = client.post(url, {"code": "new", "name": "x"})
    assert reserved.status_code == 400
    assert "保留字" in reserved.content.decode()
    assert Region.objects.count() == 1


def test_an_agency_follows_the_nearest_linked_region_above_it(
    people: People, region: Region
) -> None:
    assert region_for_agency(people.department) == region
    assert region_for_agency(people.prefecture) == region
    assert region_for_agency(people.province) is None
    province_region = region_save(code="province", name="某省", agency=people.province)
    assert region_for_agency(people.department) == region
    assert region_for_agency(people.province) == province_region


def test_a_department_below_the_region_counts_on_the_regional_calendar(
    people: People, region: Region
) -> None:
    regional_days_save(
        region=region,
        year=2026,
        holidays={D(2026, 3, 18): "藏历新年"},
        workdays={},
        source="通知",
    )
    assert not calendar_for_agency(people.department).is_workday(D(2026, 3, 18))
    assert calendar_for_agency(people.province).is_workday(D(2026, 3, 18))


def test_relinking_a_region_with_days_logs_each_year_and_fires_the_hook_once(
    people: People,
    region: Region,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
    fired: list[frozenset[int]],
) -> None:
    for year, day in ((2025, D(2025, 3, 18)), (2026, D(2026, 3, 18))):
        regional_days_save(
            region=region,
            year=year,
            holidays={day: "藏历新年"},
            workdays={},
            source="通知",
        )
    with django_capture_on_commit_callbacks(execute=True):
        region_save(code=region.code, name=region.name, agency=people.department)
    assert fired == [frozenset({2025, 2026})]
    linked = CalendarChange.objects.filter(kind=ChangeKind.REGION_LINKED)
    assert sorted(linked.values_list("year", flat=True)) == [2025, 2026]
    with django_capture_on_commit_callbacks(execute=True):
        region_save(code=region.code, name="某自治州（改名）", agency=people.department)
    assert fired == [frozenset({2025, 2026})]  # a new name moves no day
