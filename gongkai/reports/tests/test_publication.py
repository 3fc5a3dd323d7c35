"""A report's publication against its deadline: once published, never "overdue".

Issue 10: the overview showed "已发布 —" for a report published 308 days late,
and the reports list still showed a red "已逾期 308 天" after publication.
Published reports now say when and how late; only unpublished ones raise the
alarm.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gongkai.law.reports import statutory_deadline
from gongkai.reports.selectors import Publication
from gongkai.reports.services import report_approve, report_publish, report_submit
from gongkai.reports.tests.helpers import YEAR, compiled
from gongkai.testing import PASSWORD, at

DEADLINE = dt.date(YEAR + 1, 1, 31)
LATE_DAY = DEADLINE + dt.timedelta(days=308)  # 2027-12-05


def _publication(published_on, today):
    deadline = statutory_deadline(YEAR, government=False)
    return Publication(
        deadline=deadline,
        published=published_on is not None,
        published_on=published_on,
        today=today,
    )


def test_the_deadline_day_itself_is_on_time():
    on_time = _publication(DEADLINE, DEADLINE + dt.timedelta(days=400))
    assert (on_time.late_days, on_time.overdue) == (0, False)
    assert on_time.label == "已于2027年1月31日按期公布"


def test_a_late_publication_says_how_late_and_is_not_overdue():
    late = _publication(LATE_DAY, LATE_DAY + dt.timedelta(days=30))
    assert (late.late_days, late.overdue) == (308, False)
    assert late.label == "已于2027年12月5日公布，逾期308天"


def test_an_unpublished_report_counts_down_then_up():
    assert _publication(None, DEADLINE - dt.timedelta(days=3)).label == (
        "未公布，还有 3 天"
    )
    overdue = _publication(None, DEADLINE + dt.timedelta(days=3))
    assert overdue.overdue and overdue.label == "未公布，已逾期 3 天"


def _publish_late(cast, frozen_time):
    obj = compiled(cast)
    report_submit(obj=obj, acting_user=cast.admin, acknowledge_warnings=True)
    report_approve(obj=obj, acting_user=cast.head)
    frozen_time.move_to(at(LATE_DAY))
    return report_publish(obj=obj, acting_user=cast.head)


def test_the_overview_shows_a_late_publication_without_the_overdue_alarm(
    client, cast, frozen_time
):
    obj = _publish_late(cast, frozen_time)
    assert client.login(username=cast.supervisor.username, password=PASSWORD)
    page = client.get(reverse("reports:overview"), {"year": YEAR}).content.decode()
    row = page[page.index(reverse("reports:detail", args=[obj.pk])) :]
    row = row[: row.index("</tr>")]
    assert "已于2027年12月5日公布，逾期308天" in row
    assert "已逾期" not in row
    assert "逾期公布 1 份" in page
    # The bureau has published nothing, nor the city its 汇总: overdue, in red.
    assert page.count('data-overdue="true"') == 2  # and the city's 汇总


def test_the_reports_list_drops_the_alarm_once_the_own_report_is_published(
    client, cast, frozen_time
):
    obj = compiled(cast)
    frozen_time.move_to(at(DEADLINE + dt.timedelta(days=10)))
    assert client.login(username=cast.head.username, password=PASSWORD)
    before = client.get(reverse("reports:list")).content.decode()
    assert "已逾期 10 天" in before
    report_submit(obj=obj, acting_user=cast.admin, acknowledge_warnings=True)
    report_approve(obj=obj, acting_user=cast.head)
    frozen_time.move_to(at(LATE_DAY))
    report_publish(obj=obj, acting_user=cast.head)
    assert client.login(username=cast.head.username, password=PASSWORD)
    after = client.get(reverse("reports:list")).content.decode()
    assert "已逾期" not in after
    assert "已于2027年12月5日公布，逾期308天" in after
    detail = client.get(reverse("reports:detail", args=[obj.pk])).content.decode()
    assert "逾期308天" in detail


def test_the_overview_exports_each_report_with_its_publication(
    client, cast, frozen_time
):
    import io

    from openpyxl import load_workbook

    _publish_late(cast, frozen_time)
    assert client.login(username=cast.supervisor.username, password=PASSWORD)
    response = client.get(reverse("reports:overview-export"), {"year": YEAR})
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {(r[0].value, r[1].value): r[6].value for r in sheet.iter_rows(min_row=3)}
    assert rows[(cast.office.name, "本机关报告")] == "已于2027年12月5日公布，逾期308天"
    assert client.login(username=cast.head.username, password=PASSWORD)
    assert client.get(reverse("reports:overview-export")).status_code == 403
