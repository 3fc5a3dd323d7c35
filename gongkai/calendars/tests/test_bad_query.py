"""A strange year in the query or the path of the edit forms is never a server error."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gongkai.calendars.services import region_save
from gongkai.calendars.tests.conftest import People

# "²" passes str.isdigit() but not int(); the others are not years at all.
BAD_YEARS = ["²", "٢٠٢٦", "9" * 30, "abc", "2026\x00"]


@pytest.mark.parametrize("year", BAD_YEARS)
def test_the_notice_form_ignores_a_year_that_is_not_a_year(
    people: People, as_user: Callable[[User], Client], year: str
) -> None:
    response = as_user(people.superuser).get(
        reverse("calendars:notice-new"), {"year": year}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("year", BAD_YEARS)
def test_the_regional_days_form_ignores_a_year_that_is_not_a_year(
    people: People, as_user: Callable[[User], Client], year: str
) -> None:
    region = region_save(code="zizhizhou", name="某自治州", agency=people.prefecture)
    response = as_user(people.prefecture_admin).get(
        reverse("calendars:regional-days", args=[region.code]), {"year": year}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("year", [1999, 99999, 10**30])
def test_a_year_the_form_cannot_take_is_not_found(
    people: People, as_user: Callable[[User], Client], year: int
) -> None:
    region = region_save(code="zizhizhou", name="某自治州", agency=people.prefecture)
    response = as_user(people.prefecture_admin).get(
        f"/staff/calendars/regions/{region.code}/days/{year}/"
    )
    assert response.status_code == 404
