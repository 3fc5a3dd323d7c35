"""Table 四 from the disputes: one query, by result, pending at 12-31, co-defendants out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.annual.formats import TABLE4_KEYS
from gongkai.disputes.models import Dispute, DisputeEvent
from gongkai.disputes.selectors import table4_cells
from gongkai.disputes.services import dispute_create, dispute_update

D = dt.date


def _new(cast, **fields):
    fields.setdefault("kind", "reconsideration")
    fields.setdefault("filed_on", D(2025, 3, 1))
    return dispute_create(agency=cast.office, acting_user=cast.handler, **fields)


def _cells(cast, year):
    return dict(zip(TABLE4_KEYS, table4_cells(cast.office, year), strict=True))


def test_each_result_is_counted_in_the_year_it_was_decided(cast):
    _new(cast, result="upheld", decided_on=D(2025, 5, 1))
    _new(cast, result="corrected", decided_on=D(2025, 6, 1))
    _new(cast, kind="litigation_direct", result="other", decided_on=D(2025, 7, 1))
    _new(
        cast,
        kind="litigation_after_reconsideration",
        result="upheld",
        decided_on=D(2025, 8, 1),
    )
    cells = _cells(cast, 2025)
    assert cells["reconsideration_upheld"] == 1
    assert cells["reconsideration_corrected"] == 1
    assert cells["reconsideration_total"] == 2
    assert cells["litigation_direct_other"] == 1
    assert cells["litigation_direct_total"] == 1
    assert cells["litigation_after_reconsideration_upheld"] == 1
    assert cells["litigation_after_reconsideration_total"] == 1
    assert sum(table4_cells(cast.office, 2024)) == 0


def test_a_case_not_decided_by_31_december_is_pending_that_year(cast):
    _new(cast, filed_on=D(2025, 11, 1), result="upheld", decided_on=D(2026, 1, 20))
    _new(cast, filed_on=D(2025, 12, 1))  # still pending
    assert _cells(cast, 2025)["reconsideration_pending"] == 2
    assert _cells(cast, 2025)["reconsideration_total"] == 2
    cells_2026 = _cells(cast, 2026)
    assert cells_2026["reconsideration_upheld"] == 1
    assert cells_2026["reconsideration_pending"] == 1


def test_a_lawsuit_where_we_are_only_the_co_defendant_reconsideration_body_is_not_counted(
    cast,
):
    """国办公开办函〔2021〕30号 一、（四）: only the original agency counts the case."""
    _new(
        cast,
        kind="litigation_after_reconsideration",
        result="upheld",
        decided_on=D(2025, 9, 1),
        co_defendant_only=True,
    )
    _new(cast, kind="litigation_direct", result="upheld", decided_on=D(2025, 9, 1))
    cells = _cells(cast, 2025)
    assert cells["litigation_after_reconsideration_total"] == 0
    assert cells["litigation_direct_total"] == 1


def test_table4_is_one_aggregate_query(cast, django_assert_num_queries):
    for _ in range(3):
        _new(cast)
    with django_assert_num_queries(1):
        table4_cells(cast.office, 2025)


def test_other_agencies_disputes_are_not_counted(cast):
    dispute_create(
        agency=cast.bureau,
        acting_user=cast.outsider,
        kind="reconsideration",
        filed_on=D(2025, 3, 1),
    )
    assert sum(table4_cells(cast.office, 2025)) == 0


def test_recording_writes_an_event_and_an_update_keeps_before_and_after(cast):
    dispute = _new(cast)
    dispute = dispute_update(
        dispute=dispute,
        acting_user=cast.head,
        result="corrected",
        decided_on=D(2025, 4, 1),
    )
    events = list(DisputeEvent.objects.filter(dispute=dispute))
    assert [e.kind for e in events] == ["created", "updated"]
    assert events[1].changes["result"] == ["pending", "corrected"]
    assert events[1].actor == cast.head
    assert dispute.version == 2


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"result": "upheld"}, "decided_on", "已有结果的案件应填写审结日期"),
        ({"decided_on": D(2025, 4, 1)}, "decided_on", "尚未审结的案件不应填写审结日期"),
        (
            {"result": "upheld", "decided_on": D(2025, 1, 1)},
            "decided_on",
            "审结日期不能早于",
        ),
        ({"co_defendant_only": True}, "co_defendant_only", "只有行政诉讼案件"),
    ],
)
def test_inconsistent_records_are_refused_in_chinese(cast, fields, field, message):
    with pytest.raises(ValidationError) as info:
        _new(cast, **fields)
    assert message in " ".join(info.value.message_dict[field])
    assert Dispute.objects.count() == 0


@pytest.mark.parametrize("who", ["supervisor", "outsider"])
def test_only_the_agencys_staff_record_its_disputes(cast, who):
    with pytest.raises(PermissionDenied):
        dispute_create(
            agency=cast.office,
            acting_user=getattr(cast, who),
            kind="reconsideration",
            filed_on=D(2025, 3, 1),
        )
    dispute = _new(cast)
    with pytest.raises(PermissionDenied):
        dispute_update(dispute=dispute, acting_user=getattr(cast, who), note="x")
