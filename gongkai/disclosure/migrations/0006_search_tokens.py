"""The smaller search index: bigrams and lone characters, no positions.

Re-creates SQLite's FTS5 table with one column of tokens and re-indexes every
published item on both databases with ``gongkai/disclosure/tokens.py``.
"""

from django.db import migrations


def reindex(apps, schema_editor):
    from gongkai.disclosure import tokens

    connection = schema_editor.connection
    postgres = connection.vendor == "postgresql"
    Item = apps.get_model("disclosure", "Item")
    with connection.cursor() as cursor:
        if not postgres:
            cursor.execute("DROP TABLE IF EXISTS disclosure_item_fts")
            cursor.execute(
                "CREATE VIRTUAL TABLE disclosure_item_fts "
                "USING fts5(tokens, tokenize='ascii')"
            )
        published = Item.objects.filter(status="published").values_list(
            "pk", "title", "doc_number", "summary", "body"
        )
        rows = []
        for pk, *texts in published.iterator(chunk_size=500):
            found = tokens.index_tokens(texts)
            if postgres:
                rows.append((tokens.tsvector_literal(found), pk))
            else:
                rows.append((pk, tokens.fts_document(found)))
        if postgres:
            cursor.executemany(
                "UPDATE disclosure_item SET search_vector = %s::tsvector WHERE id = %s",
                rows,
            )
        else:
            cursor.executemany(
                "INSERT INTO disclosure_item_fts (rowid, tokens) VALUES (%s, %s)", rows
            )


class Migration(migrations.Migration):

    dependencies = [
        ("disclosure", "0005_search_index"),
    ]

    operations = [
        migrations.RunPython(reindex, migrations.RunPython.noop),
    ]
