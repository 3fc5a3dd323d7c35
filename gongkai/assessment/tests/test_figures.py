"""Every automatic indicator on hand-built records (``records.py``), and the
score sheet's figures against the bulletin's for the same period."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

import pytest
from django.test import Client

from gongkai.assessment import figures as fig
from gongkai.assessment.models import ScoreSheet
from gongkai.assessment.records import FIGURE_LISTS, LISTS, records
from gongkai.assessment.services import assessment_create
from gongkai.assessment.tests.records import (
    BUREAU_SCORES,
    OFFICE_FIGURES,
    OFFICE_SCORES,
    busy_office,
)
from gongkai.reports.models import AnnualReport
from gongkai.supervision import services as bulletins
from gongkai.supervision.bulletins import Quarter, Year, compute_rows
from gongkai.supervision.services import evaluation_submit
from gongkai.supervision.tests.conftest import answered, assigned
from gongkai.testing import TODAY, Cast, at

pytestmark = pytest.mark.django_db


def _sheets(cast: Cast, year: int = 2026) -> dict[str, ScoreSheet]:
    assessment = assessment_create(
        agency=cast.city, year=year, acting_user=cast.supervisor
    )
    return {s.agency.name: s for s in assessment.sheets.select_related("agency")}


def _by_key(sheet: ScoreSheet) -> dict[str, dict[str, Any]]:
    return {entry["key"]: entry for entry in sheet.scores}


def test_every_automatic_indicator_on_hand_built_records(cast: Cast) -> None:
    busy_office(cast)
    sheets = _sheets(cast)
    office = _by_key(sheets[cast.office.name])
    for entry in office.values():
        if entry["figure"]:
            assert entry["figure_text"] == OFFICE_FIGURES[entry["figure"]], entry["key"]
    assert {k: e["score"] for k, e in office.items()} == {
        k: str(v) for k, v in OFFICE_SCORES.items()
    }
    bureau = _by_key(sheets[cast.bureau.name])
    assert {k: e["score"] for k, e in bureau.items()} == {
        k: str(v) for k, v in BUREAU_SCORES.items()
    }
    assert bureau["on_time"]["explanation"] == "本年度没有办结的申请，按满分计"
    assert bureau["report_quality"]["explanation"] == (
        "上一年度工作年度报告未在平台发布，无法检查，按零分计"
    )


def test_totals_and_ranking(cast: Cast) -> None:
    busy_office(cast)
    sheets = _sheets(cast)
    office, bureau = sheets[cast.office.name], sheets[cast.bureau.name]
    assert office.total == sum(OFFICE_SCORES.values())  # max = weight: weighted = score
    assert bureau.total == sum(BUREAU_SCORES.values())
    assert (bureau.rank, office.rank) == (1, 2)


def test_the_sheet_has_only_agencies_below_the_office(cast: Cast) -> None:
    assert set(_sheets(cast)) == {cast.office.name, cast.bureau.name}


def test_the_sheet_figures_are_the_bulletins_for_the_year(cast: Cast) -> None:
    busy_office(cast)
    sheets = _sheets(cast)
    for row in compute_rows(cast.city, Year(2026), today=TODAY):
        stored = sheets[row.name].figures
        for name, value in asdict(row).items():
            assert stored[name] == value, name


def test_additive_figures_are_the_sum_of_the_four_quarterly_bulletins(
    cast: Cast, frozen_time: Any
) -> None:
    """Records in every quarter of 2026, counted on 10 January 2027."""
    for day in (dt.date(2026, 3, 2), dt.date(2026, 5, 11), dt.date(2026, 8, 10)):
        frozen_time.move_to(at(day))
        case = answered(cast, arrived_on=day, replied_on=day)
        evaluation_submit(
            case=case, rating="basically_satisfied", reasons=[], now=at(day)
        )
        cast.published(generated_on=day, title=f"{day}公开的信息")
    frozen_time.move_to(at(dt.date(2026, 11, 9)))
    answered(cast, arrived_on=dt.date(2026, 9, 1), replied_on=dt.date(2026, 11, 9))
    assigned(cast, arrived_on=dt.date(2026, 11, 9))
    frozen_time.move_to(at(dt.date(2026, 12, 28)))
    later = dt.date(2027, 1, 10)
    year = {r.agency_id: r for r in compute_rows(cast.city, Year(2026), today=later)}
    quarters = [
        {r.agency_id: r for r in compute_rows(cast.city, Quarter(2026, q), today=later)}
        for q in (1, 2, 3, 4)
    ]
    additive = (
        "received closed closed_on_time closed_overdue evaluations satisfied "
        "basically_satisfied dissatisfied items_published items_published_late"
    ).split()
    for agency_id, row in year.items():
        for name in additive:
            assert getattr(row, name) == sum(
                getattr(q[agency_id], name) for q in quarters
            ), name
    office = year[cast.office.pk]
    assert (office.received, office.closed, office.closed_overdue) == (5, 4, 1)
    assert office.items_published == 3
    # Point-in-time counts are the year's end's, as the fourth quarter's.
    assert office.open_overdue == quarters[3][cast.office.pk].open_overdue
    # Received 9 November, due 20 working days later (7 December), open at the
    # year's end.
    assert office.open_overdue == 1


def test_each_record_list_has_as_many_rows_as_its_figure(cast: Cast) -> None:
    busy_office(cast)
    sheets = _sheets(cast)
    office = sheets[cast.office.name]
    for key, record_list in LISTS.items():
        rows = records(office, key)
        if record_list.counted_by:
            assert len(rows) == office.figures[record_list.counted_by], key
    assert len(records(office, "report")) == 1
    assert records(sheets[cast.bureau.name], "report") == []
    every = {k for keys in FIGURE_LISTS.values() for k in keys}
    assert every == set(LISTS)


def test_every_record_link_opens_for_the_supervisor(cast: Cast) -> None:
    busy_office(cast)
    office = _sheets(cast)[cast.office.name]
    client = Client()
    client.force_login(cast.supervisor)
    seen = 0
    for key in LISTS:
        for row in records(office, key):
            assert client.get(row.url).status_code == 200, (key, row.url)
            seen += 1
    assert seen >= 8


def _issue(cast: Cast, year: int, quarter: int) -> None:
    bulletin = bulletins.bulletin_create(
        agency=cast.city, year=year, quarter=quarter, acting_user=cast.supervisor
    )
    bulletins.bulletin_set_opinion(
        bulletin=bulletin, opinion="请整改。", number="", acting_user=cast.supervisor
    )
    bulletins.bulletin_issue(bulletin=bulletin, acting_user=cast.city_head)


def test_a_problem_named_again_in_the_next_bulletin_is_unfixed(cast: Cast) -> None:
    """2025: the office's application received 1 August is still unanswered at
    the end of Q3 and of Q4; the bureau never published its 2024 report. Both
    problems are named in the Q3 and Q4 bulletins: one unfixed problem each.
    The office's 2024 report was on time."""
    AnnualReport.objects.create(
        agency=cast.office,
        agency_name=cast.office.name,
        year=2024,
        format="2021",
        data={},
        status="published",
        source="compiled",
        published_at=at(dt.date(2025, 1, 20)),
        findings_errors=0,
    )
    assigned(cast, arrived_on=dt.date(2025, 8, 1))
    _issue(cast, 2025, 2)  # nothing named twice with Q3 except the bureau's report
    _issue(cast, 2025, 3)
    _issue(cast, 2025, 4)
    repeats = fig.repeated_problems(fig.bulletin_pairs(cast.city, 2025))
    office = [kind for _, _, kind in repeats[cast.office.pk]]
    bureau = [kind for _, _, kind in repeats[cast.bureau.pk]]
    assert office == ["open_overdue"]  # Q3 → Q4 (Q2 had none: received in August)
    assert bureau == ["report_late", "report_late"]  # Q2 → Q3 and Q3 → Q4
    sheets = _sheets(cast, 2025)
    office_sheet = sheets[cast.office.name]
    assert office_sheet.figures["bulletin_problems_unfixed"] == 1
    assert sheets[cast.bureau.name].figures["bulletin_problems_unfixed"] == 2
    assert _by_key(office_sheet)["rectification"]["score"] == "8.00"
    rows = records(office_sheet, "bulletin_problems_unfixed")
    assert [r.label for r in rows] == ["申请逾期未答复"]
    assert "2025年第3季度通报指出" in rows[0].detail


def test_a_draft_bulletin_is_not_counted(cast: Cast) -> None:
    bulletins.bulletin_create(
        agency=cast.city, year=2025, quarter=3, acting_user=cast.supervisor
    )
    _issue(cast, 2025, 4)
    assert fig.bulletin_pairs(cast.city, 2025) == []


def test_a_report_published_before_findings_were_stored_is_checked_now(
    cast: Cast,
) -> None:
    from gongkai.reports.services import report_compile
    from gongkai.reports.services.published import findings_summary

    report = report_compile(agency=cast.bureau, year=2025, acting_user=cast.outsider)
    AnnualReport.objects.filter(pk=report.pk).update(
        status=AnnualReport.Status.PUBLISHED, published_at=at(dt.date(2026, 1, 30))
    )
    report.refresh_from_db()
    assert report.findings_errors is None
    errors = fig.report_errors([cast.bureau.pk], 2025)
    assert errors == {cast.bureau.pk: findings_summary(report)[0]}
