"""Chinese full-text search over the catalogue, on the database's own index.

The tokenizer is ``gongkai/disclosure/tokens.py`` (bigrams, and single
characters where no bigram starts with them). The database indexes exactly
those tokens:

- PostgreSQL: ``Item.search_vector``, a ``tsvector`` of the tokens (no
  positions) in the GIN index ``disclosure_item_search``;
- SQLite: the FTS5 table ``disclosure_item_fts`` (one column of
  space-separated tokens, the ``ascii`` tokenizer).

Neither database tokenizes Chinese itself, so both find the same items. The
services write the index when an item is published (``save_indexed``: on
PostgreSQL in the same UPDATE that publishes it) and remove it when the item is
withdrawn or superseded (``unindex_item``): a published
item's text never changes (a change is a new version), so there is nothing for
a trigger to follow, and a trigger could not call the Python tokenizer.

A query matches an item when every word's grams are in its entry and every
word of three or more characters occurs literally in one of its fields.
Ranking does not rank every match: ``search`` takes the ``RANKED`` most recently
published matches (through the index ``disclosure_item_recent``) and orders
those by ``tokens.score`` (名称 10, 文号 5, 内容概述 3, any match 1), then
newest first; older matches are read with ``older_matches`` past a ``Keyset``.
Both run the literal check on a bounded set of the newest token matches, never
on all of them (``_recent``).
docs/disclosure.md, "Search", says what users see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, overload

from django.db import connection, models
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from gongkai.disclosure import tokens
from gongkai.disclosure.models import Item

#: How many of the most recent matches are ordered by relevance.
RANKED = 200
FTS_TABLE = "disclosure_item_fts"
#: The fields an item is indexed by.
FIELDS = ("title", "doc_number", "summary", "body")

# The tokenizer's functions, where callers have always found them.
grams = tokens.grams
normalize = tokens.normalize
query_words = tokens.query_words
word_grams = tokens.word_grams


class Indexable(Protocol):
    pk: Any
    title: str
    doc_number: str
    summary: str
    body: str


def item_tokens(doc: Indexable) -> list[str]:
    return tokens.index_tokens(getattr(doc, f) or "" for f in FIELDS)


# --- writing the index ----------------------------------------------------


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def index_rows(docs: Iterable[Indexable]) -> int:
    """(Re)write the index entries of ``docs``; the services and the migration
    that builds the index call this. Returns the number written."""
    docs = list(docs)
    if not docs:
        return 0
    with connection.cursor() as cursor:
        if _postgres():
            # One statement for the batch (the import and the migration).
            cursor.execute(
                "UPDATE disclosure_item AS i SET search_vector = v.vector::tsvector "
                "FROM unnest(%s::bigint[], %s::text[]) AS v(id, vector) "
                "WHERE i.id = v.id",
                [
                    [d.pk for d in docs],
                    [tokens.tsvector_literal(item_tokens(d)) for d in docs],
                ],
            )
        else:
            cursor.executemany(
                "DELETE FROM disclosure_item_fts WHERE rowid = %s",
                [(d.pk,) for d in docs],
            )
            cursor.executemany(
                "INSERT INTO disclosure_item_fts (rowid, tokens) VALUES (%s, %s)",
                [(d.pk, tokens.fts_document(item_tokens(d))) for d in docs],
            )
    return len(docs)


def save_indexed(item: Item, *, update_fields: list[str] | None = None) -> None:
    """``item.save(update_fields=…)`` that also writes its index entry.

    On PostgreSQL the ``tsvector`` goes into the same UPDATE (or INSERT): the
    row gets one new version, not two, so every index on ``disclosure_item``
    is written once and nothing is read back. The tokens are made here, in
    Python, once. On SQLite the entry is a row of the FTS5 table, written
    after the save.
    """
    if not _postgres():
        item.save(update_fields=update_fields)
        index_rows([item])
        return
    item.search_vector = RawSQL(  # type: ignore[assignment]
        "%s::tsvector", [tokens.tsvector_literal(item_tokens(item))]
    )
    try:
        item.save(
            update_fields=None
            if update_fields is None
            else [*update_fields, "search_vector"]
        )
    finally:
        # Deferred again: the column is read only by the database.
        del item.search_vector


def index_item(item: Indexable) -> None:
    """Index an item already saved as published (``save_indexed`` does it
    in the same write)."""
    index_rows([item])


def unindex_item(item: Indexable) -> None:
    """Remove a withdrawn or superseded item from the index."""
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute(
                "UPDATE disclosure_item SET search_vector = NULL WHERE id = %s",
                [item.pk],
            )
        else:
            cursor.execute(
                "DELETE FROM disclosure_item_fts WHERE rowid = %s", [item.pk]
            )


def is_indexed(item: Indexable) -> bool:
    """Whether ``item`` has an entry in the index (for tests and checks)."""
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute(
                "SELECT 1 FROM disclosure_item WHERE id = %s "
                "AND search_vector IS NOT NULL",
                [item.pk],
            )
        else:
            cursor.execute(
                "SELECT 1 FROM disclosure_item_fts WHERE rowid = %s", [item.pk]
            )
        return cursor.fetchone() is not None


# --- querying -------------------------------------------------------------


def _token_match(words: list[str]) -> Q:
    if _postgres():
        return Q(
            RawSQL(
                '"disclosure_item"."search_vector" @@ %s::tsquery',
                [tokens.tsquery_literal(words)],
                output_field=models.BooleanField(),
            )
        )
    return Q(
        pk__in=RawSQL(
            "SELECT rowid FROM disclosure_item_fts WHERE disclosure_item_fts MATCH %s",
            [tokens.fts_query(words)],
        )
    )


def _literal(words: list[str]) -> Q:
    literal = Q()
    for word in words:
        if tokens.needs_literal_check(word):
            literal &= (
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(body__icontains=word)
                | Q(doc_number__icontains=word)
            )
    return literal


def matches(items: QuerySet[Item], query: str) -> QuerySet[Item]:
    """Every item of ``items`` matching every word of ``query``, newest
    published first (unranked; ``search`` ranks the most recent ones).

    An empty query (no letters or digits) matches nothing.
    """
    words = query_words(query)
    if not words:
        return items.none()
    return (
        items.filter(_token_match(words))
        .filter(_literal(words))
        .order_by("-published_at", "-pk")
    )


@dataclass(frozen=True)
class Hit:
    """What ranking reads of a match (no model instance is built for it)."""

    pk: int
    published_at: dt.datetime
    title: str
    doc_number: str
    summary: str


HIT_FIELDS = ("pk", "published_at", "title", "doc_number", "summary")
#: What a page of results shows of an item (``disclosure/public/_rows.html``),
#: and what ranking read: a page loads only these columns (half the time of
#: the whole row with its category, which is the larger part of a rare word's
#: search).
PAGE_FIELDS = (
    *HIT_FIELDS,
    "index_number",
    "validity",
    "generated_on",
    "publisher",
    "agency__code",
    "agency__name",
)


class Ranked(Sequence[Item]):
    """The ranked matches, best first: ``hits`` holds all of them (light
    rows); an index or a slice loads only those items, in one query, so a
    page of 20 builds 20 model instances, not ``RANKED``."""

    def __init__(self, items: QuerySet[Item], hits: list[Hit]) -> None:
        self._items = items
        self.hits = hits

    def __len__(self) -> int:
        return len(self.hits)

    @overload
    def __getitem__(self, index: int) -> Item: ...
    @overload
    def __getitem__(self, index: slice) -> list[Item]: ...
    def __getitem__(self, index: int | slice) -> Item | list[Item]:
        if isinstance(index, int):
            return self[index : index + 1 or None][0]
        wanted = [h.pk for h in self.hits[index]]
        loaded = (
            self._items.filter(pk__in=wanted)
            .select_related(None)
            .select_related("agency")
            .only(*PAGE_FIELDS)
            .in_bulk()
        )
        return [loaded[pk] for pk in wanted]

    def __iter__(self) -> Iterator[Item]:
        return iter(self[:])

    def oldest(self) -> Keyset | None:
        """The keyset of the least recent ranked match (older ones follow it)."""
        if not self.hits:
            return None
        last = min(self.hits, key=lambda h: (h.published_at, h.pk))
        return Keyset(last.published_at, last.pk)


def search(items: QuerySet[Item], query: str, *, ranked: int | None = None) -> Ranked:
    """The ``ranked`` (default ``RANKED``) most recently published matches,
    best first (``tokens.score``), then newest first.

    Only these are ranked, so a common word costs no more than a rare one; a
    caller that needs the older matches reads ``older_matches`` past
    ``Ranked.oldest()``. Ranking reads five columns of each match; only the
    items a caller takes (a page) are loaded as model instances.
    """
    words = query_words(query)
    if not words:
        return Ranked(items, [])
    limit = RANKED if ranked is None else ranked
    hits = [Hit(*row) for row in _recent(items, words, want=limit, light=True)]
    hits.sort(
        key=lambda h: (
            tokens.score(
                words, title=h.title, doc_number=h.doc_number, summary=h.summary
            ),
            h.published_at,
            h.pk,
        ),
        reverse=True,
    )
    return Ranked(items, hits)


def older_matches(
    items: QuerySet[Item], query: str, before: Keyset, *, limit: int
) -> list[Item]:
    """The first ``limit`` matches published before ``before``, newest first
    (the same items as ``older_than(matches(items, query), before)[:limit]``)."""
    words = query_words(query)
    if not words:
        return []
    return _recent(items, words, want=limit, before=before)


#: Candidates read per step of ``_recent`` at most (SQLite's parameter limit
#: is far above it; each step is one query over a list of ids).
STEP_MAX = 5000


def _recent(
    items: QuerySet[Item],
    words: list[str],
    *,
    want: int,
    before: Keyset | None = None,
    light: bool = False,
) -> list[Any]:
    """The ``want`` newest matches (before ``before``), newest first: items,
    or ``HIT_FIELDS`` tuples if ``light``.

    Without a literal check the token match is the whole answer: one query,
    ``LIMIT want`` along ``disclosure_item_recent`` (the planner walks that
    index for a common token and sorts the few hits of a rare one). With one,
    the literal check must not run on every token match (a phrase such as
    政府信息 has bigrams found in nearly every item, and ``UPPER(body) LIKE``
    over all of them took seconds): the newest token matches are taken in
    growing steps (a little more than ``want``, then 4× each time) and the
    check runs on those rows only, looked up by id, until ``want`` are found
    or the token matches run out. The result is exactly the newest ``want``
    of ``matches``.
    """
    order = ("-published_at", "-pk")

    def rows(qs: QuerySet[Item]) -> QuerySet[Any]:
        qs = qs.order_by(*order)
        return qs.values_list(*HIT_FIELDS) if light else qs.defer("body")

    base = items.filter(_token_match(words))
    literal = _literal(words)
    if not literal:
        qs = base if before is None else older_than(base, before)
        return list(rows(qs)[:want])
    found: list[Any] = []
    step = want + want // 4 + 10
    cursor = before
    while len(found) < want:
        qs = base if cursor is None else older_than(base, cursor)
        keys = list(qs.order_by(*order).values_list("published_at", "pk")[:step])
        if not keys:
            break
        found.extend(rows(items.filter(pk__in=[pk for _, pk in keys]).filter(literal)))
        if len(keys) < step:
            break
        last_at, last_pk = keys[-1]
        assert last_at is not None  # published items have a publication time
        cursor = Keyset(last_at, last_pk)
        step = min(step * 4, STEP_MAX)
    return found[:want]


@dataclass(frozen=True)
class Keyset:
    """A position in the newest-first order of published items."""

    published_at: dt.datetime
    pk: int

    def __str__(self) -> str:
        return f"{self.published_at.isoformat()}_{self.pk}"

    @classmethod
    def of(cls, item: Item) -> Keyset:
        assert item.published_at is not None
        return cls(item.published_at, item.pk)

    @classmethod
    def parse(cls, text: str) -> Keyset | None:
        """``None`` for anything that is not a keyset this module wrote."""
        stamp, _, pk = text.rpartition("_")
        try:
            at = dt.datetime.fromisoformat(stamp)
            number = int(pk)
        except ValueError:
            return None
        if at.tzinfo is None or number < 1:
            return None
        return cls(at, number)


def older_than(items: QuerySet[Item], keyset: Keyset) -> QuerySet[Item]:
    """``items`` after ``keyset`` in the newest-first order (keyset pagination)."""
    # The ``<=`` bound lets the index range scan start at the keyset; the
    # OR only sorts out the rows published at the same instant.
    return items.filter(
        Q(published_at__lte=keyset.published_at),
        Q(published_at__lt=keyset.published_at) | Q(pk__lt=keyset.pk),
    )
