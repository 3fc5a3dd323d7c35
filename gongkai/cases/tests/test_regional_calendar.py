"""An agency under a region counts its clocks on the region's calendar.

docs/workdays.md "Regions": the nearest region linked at or above the agency
wins; a region's own day off is not a working day for the agencies below it, so
their 20 working days (条例第三十三条第二款) end later. A change of the region's
days recomputes only the open cases on that region's calendar.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from gongkai.calendars.services import region_save, regional_days_save
from gongkai.cases.models import Case, CaseEvent, Status
from gongkai.cases.tests.conftest import registered
from gongkai.cases.tests.states import make_case
from gongkai.testing import PASSWORD, TODAY, Cast
from gongkai.workdays import format_date_zh, package_calendar

#: A Monday inside the national 20-working-day period of an application of TODAY.
FESTIVAL = dt.date(2026, 3, 16)
NATIONAL_DUE = dt.date(2026, 3, 30)  # 20 working days after Monday 2 March
REGIONAL_DUE = dt.date(2026, 3, 31)  # one day later: the festival is not counted


def _festival(cast: Cast, agency: Any) -> None:
    region = region_save(code="zz", name="示例自治区", agency=agency)
    regional_days_save(
        region=region,
        year=2026,
        holidays={FESTIVAL: "示例节"},
        workdays={},
        source="示例自治区人民政府办公厅通知",
    )


def test_the_national_calendar_gives_the_plain_due_date(cast: Cast) -> None:
    assert package_calendar().add_workdays(TODAY, 20) == NATIONAL_DUE
    assert registered(cast).due_on == NATIONAL_DUE


def test_an_agency_below_a_region_with_an_extra_day_off_is_due_later(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    """The region is linked to the city; the office below it follows its calendar."""
    with django_capture_on_commit_callbacks(execute=True):
        _festival(cast, cast.city)
    case = registered(cast)
    assert case.due_on == REGIONAL_DUE
    assert "示例节" in " ".join(c["text_zh"] for c in case.clocks["clocks"])


def test_the_case_page_shows_the_regional_due_date(cast: Cast) -> None:
    _festival(cast, cast.city)
    case = registered(cast)
    client = Client()
    assert client.login(username=cast.handler.username, password=PASSWORD)
    page = client.get(f"/staff/cases/{case.pk}/").content.decode()
    assert f'data-date="{REGIONAL_DUE.isoformat()}"' in page
    assert format_date_zh(REGIONAL_DUE) in page


def test_the_nearest_linked_region_wins_and_other_agencies_stay_national(
    cast: Cast,
) -> None:
    region_save(code="wide", name="示例省", agency=cast.city)  # no own days
    _festival(cast, cast.office)
    assert registered(cast).due_on == REGIONAL_DUE
    elsewhere = registered(cast)
    Case.objects.filter(pk=elsewhere.pk).update(agency=cast.bureau)
    elsewhere.refresh_from_db()
    from gongkai.cases.clocks import case_clocks

    assert case_clocks(elsewhere).due_on == NATIONAL_DUE


@pytest.mark.parametrize("linked", ["city", "bureau"])
def test_saving_a_regions_days_recomputes_only_the_cases_on_its_calendar(
    cast: Cast, django_capture_on_commit_callbacks: Any, linked: str
) -> None:
    """Open cases of the office move only if the region covers the office."""
    case = make_case(cast, Status.IN_PROGRESS)
    assert case.due_on == NATIONAL_DUE
    with django_capture_on_commit_callbacks(execute=True):
        _festival(cast, getattr(cast, linked))
    case.refresh_from_db()
    events = case.events.filter(kind=CaseEvent.Kind.CLOCKS_RECOMPUTED)
    if linked == "city":
        assert case.due_on == REGIONAL_DUE
        assert events.count() == 1
        assert events.get().data["calendar"] == "示例自治区"
    else:
        assert case.due_on == NATIONAL_DUE
        assert events.count() == 0
