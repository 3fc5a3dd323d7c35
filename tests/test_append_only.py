"""History cannot be rewritten: every append-only model refuses change and delete,
in Python on every database and by a trigger on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.db import DatabaseError, connection, models, transaction
from django.db.models import ProtectedError

from gongkai.events import AppendOnlyError, AppendOnlyEvent

MODELS = AppendOnlyEvent.append_only_models()
EXPECTED = {
    "accounts.SecurityEvent",
    "calendars.CalendarChange",
    "cases.CaseEvent",
    "disclosure.DisclosureEvent",
    "disputes.DisputeEvent",
    "letters.Letter",
    "planning.PlanEvent",
    "planning.ProposalEvent",
    "planning.TaskProgress",
    "reports.ReportEvent",
    "supervision.BulletinEvent",
}


def _label(model: type[models.Model]) -> str:
    return model._meta.label


def test_it_knows_every_history_table():
    assert EXPECTED <= {_label(m) for m in MODELS}


@pytest.mark.parametrize("model", MODELS, ids=_label)
def test_it_refuses_change_and_delete_in_python(db, model):
    row = model(pk=1)
    row._state.adding = False  # as if loaded from the database
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=1).update(pk=2)
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        model.objects.bulk_update([row], ["pk"])


_DUMMY: dict[str, Any] = {
    "CharField": "x",
    "TextField": "x",
    "FileField": "x/y.pdf",
    "DateTimeField": dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
    "DateField": dt.date(2026, 3, 2),
    "PositiveIntegerField": 1,
    "PositiveSmallIntegerField": 1,
    "IntegerField": 1,
    "BigIntegerField": 1,
    "BooleanField": False,
    "JSONField": {},
    "UUIDField": uuid.UUID(int=1),
    "GenericIPAddressField": "127.0.0.1",
}


def _dummy_row(model: type[models.Model]) -> models.Model:
    """A row with a value in every required column; foreign keys point at id 1.

    PostgreSQL checks Django's foreign keys at commit (they are DEFERRABLE
    INITIALLY DEFERRED), and each insert below is rolled back before that.
    """
    row = model()
    for field in model._meta.concrete_fields:
        if field.primary_key or field.null or field.has_default():
            continue
        if field.is_relation:
            setattr(row, field.attname, 1)
        elif field.get_internal_type() == "DateTimeField":
            # Now: the security log lets an entry past its retention period be
            # deleted (accounts migration 0002); a fresh one never.
            setattr(row, field.attname, dt.datetime.now(dt.UTC))
        else:
            setattr(row, field.attname, _DUMMY[field.get_internal_type()])
    return row


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL only"
)
@pytest.mark.parametrize("model", MODELS, ids=_label)
@pytest.mark.parametrize("statement", ["UPDATE {t} SET id = id", "DELETE FROM {t}"])
def test_it_refuses_update_and_delete_in_postgresql(db, model, statement):
    table = connection.ops.quote_name(model._meta.db_table)
    before = model.objects.count()
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic():
            _dummy_row(model).save()
            with connection.cursor() as cursor:
                cursor.execute(statement.format(t=table))
    assert model.objects.count() == before


def test_it_still_adds_rows_in_bulk(cast):
    from gongkai.calendars.models import CalendarChange, ChangeKind

    CalendarChange.objects.bulk_create(
        [CalendarChange(kind=ChangeKind.SEEDED, year=2026, summary="导入")]
    )
    assert CalendarChange.objects.filter(summary="导入").count() == 1


def test_it_refuses_deleting_a_record_that_has_history(cast):
    from gongkai.disputes.models import DisputeEvent
    from gongkai.disputes.services import dispute_create

    dispute = dispute_create(
        agency=cast.office,
        acting_user=cast.handler,
        kind="reconsideration",
        filed_on=dt.date(2026, 2, 1),
    )
    with pytest.raises(ProtectedError):
        dispute.delete()
    assert DisputeEvent.objects.filter(dispute=dispute).count() == 1


def test_bulk_append_writes_what_bulk_create_writes(cast):
    """``bulk_append`` (COPY on PostgreSQL) stores each row as ``bulk_create``
    does: JSON with Chinese text and nesting, dates, aware times, empty and
    null values; on SQLite it is ``bulk_create``."""
    from gongkai.cases.models import CaseEvent, Status
    from gongkai.cases.tests.states import make_case

    case = make_case(cast, Status.IN_PROGRESS)
    at = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)

    def events(reason: str) -> list[CaseEvent]:
        return [
            CaseEvent(
                case=case,
                kind=CaseEvent.Kind.CLOCKS_RECOMPUTED,
                actor=cast.head if i % 2 else None,
                actor_label="系统",
                at=at + dt.timedelta(minutes=i),
                status_before=case.status,
                status_after=case.status,
                reason=f"{reason} \\ \t 第{i}次\n换行",
                data={"years": [2026], "说明": "“引号”与\\反斜杠", "n": i, "x": None},
                due_before=dt.date(2026, 3, 30) if i else None,
                due_after=dt.date(2026, 3, 31),
                clocks_before={},
                clocks_after={"clocks": [{"text_zh": "答复期限：2026年3月31日"}]},
            )
            for i in range(3)
        ]

    created = CaseEvent.objects.bulk_create(events("bulk_create"))
    assert CaseEvent.objects.bulk_append(events("bulk_append")) == 3
    assert CaseEvent.objects.bulk_append([]) == 0
    fields = [
        f.attname
        for f in CaseEvent._meta.concrete_fields
        if f.attname not in {"id", "reason"}
    ]

    def stored(reason: str) -> list[tuple[Any, ...]]:
        return list(
            CaseEvent.objects.filter(reason__startswith=reason)
            .order_by("at")
            .values_list("reason", *fields)
        )

    assert len(created) == 3
    assert [
        (r.replace("bulk_create", "bulk_append"), *rest)
        for r, *rest in stored("bulk_create")
    ] == stored("bulk_append")
