"""Every transition of the state machine: allowed from its states, refused from all others."""

from __future__ import annotations

import pytest

from gongkai.cases.errors import TransitionNotAllowed
from gongkai.cases.models import ALLOWED_TRANSITIONS, Case, CaseEvent, Status
from gongkai.cases.tests.states import ALLOWED_FROM, inputs_for, make_case
from gongkai.cases.views.action_specs import SPECS_BY_SLUG
from gongkai.testing import TODAY, at

CASES = [(slug, status) for slug in ALLOWED_FROM for status in Status]


@pytest.mark.parametrize(
    ("slug", "status"), CASES, ids=[f"{a}-from-{s.value}" for a, s in CASES]
)
def test_each_action_is_allowed_exactly_from_its_states(cast, slug, status):
    case = make_case(cast, status)
    if slug == "decide" and status == Status.IN_PROGRESS:
        # Art. 35 不予处理 needs the request for reasons on record; a case back
        # in progress after an Art. 35 delay has one.
        Case.objects.filter(pk=case.pk).update(art35_reasons_requested_on=TODAY)
        case.refresh_from_db()
    events_before = case.events.count()
    kwargs, day = inputs_for(cast, slug)
    service = SPECS_BY_SLUG[slug].service
    if status in ALLOWED_FROM[slug]:
        service(
            case=case,
            acting_user=cast.head,
            expected_version=case.version,
            now=at(day),
            **kwargs,
        )
        assert case.events.count() == events_before + 1
    else:
        with pytest.raises(TransitionNotAllowed) as info:
            service(
                case=case,
                acting_user=cast.head,
                expected_version=case.version,
                now=at(day),
                **kwargs,
            )
        assert "不能" in info.value.message_zh or "没有" in info.value.message_zh
        fresh = Case.objects.get(pk=case.pk)
        assert fresh.status == status
        assert fresh.version == case.version
        assert case.events.count() == events_before


def test_every_status_change_is_an_edge_of_the_transition_table(cast):
    for status in Status:
        case = make_case(cast, status)
        for event in case.events.exclude(status_before=""):
            before, after = Status(event.status_before), Status(event.status_after)
            if before != after:
                assert after in ALLOWED_TRANSITIONS[before], event


def test_events_are_append_only(cast):
    case = make_case(cast, Status.IN_PROGRESS)
    event = case.events.first()
    event.reason = "改写"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()
    assert CaseEvent.objects.filter(reason="改写").count() == 0
