"""Art. 26: publish within 20 working days of 生成日期, counted by the one clocks
engine on the agency's calendar; a year without a holiday notice is never guessed."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gongkai.calendars.loader import calendar_for_agency
from gongkai.calendars.services import notice_save
from gongkai.disclosure import services
from gongkai.disclosure.models import DisclosureEvent, Item
from gongkai.disclosure.selectors import publication_due_lists
from gongkai.testing import PASSWORD, TODAY
from gongkai.workdays.clocks import proactive_publication_due


def engine_due(cast, made: dt.date) -> dt.date:
    return proactive_publication_due(
        calendar_for_agency(cast.office), made_or_changed_on=made
    ).due


def test_the_stored_due_date_is_the_engines(cast):
    for made in (dt.date(2026, 2, 27), dt.date(2026, 9, 25), dt.date(2026, 4, 30)):
        item = cast.item(generated_on=made)
        assert item.publication_due == engine_due(cast, made)
        assert item.publication_due_problem == ""


def test_the_due_date_steps_over_the_national_day_holiday(cast):
    """2026-09-25 (Fri): 中秋 and 国庆 days off are skipped, 10-10 (Sat, 调休) counts."""
    item = cast.item(generated_on=dt.date(2026, 9, 25))
    assert item.publication_due == dt.date(2026, 10, 29)


def test_a_new_generation_date_moves_the_due_date(cast):
    item = cast.item(generated_on=dt.date(2026, 2, 27))
    item = services.item_update(
        item=item, acting_user=cast.handler, generated_on=dt.date(2026, 3, 2)
    )
    item.refresh_from_db()
    assert item.publication_due == engine_due(cast, dt.date(2026, 3, 2))


def test_an_unknown_year_gives_no_date_and_says_why(cast):
    item = cast.item(generated_on=dt.date(2026, 12, 21))
    assert item.publication_due is None
    assert "缺少2027年的节假日安排" in item.publication_due_problem


def test_entering_the_notice_recomputes_waiting_items(
    cast, django_capture_on_commit_callbacks
):
    item = cast.item(generated_on=dt.date(2026, 12, 21))
    with django_capture_on_commit_callbacks(execute=True):
        notice_save(
            year=2027,
            title="国务院办公厅关于2027年部分节假日安排的通知",
            holidays={dt.date(2027, 1, 1): "元旦"},
            workdays={},
        )
    item.refresh_from_db()
    assert item.publication_due == engine_due(cast, dt.date(2026, 12, 21))
    assert item.publication_due_problem == ""
    event = item.events.get(kind=DisclosureEvent.Kind.DUE_RECOMPUTED)
    assert (
        event.actor is None and event.data["after"] == item.publication_due.isoformat()
    )


def test_the_due_lists_sort_items_into_overdue_soon_and_unknown(cast):
    overdue = cast.item(title="逾期", generated_on=dt.date(2026, 1, 5))
    soon = cast.item(title="将到期", generated_on=dt.date(2026, 2, 3))
    later = cast.item(title="不急", generated_on=dt.date(2026, 3, 2))
    unknown = cast.item(title="未知", generated_on=dt.date(2026, 12, 21))
    cast.published(title="已发布", generated_on=dt.date(2026, 1, 5))
    assert soon.publication_due is not None
    assert TODAY <= soon.publication_due <= TODAY + dt.timedelta(days=7)
    lists = publication_due_lists(Item.objects.all(), today=TODAY)
    assert [i.title for i in lists.overdue] == ["逾期"]
    assert [i.title for i in lists.due_soon] == ["将到期"]
    assert [i.title for i in lists.unknown] == ["未知"]
    assert later.publication_due > TODAY + dt.timedelta(days=7)
    assert overdue.publication_due < TODAY and unknown.publication_due is None


def test_the_due_page_shows_the_lists_and_the_unknown_year_message(client, cast):
    cast.item(title="逾期", generated_on=dt.date(2026, 1, 5))
    cast.item(title="未知", generated_on=dt.date(2026, 12, 21))
    assert client.login(username=cast.handler.username, password=PASSWORD)
    page = client.get(reverse("disclosure:due")).content.decode()
    assert "逾期未公开（1）" in page
    assert "缺少2027年的节假日安排" in page
