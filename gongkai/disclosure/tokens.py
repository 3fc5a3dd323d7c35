"""The one tokenizer of catalogue search (framework-free).

Chinese is written without spaces, so "低保" must be found inside "城乡低保标准":
text is cut into runs of letters and digits (NFKC, lower case; CJK characters
count as letters), and each run into character **bigrams**; bigrams never cross
punctuation. Both databases index exactly the tokens made here
(``gongkai/disclosure/search.py``), so both find the same items.

What an item's index entry holds (``index_tokens``): every bigram, and a
character on its own only where no bigram starts with it (the last character
of a run, a one-character run). A one-character query ``c`` is a prefix query
(``c*``): it matches an item iff some token starts with ``c``, i.e. iff ``c``
occurs — the same as indexing every unigram, at about 60 % of the size.

A query word of two or more characters must match all of its bigrams (an
unspaced phrase is one word and is matched by its bigrams); a word of three or
more characters must then also occur literally (``needs_literal_check``).
"""

from __future__ import annotations

import itertools
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

MAX_QUERY_WORDS = 8
MAX_WORD_CHARS = 30
#: A literal check is needed only for words longer than one bigram.
LITERAL_FROM = 3
#: Relevance of a word found in each field (``score``): 名称, 文号, 内容概述;
#: a match anywhere (正文 included) counts 1.
FIELD_WEIGHTS = {"title": 10, "doc_number": 5, "summary": 3}

_RUN = re.compile(r"[^\W_]+")  # letters and digits: str.isalnum() runs


#: Full-width ASCII forms and the ideographic space: the compatibility
#: characters of nearly every Chinese text (the full-width comma, brackets,
#: digits), each decomposing to one ASCII character.
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def _half_width(match: re.Match[str]) -> str:
    char = match.group()
    return " " if char == "\u3000" else chr(ord(char) - 0xFEE0)


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits to half-width) and lower case.

    The full-width forms are replaced by their ASCII characters first (their
    compatibility decomposition), so most Chinese text is then already in
    NFKC and skips the full normalization, which costs ~0.3 µs a character
    (ranking reads every candidate's title, 文号 and summary). The result is
    NFKC's exactly: both strings have the same NFKD, and one in NFKC is its
    own NFKC; anything else goes through ``unicodedata.normalize``.
    """
    half = _FULL_WIDTH.sub(_half_width, text)
    if unicodedata.is_normalized("NFKC", half):
        return half.lower()
    return unicodedata.normalize("NFKC", half).lower()


def runs(text: str) -> list[str]:
    """Maximal runs of letters and digits (CJK characters count as letters)."""
    return _RUN.findall(normalize(text))


def grams(text: str) -> Counter[str]:
    """Unigrams and bigrams of ``text``, counted; bigrams never cross punctuation."""
    counts: Counter[str] = Counter()
    for run in runs(text):
        counts.update(run)
        counts.update(a + b for a, b in itertools.pairwise(run))
    return counts


def index_tokens(texts: Iterable[str]) -> list[str]:
    """The tokens an item is indexed by, sorted: its bigrams, and the
    characters no bigram starts with.

    The fields are joined by a newline (not a letter or digit, so no run
    crosses from one field into the next) and normalized once: this runs in
    the publishing transaction, once per item.
    """
    bigrams: set[str] = set()
    chars: set[str] = set()
    for run in runs("\n".join(t or "" for t in texts)):
        chars.update(run)
        bigrams.update(map(operator.add, run, run[1:]))
    starts = {b[0] for b in bigrams}
    return sorted(bigrams | (chars - starts))


def query_words(query: str) -> list[str]:
    """The words of a query: runs of letters and digits, at most a few, deduplicated."""
    words: list[str] = []
    for run in runs(query):
        word = run[:MAX_WORD_CHARS]
        if word not in words:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


def word_grams(word: str) -> list[str]:
    """What a query word must match: its one character (as a prefix), or all
    its bigrams."""
    if len(word) == 1:
        return [word]
    return list(dict.fromkeys(word[i : i + 2] for i in range(len(word) - 1)))


def needs_literal_check(word: str) -> bool:
    return len(word) >= LITERAL_FROM


def _quote_lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(tokens: Iterable[str]) -> str:
    """PostgreSQL ``tsvector`` input: each token once, no positions."""
    return " ".join(_quote_lexeme(t) for t in tokens)


def tsquery_literal(words: Sequence[str]) -> str:
    """PostgreSQL ``tsquery`` input: every word's grams; one character as a prefix."""
    parts: list[str] = []
    for word in words:
        for gram in word_grams(word):
            lexeme = _quote_lexeme(gram) + (":*" if len(word) == 1 else "")
            if lexeme not in parts:
                parts.append(lexeme)
    return " & ".join(parts)


def fts_document(tokens: Iterable[str]) -> str:
    """The FTS5 column: the tokens, space-separated (the ``ascii`` tokenizer
    takes every run of non-space, non-ASCII-punctuation characters as a term)."""
    return " ".join(tokens)


def fts_query(words: Sequence[str]) -> str:
    """FTS5 MATCH syntax: every word's grams; one character as a prefix."""
    parts: list[str] = []
    for word in words:
        for gram in word_grams(word):
            term = f'"{gram}"' + ("*" if len(word) == 1 else "")
            if term not in parts:
                parts.append(term)
    return " AND ".join(parts)


def score(words: Sequence[str], *, title: str, doc_number: str, summary: str) -> int:
    """Relevance of a matching item: each word counts 10 in the 名称, 5 in the
    文号, 3 in the 内容概述, plus 1 for matching at all (the 正文 included)."""
    fields = {
        "title": normalize(title),
        "doc_number": normalize(doc_number),
        "summary": normalize(summary),
    }
    total = 0
    for word in words:
        total += 1
        for field, weight in FIELD_WEIGHTS.items():
            if word in fields[field]:
                total += weight
    return total
