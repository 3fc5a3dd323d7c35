"""History that cannot be rewritten: the one base of every append-only record.

An audit event (``CaseEvent``, ``ReportEvent``, …), a calendar change, an issued
letter and a security-log entry are written once, by the service that made the
change, and never changed or removed afterwards. ``AppendOnlyEvent`` enforces it
at two levels:

* **Python** (every database): ``save()`` refuses an existing row, ``delete()``
  refuses always, and the default manager's queryset refuses ``update()``,
  ``delete()`` and ``bulk_update()``. ``create()`` and ``bulk_create()`` work.
* **PostgreSQL**: a ``BEFORE UPDATE OR DELETE`` row trigger on each table
  (``AppendOnlyTrigger``, one per model in a migration) raises, so neither raw
  SQL, a cascade nor a hand-written ``psql`` session can rewrite history. SQLite
  (development, the embedded default) keeps the Python guard only.

Row triggers do not fire on ``TRUNCATE``: test databases are still flushed
between tests (pytest-django / Django's ``flush`` truncate on PostgreSQL), and a
database administrator can still empty a table deliberately. A migration that
really must rewrite events (none does) has to ``ALTER TABLE … DISABLE TRIGGER
gongkai_append_only`` explicitly and say why.

Foreign keys from an event to the thing it records use ``on_delete=PROTECT``:
the thing cannot be deleted while it has history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Self

from django.db import models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState

from gongkai.bulk import copy_insert


class AppendOnlyError(RuntimeError):
    """Someone tried to change or delete a row of an append-only table."""

    def __init__(self, model: type[models.Model] | str, action: str) -> None:
        name = model if isinstance(model, str) else model.__name__
        super().__init__(f"{name} is append-only: {action} refused")


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """A queryset that can add and read rows, never change or remove them."""

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(self.model, "update()")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(self.model, "delete()")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise AppendOnlyError(self.model, "bulk_update()")

    def bulk_append(self, objs: Iterable[Any]) -> int:
        """Append many new rows at once and return how many: COPY on
        PostgreSQL (``gongkai.bulk.copy_insert``; several times faster than
        ``bulk_create`` for rows of large JSON), ``bulk_create`` elsewhere.
        Unlike ``bulk_create``, the objects do not get their ids."""
        return len(copy_insert(self.model, objs, using=self.db))

    # ``update_or_create`` on an existing row ends in ``save()``, which refuses.


class AppendOnlyEvent(models.Model):
    """Abstract base of every append-only record (see the module docstring)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("force_update"):
            raise AppendOnlyError(type(self), "save() of an existing row")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(type(self), "delete()")

    @classmethod
    def append_only_models(cls) -> list[type[Self]]:
        """Every concrete append-only model of the installed apps."""
        from django.apps import apps

        return [m for m in apps.get_models() if issubclass(m, cls)]


#: The PL/pgSQL function every trigger calls (idempotent: CREATE OR REPLACE).
TRIGGER_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION gongkai_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'gongkai: % on %.% refused: the table is append-only',
        TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING HINT = 'History is written once (gongkai/events.py).';
END
$$;
"""
TRIGGER_NAME = "gongkai_append_only"


class AppendOnlyTrigger(Operation):
    """Migration operation: on PostgreSQL, refuse UPDATE and DELETE of a model's rows.

    Use it in the migration that creates the model (or one after it), e.g.
    ``AppendOnlyTrigger("caseevent")``. On other databases it does nothing.
    """

    reversible = True
    reduces_to_sql = False

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__qualname__, [self.model_name], {})

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass

    def _table(self, app_label: str, state: ProjectState) -> str:
        return str(state.apps.get_model(app_label, self.model_name)._meta.db_table)

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name(self._table(app_label, to_state))
        schema_editor.execute(TRIGGER_FUNCTION_SQL, params=None)
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_NAME} ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER {TRIGGER_NAME} BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION gongkai_append_only()"
        )

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name(self._table(app_label, from_state))
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_NAME} ON {table}")

    def describe(self) -> str:
        return f"Refuse UPDATE and DELETE on {self.model_name} (PostgreSQL trigger)"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.model_name}_append_only"


def event_value(value: Any) -> Any:
    """A field's value as an event's JSON stores it: dates as ISO text, rows by pk."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def apply_changes(obj: models.Model, fields: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set on ``obj`` each field whose value differs; the event's ``changes``.

    Returns ``{name: [before, after]}`` (values as :func:`event_value` stores
    them) for the fields that changed, and nothing for those that did not.
    """
    changes: dict[str, list[Any]] = {}
    for name, value in fields.items():
        before = getattr(obj, name)
        if before != value:
            changes[name] = [event_value(before), event_value(value)]
            setattr(obj, name, value)
    return changes
