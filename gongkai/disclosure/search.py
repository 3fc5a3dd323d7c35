"""Chinese full-text search over the catalogue: a portable character n-gram index.

Chinese is written without spaces, so "低保" must be found inside "城乡低保标准".
Each published item is cut into character unigrams and bigrams (``grams``);
the rows live in ``SearchGram`` with a weight (how often the gram occurs, times
the weight of the field). A query is cut the same way: a word of two or more
characters must match all of its bigrams, a single character its unigram, and
every word must then occur literally (``contains``) so that "低保障" does not
match a text with "低保" and "保障" apart. Items are ranked by the summed
weights of the matched grams. The same SQL runs on SQLite and PostgreSQL; why
not FTS5 or pg_trgm is in docs/disclosure.md.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable

from django.db import models
from django.db.models import Count, Q, QuerySet, Sum

from gongkai.disclosure.models import Item, SearchGram

#: Field weights: a hit in the title counts more than one in the body.
FIELD_WEIGHTS: dict[str, int] = {
    "title": 10,
    "doc_number": 5,
    "summary": 3,
    "body": 1,
}
MAX_QUERY_WORDS = 8
MAX_WORD_CHARS = 30


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits to half-width) and lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def _runs(text: str) -> Iterable[str]:
    """Maximal runs of letters and digits (CJK characters count as letters)."""
    run: list[str] = []
    for ch in normalize(text):
        if ch.isalnum():
            run.append(ch)
        elif run:
            yield "".join(run)
            run = []
    if run:
        yield "".join(run)


def grams(text: str) -> Counter[str]:
    """Unigrams and bigrams of ``text``, counted; bigrams never cross punctuation."""
    counts: Counter[str] = Counter()
    for run in _runs(text):
        counts.update(run)
        counts.update(run[i : i + 2] for i in range(len(run) - 1))
    return counts


def query_words(query: str) -> list[str]:
    """The words of a query: runs of letters and digits, at most a few, deduplicated."""
    words: list[str] = []
    for run in _runs(query):
        word = run[:MAX_WORD_CHARS]
        if word not in words:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


def query_grams(words: Iterable[str]) -> set[str]:
    result: set[str] = set()
    for word in words:
        if len(word) == 1:
            result.add(word)
        else:
            result.update(word[i : i + 2] for i in range(len(word) - 1))
    return result


def item_weights(item: Item) -> Counter[str]:
    weights: Counter[str] = Counter()
    for field, weight in FIELD_WEIGHTS.items():
        for gram, n in grams(getattr(item, field) or "").items():
            weights[gram] += n * weight
    return weights


def index_item(item: Item) -> int:
    """(Re)write the grams of ``item``; called by the services only."""
    SearchGram.objects.filter(item=item).delete()
    rows = [
        SearchGram(item=item, gram=gram, weight=weight)
        for gram, weight in item_weights(item).items()
    ]
    SearchGram.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def unindex_item(item: Item) -> None:
    SearchGram.objects.filter(item=item).delete()


def search(items: QuerySet[Item], query: str) -> QuerySet[Item]:
    """``items`` matching every word of ``query``, best first (``score`` annotated).

    An empty query (no letters or digits) matches nothing.
    """
    words = query_words(query)
    if not words:
        return items.none()
    wanted = query_grams(words)
    literal = Q()
    for word in words:
        literal &= (
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(body__icontains=word)
            | Q(doc_number__icontains=word)
        )
    return (
        items.filter(grams__gram__in=wanted)
        .annotate(
            hits=Count("grams__gram", distinct=True),
            score=Sum("grams__weight", output_field=models.IntegerField()),
        )
        .filter(hits=len(wanted))
        .filter(literal)
        .order_by("-score", "-published_at", "-pk")
    )
