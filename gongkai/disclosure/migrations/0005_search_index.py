"""Search on the database's own full-text index (issue 12).

Adds ``Item.search_vector`` (a tsvector, GIN-indexed on PostgreSQL) and, on
SQLite, the FTS5 table ``disclosure_item_fts``
(0006 fills them); drops ``SearchGram``.
"""

import gongkai.disclosure.models
from django.db import migrations, models

FTS_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS disclosure_item_fts "
    "USING fts5(tokens, tokenize='ascii')"
)


def create_index(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(
                "CREATE INDEX disclosure_item_search ON disclosure_item "
                "USING gin (search_vector)"
            )
        else:
            cursor.execute(FTS_CREATE)


def drop_index(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS disclosure_item_search")
        else:
            cursor.execute("DROP TABLE IF EXISTS disclosure_item_fts")


def index_published(apps, schema_editor):
    """Nothing: 0006 (the smaller index) indexes every published item."""


class Migration(migrations.Migration):

    dependencies = [
        ("disclosure", "0004_append_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="item",
            name="search_vector",
            field=gongkai.disclosure.models.TsVectorField(
                editable=False, null=True
            ),
        ),
        migrations.AddIndex(
            model_name="item",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-published_at", "-id"],
                name="disclosure_item_recent",
            ),
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(index_published, migrations.RunPython.noop),
        migrations.DeleteModel(name="SearchGram"),
    ]
