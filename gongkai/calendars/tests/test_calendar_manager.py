"""日历管理员: the top-level agency's 机关管理员 lets a non-superuser keep the calendar."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gongkai.accounts.errors import AccountError
from gongkai.accounts.models import Role
from gongkai.accounts.permissions import agencies_visible_to, member_agencies
from gongkai.accounts.services import role_grant
from gongkai.calendars.models import HolidayNotice
from gongkai.calendars.permissions import can_edit_national
from gongkai.calendars.tests.conftest import People
from gongkai.calendars.tests.test_views import FORM_2027
from gongkai.testing import make_user

pytestmark = pytest.mark.django_db


def test_the_top_admin_grants_it_and_the_holder_enters_the_notice(
    people: People, as_user: Callable[[User], Client]
) -> None:
    clerk = make_user("calendar-clerk")
    client = as_user(clerk)
    assert client.post(reverse("calendars:notice-new"), FORM_2027).status_code == 403
    role_grant(
        account=clerk,
        agency=people.province,
        role=Role.CALENDAR,
        acting_user=people.national_admin,
    )
    assert can_edit_national(clerk)
    assert client.get(reverse("calendars:notice-new")).status_code == 200
    response = client.post(reverse("calendars:notice-new"), FORM_2027)
    assert response.status_code == 302
    assert HolidayNotice.objects.get(year=2027).title == FORM_2027["title"]


def test_the_role_gives_no_view_of_the_agencys_applications(people: People) -> None:
    clerk = make_user("calendar-clerk")
    role_grant(
        account=clerk, agency=people.province, role=Role.CALENDAR, acting_user=None
    )
    assert not member_agencies(clerk).exists()
    assert not agencies_visible_to(clerk).exists()


def test_it_exists_only_in_a_top_level_agency(people: People) -> None:
    clerk = make_user("calendar-clerk")
    with pytest.raises(AccountError, match="只能在最高一级机关授予"):
        role_grant(
            account=clerk,
            agency=people.prefecture,
            role=Role.CALENDAR,
            acting_user=people.prefecture_admin,
        )
    assert not can_edit_national(clerk)


def test_a_lower_admin_cannot_grant_it_at_the_top(people: People) -> None:
    clerk = make_user("calendar-clerk")
    with pytest.raises(AccountError):
        role_grant(
            account=clerk,
            agency=people.province,
            role=Role.CALENDAR,
            acting_user=people.prefecture_admin,
        )
    assert not can_edit_national(clerk)
