"""Table 三 from the records: one aggregate query, balanced by construction, linked per cell."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.agencies.models import Agency
from gongkai.annual import rules
from gongkai.cases import services
from gongkai.cases.models import Case, Outcome, Status
from gongkai.cases.selectors import (
    table3_cell_q,
    table3_counts,
    table3_report,
)
from gongkai.cases.tests.conftest import details
from gongkai.testing import at

TYPES = [
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
]


def _random_history(cast, n=60, seed=7):
    """Applications over 2025–2026, some closed in each year, some still open."""
    rng = random.Random(seed)
    outcomes = [o for o in Outcome]
    for i in range(n):
        received = dt.date(2025, 1, 2) + dt.timedelta(days=rng.randrange(0, 600))
        closed = (
            received + dt.timedelta(days=rng.randrange(1, 60))
            if rng.random() < 0.8
            else None
        )
        Case.objects.create(
            agency=cast.office,
            query_code=f"T{i:011d}",
            channel="in_person",
            arrived_on=received,
            received_on=received,
            status=Status.ARCHIVED if closed else Status.IN_PROGRESS,
            applicant_type=rng.choice(TYPES),
            applicant_name="某",
            id_number="X",
            phone="13800000000",
            description="某",
            outcome=rng.choice(outcomes) if closed else "",
            closed_on=closed,
        )


def test_it_balances_and_passes_every_rule_for_each_year(cast):
    _random_history(cast)
    for year in (2025, 2026):
        report = table3_report(cast.office, year)
        previous = table3_report(cast.office, year - 1)
        findings = rules.check(report, previous)
        table3_findings = [
            f for f in findings if any(c.startswith("table3.") for c in f.cells)
        ]
        assert table3_findings == [], [f.message for f in table3_findings]
        assert report.get("table3.new_received.total") + report.get(
            "table3.carried_over.total"
        ) == (
            report.get("table3.total.total")
            + report.get("table3.carried_forward.total")
        )


def test_the_2019_format_folds_the_three_other_rows(cast):
    Case.objects.create(
        agency=cast.office,
        query_code="T2020",
        channel="in_person",
        arrived_on=dt.date(2020, 3, 2),
        received_on=dt.date(2020, 3, 2),
        status=Status.CLOSED,
        applicant_type="natural_person",
        applicant_name="某",
        id_number="X",
        phone="13800000000",
        description="某",
        outcome=Outcome.OTHER_UNPAID_FEE,
        closed_on=dt.date(2020, 6, 1),
    )
    report = table3_report(cast.office, 2020)
    assert report.format.id == "2019"
    assert report.get("table3.other.natural_person") == 1


def python_loop(cases: list[Case], agency: Agency, year: int) -> dict:
    """The oracle: table 三's counts by looking at every application in turn."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for case in cases:
        if case.agency_id != agency.pk or case.received_on is None:
            continue
        closed = case.closed_on
        column = case.applicant_type
        if start <= case.received_on <= end:
            counts["new_received"][column] += 1
        if case.received_on < start and (closed is None or closed >= start):
            counts["carried_over"][column] += 1
        if closed is not None and start <= closed <= end and case.outcome:
            counts[case.outcome][column] += 1
        if case.received_on <= end and (closed is None or closed > end):
            counts["carried_forward"][column] += 1
    return counts


def test_it_is_one_query_for_all_agencies_and_equals_the_python_loop(cast):
    _random_history(cast)
    with CaptureQueriesContext(connection) as queries:
        counts = table3_counts([cast.office, cast.bureau], 2026)
    assert len(queries) == 1
    looped = python_loop(list(Case.objects.all()), cast.office, 2026)
    assert (
        table3_report(cast.office, 2026, counts[cast.office.pk]).table3
        == table3_report(cast.office, 2026, looped).table3
    )


def test_each_figure_links_to_exactly_its_applications(cast):
    _random_history(cast)
    report = table3_report(cast.office, 2026)
    for key in report.format.table3_keys:
        for column in [*TYPES, "total"]:
            expected = report.get(f"table3.{key}.{column}")
            found = (
                Case.objects.filter(agency=cast.office)
                .filter(table3_cell_q(2026, key, column))
                .count()
            )
            assert found == expected, (key, column)


def test_the_decided_application_counts_only_when_approved(cast):
    case = services.case_register(
        agency=cast.office,
        details=details(),
        channel="in_person",
        arrived_on=dt.date(2026, 3, 2),
        acting_user=cast.registrar,
        token=uuid.uuid4(),
        now=at(dt.date(2026, 3, 2)),
    )
    case = services.case_assign(
        case=case, assignee=cast.handler, acting_user=cast.registrar
    )
    case = services.case_decide(
        case=case,
        outcome="unable_not_held",
        ground="art36_4",
        reasons="经检索不存在",
        acting_user=cast.handler,
    )
    assert table3_report(cast.office, 2026).get("table3.unable_not_held.total") == 0
    services.case_approve_decision(case=case, acting_user=cast.head)
    assert table3_report(cast.office, 2026).get("table3.unable_not_held.total") == 1
