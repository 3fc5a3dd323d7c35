"""Many new rows at once: ``COPY … FROM STDIN`` on PostgreSQL.

Django's ``bulk_create`` sends one INSERT whose parameters psycopg quotes one
by one in Python (Django binds on the client): for wide rows (a case has 86
columns) or large JSON (an event carries two explanations) that is most of a
bulk write's time. ``copy_insert`` streams the same values, prepared as
``save()`` prepares them (``pre_save``, ``get_db_prep_save``), through COPY,
which psycopg encodes in C. On other databases it is ``bulk_create``.

Like ``bulk_create`` it sends no signals and calls no ``save()``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connections, models, transaction

#: Rows per ``bulk_create`` where COPY is not available.
BATCH_SIZE = 500


def copy_insert(
    model: type[models.Model],
    objs: Iterable[Any],
    *,
    using: str = "default",
    assign_ids: bool = False,
) -> list[Any]:
    """Insert ``objs`` (new instances of ``model``) and return them.

    With ``assign_ids`` each object gets its id: on PostgreSQL the ids are
    drawn from the table's sequence first (one query) and copied with the
    rows, so that related rows can point at them; elsewhere ``bulk_create``
    sets them. Without it the objects' ids stay unset on PostgreSQL.
    """
    objs = list(objs)
    if not objs:
        return objs
    connection = connections[using]
    if connection.vendor != "postgresql":
        return model._default_manager.db_manager(using).bulk_create(
            objs, batch_size=BATCH_SIZE
        )
    meta = model._meta
    pk = meta.pk
    auto_pk = getattr(pk, "db_returning", False)
    qn = connection.ops.quote_name
    with transaction.atomic(using=using, savepoint=False):
        if auto_pk and assign_ids:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                    "FROM generate_series(1, %s)",
                    [meta.db_table, pk.column, len(objs)],
                )
                for obj, (new_id,) in zip(objs, cursor.fetchall(), strict=True):
                    obj.pk = new_id
        fields = [
            f
            for f in meta.concrete_fields
            if not getattr(f, "generated", False)
            and not (f.primary_key and auto_pk and not assign_ids)
        ]
        columns = ", ".join(qn(str(f.column)) for f in fields)
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {qn(meta.db_table)} ({columns}) FROM STDIN") as copy,
        ):
            for obj in objs:
                copy.write_row(
                    [
                        f.get_db_prep_save(f.pre_save(obj, add=True), connection)
                        for f in fields
                    ]
                )
    for obj in objs:
        if obj.pk is not None:
            obj._state.adding = False
            obj._state.db = using
    return objs
