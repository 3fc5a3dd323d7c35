"""The due dates stored on a case are the clocks engine's, at every step."""

from __future__ import annotations

import datetime as dt
import uuid

from gongkai.calendars import hooks, loader
from gongkai.cases import services
from gongkai.cases.models import CaseEvent, Status
from gongkai.cases.tests.conftest import TODAY, at, details
from gongkai.cases.tests.states import make_case
from gongkai.workdays import clocks as engine
from gongkai.workdays import package_calendar


def _reply_due(**kwargs):
    receipt = engine.receipt_date(channel="in_person", arrived_on=TODAY)
    return engine.reply_due(package_calendar(), receipt=receipt, **kwargs).due


def test_a_counter_application_is_due_20_working_days_after_receipt(cast):
    case = make_case(cast, Status.REGISTERED)
    assert case.received_on == TODAY
    assert case.due_on == _reply_due() == dt.date(2026, 3, 30)
    assert case.correction_notice_due_on == dt.date(2026, 3, 11)


def test_an_online_application_has_no_clock_until_confirmed(cast):
    case = make_case(cast, Status.SUBMITTED)
    assert case.received_on is None and case.due_on is None
    assert "确认" in case.clock_error
    case = services.case_confirm_receipt(
        case=case,
        confirmed_on=TODAY,
        confirmation_method="电话",
        acting_user=cast.registrar,
    )
    assert case.received_on == TODAY and case.due_on == _reply_due()


def test_the_reply_clock_restarts_on_receipt_of_the_correction(cast):
    case = make_case(cast, Status.AWAITING_CORRECTION)
    assert case.due_on is None
    corrected = dt.date(2026, 3, 6)
    case = services.case_receive_correction(
        case=case, received_on=corrected, acting_user=cast.handler, now=at(corrected)
    )
    assert case.due_on == _reply_due(corrected_received_on=corrected)
    assert case.due_on == package_calendar().add_workdays(corrected, 20)


def test_consultation_time_does_not_count(cast):
    case = make_case(cast, Status.CONSULTING)
    reply_on = dt.date(2026, 3, 12)
    services.case_record_consultation_reply(
        case=case,
        opinion="agree",
        reply_on=reply_on,
        acting_user=cast.handler,
        now=at(reply_on),
    )
    case.refresh_from_db()
    pause = engine.consultation_pause(
        package_calendar(), kind="third_party", letter_on=TODAY, reply_on=reply_on
    )
    assert case.due_on == _reply_due(pauses=[pause])
    assert case.due_on == package_calendar().add_workdays(dt.date(2026, 3, 30), 8)


def test_an_approved_extension_adds_its_working_days(cast):
    case = make_case(cast, Status.IN_PROGRESS)
    case = services.case_request_extension(
        case=case, workdays=20, reason="需要检索", acting_user=cast.handler
    )
    assert case.due_on == _reply_due()
    case = services.case_approve_extension(
        case=case, notice_on=TODAY, acting_user=cast.head
    )
    extension = engine.Extension(
        workdays=20, approver="head", notice_on=TODAY, approved_on=TODAY
    )
    assert case.due_on == _reply_due(extension=extension)
    event = case.events.get(kind=CaseEvent.Kind.EXTENSION_APPROVED)
    assert event.due_before == dt.date(2026, 3, 30) and event.due_after == case.due_on
    assert "延长" in "".join(c["text_zh"] for c in case.clocks["clocks"])


def test_a_due_date_in_a_year_without_a_holiday_notice_is_not_guessed(cast):
    late = dt.date(2026, 12, 21)
    case = services.case_register(
        agency=cast.office,
        details=details(),
        channel="in_person",
        arrived_on=late,
        acting_user=cast.registrar,
        token=uuid.uuid4(),
        now=at(late),
    )
    assert case.received_on == late and case.due_on is None
    assert "2027" in case.clock_error


def test_a_calendar_change_recomputes_open_cases(cast, monkeypatch):
    case = make_case(cast, Status.IN_PROGRESS)
    assert services.cases_recompute_open_clocks in hooks.receivers()
    changed = package_calendar().with_overrides(
        holidays={dt.date(2026, 3, 16): "地方节日"}, source="测试"
    )
    monkeypatch.setattr(loader, "current_calendar", lambda code=None: changed)
    assert services.cases_recompute_open_clocks(years=frozenset({2026})) == 1
    case.refresh_from_db()
    assert case.due_on == dt.date(2026, 3, 31)
    assert case.events.filter(kind=CaseEvent.Kind.CLOCKS_RECOMPUTED).count() == 1
    assert services.cases_recompute_open_clocks(years=frozenset({2026})) == 0
