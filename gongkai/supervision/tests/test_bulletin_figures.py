"""The figures of a 季通报, computed from records built through the services."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.cases.clocks import calendar_for
from gongkai.cases.models import Case
from gongkai.supervision.bulletins import (
    AgencyRow,
    Quarter,
    agency_problems,
    compute_rows,
    outcome_family,
    snapshot,
)
from gongkai.supervision.services import evaluation_submit
from gongkai.supervision.tests.conftest import annual_report, answered, assigned
from gongkai.testing import TODAY, Cast, at

Q1 = Quarter(2026, 1)


def _busy_office(cast: Cast) -> None:
    """Office: one reply on time, one late, one still open past its date; two
    evaluations; catalogue items on time, late, and overdue unpublished;
    last year's report published on time. The bureau did nothing at all."""
    on_time = answered(cast)
    late = answered(cast, arrived_on=dt.date(2026, 1, 5))
    assigned(cast, arrived_on=dt.date(2026, 1, 5))
    evaluation_submit(case=on_time, rating="satisfied", reasons=[])
    evaluation_submit(case=late, rating="dissatisfied", reasons=["late", "attitude"])
    cast.published(generated_on=dt.date(2026, 2, 27))
    cast.published(generated_on=dt.date(2026, 1, 5))
    cast.item(generated_on=dt.date(2026, 1, 5))
    annual_report(cast.office, published_on=dt.date(2026, 1, 20))


def _rows(cast: Cast) -> dict[str, AgencyRow]:
    return {r.name: r for r in compute_rows(cast.city, Q1, today=TODAY)}


def test_quarters_run_from_the_first_to_the_last_day() -> None:
    assert (Q1.start, Q1.end) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert Quarter(2026, 4).end == dt.date(2026, 12, 31)
    assert Quarter(2026, 2).label == "2026年第二季度"


def test_outcome_families_follow_the_table_three_keys() -> None:
    assert outcome_family("granted") == "granted"
    assert outcome_family("partially_granted") == "partially_granted"
    assert outcome_family("withheld_third_party") == "withheld"
    assert outcome_family("not_processed_repeat") == "not_processed"
    assert outcome_family("other_unpaid_fee") == "other"


def test_the_bulletin_covers_every_agency_below_and_not_the_supervisor(
    cast: Cast,
) -> None:
    assert set(_rows(cast)) == {cast.office.name, cast.bureau.name}


def test_applications_are_counted_by_receipt_and_by_closing(cast: Cast) -> None:
    _busy_office(cast)
    office = _rows(cast)[cast.office.name]
    assert office.received == 3
    assert office.closed == 2
    assert (office.closed_on_time, office.closed_overdue) == (1, 1)
    assert office.on_time_rate == 0.5
    assert office.open_overdue == 1
    assert office.outcomes["granted"] == 2
    assert sum(office.outcomes.values()) == 2


def test_average_reply_time_is_in_working_days(cast: Cast) -> None:
    _busy_office(cast)
    office = _rows(cast)[cast.office.name]
    calendar = calendar_for(cast.office)
    expected = (0 + calendar.workdays_between(dt.date(2026, 1, 5), TODAY)) / 2
    assert office.avg_workdays == round(expected, 1)


def test_evaluations_are_counted_with_their_reasons(cast: Cast) -> None:
    _busy_office(cast)
    office = _rows(cast)[cast.office.name]
    assert (office.evaluations, office.satisfied, office.dissatisfied) == (2, 1, 1)
    assert office.satisfaction_rate == 0.5
    assert office.reasons == {"late": 1, "attitude": 1}


def test_catalogue_items_are_judged_against_the_art_26_date(cast: Cast) -> None:
    _busy_office(cast)
    office = _rows(cast)[cast.office.name]
    assert office.items_published == 2
    assert office.items_published_late == 1
    assert office.items_overdue == 1


def test_last_years_annual_report_is_judged_against_its_deadline(cast: Cast) -> None:
    _busy_office(cast)
    rows = _rows(cast)
    office, bureau = rows[cast.office.name], rows[cast.bureau.name]
    assert office.report_on_time is True
    assert office.report_deadline == "2026-01-31"
    assert bureau.report_on_time is False
    assert bureau.report_status == "未编制"
    assert bureau.problems == ["2025年度报告逾期未发布"]


def test_a_report_not_yet_due_is_no_problem() -> None:
    row = AgencyRow(agency_id=1, name="甲", report_year=2025, report_on_time=None)
    assert agency_problems(row) == []


def test_each_rule_names_its_problem(cast: Cast) -> None:
    _busy_office(cast)
    office = _rows(cast)[cast.office.name]
    assert office.problems == [
        "超过法定期限答复申请1件",
        "截至统计日仍有1件申请逾期未答复",
        "答复被申请人评议为“不满意”1件",
        "超过20个工作日公开政府信息1条",
        "截至统计日仍有1条政府信息逾期未公开",
    ]


def test_the_ranking_puts_fewer_problems_first(cast: Cast) -> None:
    _busy_office(cast)
    rows = compute_rows(cast.city, Q1, today=TODAY)
    assert [(r.rank, r.name) for r in rows] == [
        (1, cast.bureau.name),
        (2, cast.office.name),
    ]


def test_equal_agencies_share_a_rank(cast: Cast) -> None:
    rows = compute_rows(cast.city, Q1, today=TODAY)
    assert [r.rank for r in rows] == [1, 1]


def test_another_quarter_sees_none_of_it(cast: Cast) -> None:
    _busy_office(cast)
    office = {
        r.name: r for r in compute_rows(cast.city, Quarter(2025, 4), today=TODAY)
    }[cast.office.name]
    assert (office.received, office.closed, office.evaluations) == (0, 0, 0)
    assert office.items_published == 0
    # "Still overdue" is counted at the quarter's end (31 December 2025), when
    # this year's applications had not arrived: issue 10 (a Q3 bulletin counted
    # what became overdue "as of today").
    assert office.open_overdue == 0


def test_the_number_of_queries_does_not_grow_with_the_records(cast: Cast) -> None:
    answered(cast)
    with CaptureQueriesContext(connection) as few:
        compute_rows(cast.city, Q1, today=TODAY)
    for _ in range(3):
        answered(cast)
        assigned(cast, arrived_on=dt.date(2026, 1, 5))
    with CaptureQueriesContext(connection) as many:
        compute_rows(cast.city, Q1, today=TODAY)
    assert len(many) == len(few)


def test_the_snapshot_has_totals_over_all_agencies(cast: Cast) -> None:
    _busy_office(cast)
    data = snapshot(cast.city, Q1, today=TODAY)
    assert data["totals"]["received"] == 3
    assert data["totals"]["reports_late"] == 1
    assert data["period"] == {"start": "2026-01-01", "end": "2026-03-31"}


def test_a_past_quarter_counts_what_was_overdue_at_its_end(
    cast: Cast, frozen_time
) -> None:
    """An application due in the quarter and still open at its end counts; one
    that only became overdue after the quarter does not."""
    late = assigned(cast, arrived_on=dt.date(2026, 1, 5))
    fresh = assigned(cast, arrived_on=dt.date(2026, 3, 20))
    assert late.due_on < Q1.end < fresh.due_on
    frozen_time.move_to(at(dt.date(2026, 11, 2)))
    office = {
        r.name: r for r in compute_rows(cast.city, Q1, today=dt.date(2026, 11, 2))
    }[cast.office.name]
    assert office.open_overdue == 1


def test_closed_replies_are_on_time_or_late_and_add_up(cast: Cast) -> None:
    """办结 = 按期 + 逾期, whatever the cases' due dates (issue 10: 22 vs 20 + 0)."""
    _busy_office(cast)
    Case.objects.filter(agency=cast.office, closed_on__isnull=False).update(due_on=None)
    for row in compute_rows(cast.city, Q1, today=TODAY):
        assert row.closed == row.closed_on_time + row.closed_overdue, row
    data = snapshot(cast.city, Q1, today=TODAY)
    totals = data["totals"]
    assert totals["closed"] == totals["closed_on_time"] + totals["closed_overdue"]
    assert totals["closed"] > 0
