"""The due dates stored on a case are the clocks engine's, at every step."""

from __future__ import annotations

import datetime as dt
import uuid

from django.urls import reverse

from gongkai.calendars import hooks, loader
from gongkai.calendars.services import notice_save
from gongkai.cases import services
from gongkai.cases.models import Case, CaseEvent, Status
from gongkai.cases.tasks import enqueue_recompute
from gongkai.cases.tests.conftest import details
from gongkai.cases.tests.states import make_case
from gongkai.letters.kinds import LetterKind
from gongkai.testing import TODAY, at, build_cast
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


def _december_case(cast):
    late = dt.date(2026, 12, 21)
    return services.case_register(
        agency=cast.office,
        details=details(),
        channel="in_person",
        arrived_on=late,
        acting_user=cast.registrar,
        token=uuid.uuid4(),
        now=at(late),
    )


def test_a_due_date_in_a_year_without_a_holiday_notice_is_provisional(cast):
    """The December cliff: handed in Mon 2026-12-21, 2027 not entered. Day 1 is
    12-22; 12-22…12-31 give 8 working days, 2027-01-01 (元旦) is off, 01-04…01-15
    give 10 more, 01-18 is day 19 and Tue 01-19 day 20."""
    case = _december_case(cast)
    assert case.due_on == dt.date(2027, 1, 19)
    assert case.due_provisional is True
    assert case.clock_error == ""
    assert case.clocks["due_provisional"] is True
    reply = next(c for c in case.clocks["clocks"] if c["clock"] == "reply")
    assert reply["provisional_years"] == [2027]
    assert reply["text_zh"].startswith("答复期限：2027年1月19日（星期二）（暂定）")


def test_a_provisional_case_is_in_the_due_lists_marked(cast, client, frozen_time):
    case = _december_case(cast)
    frozen_time.move_to(at(dt.date(2027, 1, 14)))
    client.force_login(cast.head)
    response = client.get(reverse("cases:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    soon = page.split('id="due-soon"', 1)[1].split('id="mine"', 1)[0]
    assert case.number in soon and "2027-01-19" in soon and "暂定" in soon
    frozen_time.move_to(at(dt.date(2027, 1, 20)))
    client.force_login(cast.head)
    page = client.get(reverse("cases:list") + "?due=overdue").content.decode()
    assert case.number in page and "暂定" in page
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="due-provisional"' in detail


def test_entering_the_notice_recomputes_and_drops_provisional(
    cast, django_capture_on_commit_callbacks
):
    case = _december_case(cast)
    with django_capture_on_commit_callbacks(execute=True):
        notice_save(
            year=2027,
            title="国务院办公厅关于2027年部分节假日安排的通知",
            holidays={
                dt.date(2027, 1, 1): "元旦",
                dt.date(2027, 1, 18): "测试假日",
            },
            workdays={},
        )
    case.refresh_from_db()
    assert (case.due_on, case.due_provisional) == (dt.date(2027, 1, 20), False)
    assert "暂定" not in "".join(c["text_zh"] for c in case.clocks["clocks"])
    event = case.events.get(kind=CaseEvent.Kind.CLOCKS_RECOMPUTED)
    assert (event.due_before, event.due_after) == (
        dt.date(2027, 1, 19),
        dt.date(2027, 1, 20),
    )
    assert event.data["provisional_before"] is True
    assert event.data["provisional_after"] is False


def test_a_notice_that_moves_nothing_still_drops_provisional(
    cast, django_capture_on_commit_callbacks
):
    case = _december_case(cast)
    with django_capture_on_commit_callbacks(execute=True):
        notice_save(
            year=2027,
            title="国务院办公厅关于2027年部分节假日安排的通知",
            holidays={dt.date(2027, 1, 1): "元旦"},
            workdays={},
        )
    case.refresh_from_db()
    assert (case.due_on, case.due_provisional) == (dt.date(2027, 1, 19), False)
    assert case.events.filter(kind=CaseEvent.Kind.CLOCKS_RECOMPUTED).count() == 1


def test_a_calendar_change_recomputes_open_cases(cast, monkeypatch):
    case = make_case(cast, Status.IN_PROGRESS)
    assert enqueue_recompute in hooks.receivers()
    changed = package_calendar().with_overrides(
        holidays={dt.date(2026, 3, 16): "地方节日"}, source="测试"
    )
    monkeypatch.setattr(
        loader, "current_calendar", lambda code=None, provisional=False: changed
    )
    assert services.cases_recompute_open_clocks(years=frozenset({2026})) == 1
    case.refresh_from_db()
    assert case.due_on == dt.date(2026, 3, 31)
    assert case.events.filter(kind=CaseEvent.Kind.CLOCKS_RECOMPUTED).count() == 1
    assert services.cases_recompute_open_clocks(years=frozenset({2026})) == 0


def test_a_letter_states_a_provisional_date_as_such(cast, frozen_time):
    """The 受理回执 of the December case: 暂定 in the body and the 附注 says why."""
    case = _december_case(cast)
    frozen_time.move_to(at(dt.date(2026, 12, 21)))
    letter = services.case_issue_letter(
        case=case,
        kind=LetterKind.RECEIPT,
        acting_user=cast.registrar,
        now=at(dt.date(2026, 12, 21)),
    )
    assert letter.data["deadline"]["provisional"] is True
    assert "于2027年1月19日（暂定）前作出答复" in letter.text
    assert "2027年的节假日安排（国务院办公厅通知）尚未录入" in letter.text


def test_the_batched_recompute_writes_what_the_case_service_wrote(cast, monkeypatch):
    """Batches of 2 over 5 open cases (one paused for a consultation): the
    same due dates and one event per changed case as the one-by-one path, and
    a second run changes nothing."""
    from gongkai.cases.services.recompute import cases_recompute_one_by_one

    cases = [make_case(cast, Status.IN_PROGRESS) for _ in range(4)]
    cases.append(make_case(cast, Status.CONSULTING))
    changed = package_calendar().with_overrides(
        holidays={dt.date(2026, 3, 16): "地方节日"}, source="测试"
    )
    monkeypatch.setattr(loader, "current_calendar", lambda code=None, **_: changed)
    batched = services.cases_recompute_open_clocks(batch_size=2)
    assert batched == len(cases)
    after = {c.pk: Case.objects.get(pk=c.pk) for c in cases}
    for case in cases:
        event = case.events.get(kind=CaseEvent.Kind.CLOCKS_RECOMPUTED)
        assert event.due_before == case.due_on
        assert event.due_after == after[case.pk].due_on != case.due_on
        assert after[case.pk].version == case.version + 1
    assert services.cases_recompute_open_clocks(batch_size=2) == 0
    # The former path, from the original dates, computes the same dates.
    monkeypatch.setattr(
        loader, "current_calendar", lambda code=None, **_: package_calendar()
    )
    assert services.cases_recompute_open_clocks() == len(cases)
    monkeypatch.setattr(loader, "current_calendar", lambda code=None, **_: changed)
    assert cases_recompute_one_by_one() == len(cases)
    assert {c.pk: Case.objects.get(pk=c.pk).due_on for c in cases} == {
        pk: c.due_on for pk, c in after.items()
    }


def _extended(cast, workdays: int, **more) -> Case:
    """A case in progress with an extension approved by the head today."""
    case = make_case(cast, Status.IN_PROGRESS)
    Case.objects.filter(pk=case.pk).update(
        extension_workdays=workdays,
        extension_approved_by=cast.head,
        extension_approved_on=TODAY,
        extension_notice_on=TODAY,
        **more,
    )
    return case


def test_the_clocks_read_only_their_inputs(cast, django_assert_num_queries):
    """``CLOCK_INPUTS`` is every column ``case_clocks`` reads: on a case of
    every state loaded with only those, it runs no query and computes what it
    computes on the whole row (the recompute loads only these)."""
    from gongkai.cases.clocks import CLOCK_INPUTS, calendar_for, case_clocks

    cases = [make_case(cast, status) for status in Status]
    # The branches no state reaches by itself: an approved extension, an
    # Art. 35 date, a paid fee.
    extended = _extended(
        cast,
        15,
        art35_notice_on=TODAY,
        art35_due_on=TODAY + dt.timedelta(days=40),
        fee_notice_sent_on=TODAY,
        fee_notice_received_on=TODAY,
        fee_paid_on=TODAY + dt.timedelta(days=3),
    )
    related = Case.objects.select_related("agency", "extension_approved_by")
    for case in [*cases, extended]:
        consultations = list(case.consultations.all())
        whole = related.get(pk=case.pk)
        calendar = calendar_for(whole.agency)
        expected = case_clocks(whole, consultations=consultations, calendar=calendar)
        lean = related.only(*CLOCK_INPUTS).get(pk=case.pk)
        with django_assert_num_queries(0):
            computed = case_clocks(lean, consultations=consultations, calendar=calendar)
        assert computed.to_data() == expected.to_data(), case.status
        assert computed.error_zh == expected.error_zh
    assert expected.reply is not None and expected.reply.extension is not None


def test_the_batched_recompute_runs_a_fixed_number_of_queries(cast, monkeypatch):
    """A case of every open state, then twice as many: the same number of
    queries (none per case: the clocks read no deferred column), and every
    changed date written."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.cases.clocks import CLOCK_COLUMNS, case_clocks, clock_columns
    from gongkai.cases.models import OPEN_STATUSES

    def recompute(*days: int) -> tuple[int, int]:
        moved = package_calendar().with_overrides(
            holidays={dt.date(2026, 3, day): "地方节日" for day in days}, source="测试"
        )
        monkeypatch.setattr(loader, "current_calendar", lambda code=None, **_: moved)
        with CaptureQueriesContext(connection) as queries:
            changed = services.cases_recompute_open_clocks()
        return changed, len(queries)

    cases = [make_case(cast, status) for status in sorted(OPEN_STATUSES)]
    # An approved extension: the batch reads the approver's name too.
    extended = _extended(cast, 10)
    cases.append(extended)
    first_changed, first = recompute(16)
    cases += [make_case(cast, status) for status in sorted(OPEN_STATUSES)]
    cases += [make_case(cast, status) for status in sorted(OPEN_STATUSES)]
    second_changed, second = recompute(16, 17)
    assert first_changed > 0 and second_changed > first_changed
    assert first == second
    for case in cases:  # what the engine says is what is stored, explained
        stored = Case.objects.get(pk=case.pk)
        computed = case_clocks(stored)
        assert clock_columns(computed) == {
            name: getattr(stored, name) for name in CLOCK_COLUMNS
        }
        assert stored.clocks == computed.to_data()
    assert "延长" in Case.objects.get(pk=extended.pk).clocks["clocks"][0]["text_zh"]


def test_the_worker_recomputes_in_threads_what_one_thread_computes(
    transactional_db, frozen_time, monkeypatch
):
    """``workers=2`` (the worker's default on PostgreSQL): each thread on its
    own connection, the same cases changed as by one thread, each once."""
    from django.db import connection

    from gongkai.cases.clocks import case_clocks
    from gongkai.cases.models import OPEN_STATUSES
    from gongkai.cases.services import recompute

    cast = build_cast()
    cases = [
        make_case(cast, status) for status in sorted(OPEN_STATUSES) for _ in range(3)
    ]
    moved = package_calendar().with_overrides(
        holidays={dt.date(2026, 3, 16): "地方节日"}, source="测试"
    )
    monkeypatch.setattr(loader, "current_calendar", lambda code=None, **_: moved)
    threaded: list[int] = []
    in_threads = recompute._in_threads

    def spy(*args, **kwargs):
        threaded.append(kwargs["workers"])
        return in_threads(*args, **kwargs)

    monkeypatch.setattr(recompute, "_in_threads", spy)
    reports: list[tuple[int, int, int]] = []
    changed = services.cases_recompute_open_clocks(
        batch_size=4, workers=2, progress=lambda *r: reports.append(r)
    )
    counted = Case.objects.filter(
        status__in=OPEN_STATUSES, received_on__isnull=False
    ).count()  # an unconfirmed online application has no clock yet
    assert changed > 0 and counted > 4
    # Threads on PostgreSQL; SQLite (one writer at a time) runs them in turn.
    assert threaded == ([2] if connection.features.has_select_for_update else [])
    assert reports[-1] == (counted, counted, changed)
    assert sorted(done for done, *_ in reports) == [done for done, *_ in reports]
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.CLOCKS_RECOMPUTED).count() == (
        changed
    )
    for case in cases:
        stored = Case.objects.get(pk=case.pk)
        assert stored.clocks == case_clocks(stored).to_data()
    assert services.cases_recompute_open_clocks(batch_size=4, workers=2) == 0


def test_the_worker_reports_its_progress_to_the_calendar_page(
    cast, client, monkeypatch
):
    """A calendar change enqueues the recompute; the task reports each batch."""
    from django.core.cache import cache

    from gongkai.calendars import progress

    cache.delete(progress.KEY)
    make_case(cast, Status.IN_PROGRESS)
    changed = package_calendar().with_overrides(
        holidays={dt.date(2026, 3, 16): "地方节日"}, source="测试"
    )
    monkeypatch.setattr(loader, "current_calendar", lambda code=None, **_: changed)
    hooks.on_calendar_changed([2026])  # the immediate backend runs the task now
    report = progress.latest()
    assert report is not None
    assert (report["done"], report["total"], report["changed"]) == (1, 1, 1)
    assert report["finished"]
    client.force_login(cast.admin)
    page = client.get(reverse("calendars:year-list")).content.decode()
    assert "重新计算办理中申请的答复期限" in page and "已完成" in page


def test_a_change_of_one_year_reads_only_the_cases_counting_into_it(cast, monkeypatch):
    """A new day off in 2026 (``years={2026}``, as the hook passes it): the
    cases whose clocks all ended in 2025 are not read, and a full recompute
    afterwards finds nothing left to change."""
    from gongkai.cases.models import OPEN_STATUSES

    cases = [make_case(cast, status) for status in sorted(OPEN_STATUSES)]
    last_year = [make_case(cast, Status.IN_PROGRESS) for _ in range(3)]
    Case.objects.filter(pk__in=[c.pk for c in last_year]).update(
        arrived_on=dt.date(2025, 10, 9)
    )
    base = package_calendar()
    monkeypatch.setattr(loader, "current_calendar", lambda code=None, **_: base)
    assert services.cases_recompute_open_clocks() == len(last_year)  # settled
    assert all(Case.objects.get(pk=c.pk).due_on.year == 2025 for c in last_year)
    moved = base.with_overrides(
        holidays={dt.date(2026, 3, 16): "地方节日"}, source="测试"
    )
    monkeypatch.setattr(loader, "current_calendar", lambda code=None, **_: moved)
    reports: list[tuple[int, int, int]] = []
    changed = services.cases_recompute_open_clocks(
        years=frozenset({2026}), progress=lambda *r: reports.append(r)
    )
    counted = Case.objects.filter(
        status__in=OPEN_STATUSES, received_on__isnull=False
    ).count()
    assert changed > 0
    assert reports[-1][1] == counted - len(last_year)
    assert services.cases_recompute_open_clocks() == 0
    assert {c.pk for c in cases} <= set(
        Case.objects.filter(events__kind=CaseEvent.Kind.CLOCKS_RECOMPUTED).values_list(
            "pk", flat=True
        )
    ) | {c.pk for c in cases if c.received_on is None or c.due_on is None}
