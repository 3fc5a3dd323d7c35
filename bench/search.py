"""Benchmark: catalogue search on the database's full-text index vs the old gram table.

Run (PostgreSQL is the target):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai \\
        .venv/bin/python bench/search.py --items 100000 [--old-items 10000] [--queries 200]

A throw-away database (``<name>_bench_search``) is created and dropped at the end
(``--keep`` keeps it). N realistic items (``gongkai/disclosure/sample_text.py``:
titles ~25, summaries ~100, bodies ~1,500 characters; rare words in ~0.5 % of
the items) are inserted as published and indexed in batches through
``search.index_rows`` (the batch path, as a migration re-indexes). It prints the
indexing time per item (one item at a time as publication does,
``search.save_indexed``, beside the former two-UPDATE path; and in batches),
the index size per item,
and p50/p95 over the queries of each kind through ``search.search`` — the
search page's first page: the most recent matches, ranked. Beside it, in the
same run, the old design (the ``SearchGram`` table of unigrams and bigrams with
weights, and its query: all grams matched, literal check, ranked by summed
weight, first page of 20) over the first ``--old-items`` items.

Targets (issue 12) at 1,000,000 items on 2 cores: rare word and two-word p95
≤ 20 ms, phrase and common word ≤ 100 ms, index ≤ 5 KB per item, indexing ≤ 5 ms
per item. The last line is one JSON object with the new design's figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
# PostgreSQL with DEBUG off requires a key; this process signs nothing.
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from gongkai.disclosure import search  # noqa: E402
from gongkai.disclosure.models import Category, Item  # noqa: E402
from gongkai.disclosure.sample_text import sample_items  # noqa: E402
from gongkai.disclosure.selectors import public_items  # noqa: E402

KINDS = {
    "rare": ["低保", "拆迁"],
    "common": ["公开"],
    "phrase": ["政府信息"],
    "two_words": ["低保 标准", "拆迁 补偿"],
}
CHUNK = 1000
SH = dt.timezone(dt.timedelta(hours=8))
OLD_WEIGHTS = {"title": 10, "doc_number": 5, "summary": 3, "body": 1}


def setup_agency() -> tuple[object, object, object]:
    from gongkai.agencies.services import agency_create
    from gongkai.disclosure.services import disclosure_setup

    agency = agency_create(name="基准市人民政府办公室", code="bench", kind="office")
    disclosure_setup(agency=agency)
    category = Category.objects.filter(agency=agency).first()
    user = get_user_model().objects.create_user("bench-drafter", password=None)
    return agency, category, user


def insert_items(n: int, agency, category, user) -> tuple[float, float, int]:
    """Insert n published items; index them in batches. Returns seconds spent
    inserting, seconds spent indexing, and the count."""
    base = dt.datetime(2015, 1, 1, 9, tzinfo=SH)
    insert_s = index_s = 0.0
    made = 0
    for start in range(0, n, CHUNK):
        texts = sample_items(min(CHUNK, n - start), seed=start + 1)
        t0 = time.perf_counter()
        with transaction.atomic():
            rows = Item.objects.bulk_create(
                [
                    Item(
                        agency=agency,
                        category=category,
                        art20_item="1",
                        title=s.title,
                        doc_number=s.doc_number,
                        summary=s.summary,
                        body=s.body,
                        generated_on=dt.date(s.year, 1 + (start + i) % 12, 1),
                        publisher="基准市人民政府办公室",
                        status=Item.Status.PUBLISHED,
                        index_number=f"bench/{start + i}",
                        published_at=base + dt.timedelta(minutes=5 * (start + i)),
                        created_by=user,
                        created_at=base,
                        updated_at=base,
                    )
                    for i, s in enumerate(texts)
                ]
            )
        t1 = time.perf_counter()
        with transaction.atomic():
            search.index_rows(rows)
        t2 = time.perf_counter()
        insert_s += t1 - t0
        index_s += t2 - t1
        made += len(rows)
        if made % 20000 == 0 or made == n:
            print(f"  {made:,} 条已写入并索引", flush=True)
    return insert_s, index_s, made


def per_item_indexing(sample: int) -> dict[str, list[float]]:
    """Indexing one item as publication does, on already inserted items:
    ``search.save_indexed`` (the publishing UPDATE carries the tsvector) inside
    a transaction, timed up to the commit (what indexing adds to the
    publication's transaction) and with its commit; beside it the former path
    (the publishing UPDATE, then a second UPDATE by ``index_item``), alternating
    item by item so both see the same load."""
    items = list(
        Item.objects.order_by("pk").only(
            "pk", "title", "doc_number", "summary", "body", "updated_at"
        )[: 2 * sample]
    )
    times: dict[str, list[float]] = {
        "new": [],
        "new_commit": [],
        "former": [],
        "former_commit": [],
    }
    for k, item in enumerate(items):
        kind = "new" if k % 2 == 0 else "former"
        t0 = time.perf_counter()
        with transaction.atomic():
            if kind == "new":
                search.save_indexed(item, update_fields=["updated_at"])
            else:
                item.save(update_fields=["updated_at"])
                search.index_item(item)
            t1 = time.perf_counter()
        t2 = time.perf_counter()
        times[kind].append((t1 - t0) * 1000)
        times[kind + "_commit"].append((t2 - t0) * 1000)
    for values in times.values():
        values.sort()
    return times


def p50_p95(values: list[float]) -> str:
    return (
        f"p50 {statistics.median(values):.2f} ms、"
        f"p95 {values[int(len(values) * 0.95) - 1]:.2f} ms"
    )


# --- the old design, as it was before issue 12 ---------------------------------


def old_weights(item) -> dict[str, int]:
    weights: dict[str, int] = {}
    for field, weight in OLD_WEIGHTS.items():
        for gram, n in search.grams(getattr(item, field) or "").items():
            weights[gram] = weights.get(gram, 0) + n * weight
    return weights


def build_old(n_old: int) -> tuple[float, int, list[float]]:
    """The SearchGram table for the first n_old items: per-item indexing timed
    on 200 items (delete + insert, as the old ``index_item``), the rest by COPY."""
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_searchgram")
        cur.execute(
            "CREATE TABLE bench_searchgram (id bigserial PRIMARY KEY, "
            "item_id bigint NOT NULL, gram varchar(2) NOT NULL, weight integer NOT NULL)"
        )
    items = list(
        Item.objects.order_by("pk").only(
            "pk", "title", "doc_number", "summary", "body"
        )[:n_old]
    )
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        # No other query may run on the connection while COPY is open.
        with cur.copy(
            "COPY bench_searchgram (item_id, gram, weight) FROM STDIN"
        ) as copy:
            for item in items:
                for gram, weight in old_weights(item).items():
                    copy.write_row((item.pk, gram, weight))
        cur.execute(
            "CREATE UNIQUE INDEX bench_gram_item_gram ON bench_searchgram (item_id, gram)"
        )
        cur.execute(
            "CREATE INDEX bench_gram_gram_item ON bench_searchgram (gram, item_id)"
        )
        cur.execute("ANALYZE bench_searchgram")
        cur.execute(
            "SELECT count(*), pg_total_relation_size('bench_searchgram') FROM bench_searchgram"
        )
        rows, size = cur.fetchone()
    build_s = time.perf_counter() - t0
    per_item = []
    for item in items[:200]:
        weights = old_weights(item)
        t1 = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("DELETE FROM bench_searchgram WHERE item_id = %s", [item.pk])
            cur.executemany(
                "INSERT INTO bench_searchgram (item_id, gram, weight) VALUES (%s, %s, %s)",
                [(item.pk, g, w) for g, w in weights.items()],
            )
        per_item.append((time.perf_counter() - t1) * 1000)
    print(
        f"旧设计：{n_old:,} 条的 gram 表 {rows:,} 行，{size / 1e6:.0f} MB"
        f"（{size / n_old / 1024:.1f} KB/条），建表 {build_s:.0f} s"
    )
    return build_s, size, per_item


def old_first_page(query: str) -> list[int]:
    """The old ``search.search`` first page as its SQL ran (ORM-generated)."""
    words = search.query_words(query)
    wanted = sorted({g for w in words for g in search.word_grams(w)})
    literal = []
    params: list[object] = list(wanted)
    for word in words:
        literal.append(
            "(UPPER(i.title) LIKE UPPER(%s) OR UPPER(i.summary) LIKE UPPER(%s) "
            "OR UPPER(i.body) LIKE UPPER(%s) OR UPPER(i.doc_number) LIKE UPPER(%s))"
        )
        params.extend([f"%{word}%"] * 4)
    params.append(len(wanted))
    sql = (
        "SELECT i.id FROM disclosure_item i JOIN bench_searchgram g ON g.item_id = i.id "
        "WHERE i.status = 'published' AND g.gram IN ("
        + ", ".join(["%s"] * len(wanted))
        + ") AND "
        + " AND ".join(literal)
        + " GROUP BY i.id HAVING COUNT(DISTINCT g.gram) = %s "
        "ORDER BY SUM(g.weight) DESC, MAX(i.published_at) DESC, i.id DESC LIMIT 20"
    )
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return [r[0] for r in cur.fetchall()]


def old_all(query: str) -> set[int]:
    words = search.query_words(query)
    wanted = sorted({g for w in words for g in search.word_grams(w)})
    literal = []
    params: list[object] = list(wanted)
    for word in words:
        literal.append(
            "(UPPER(i.title) LIKE UPPER(%s) OR UPPER(i.summary) LIKE UPPER(%s) "
            "OR UPPER(i.body) LIKE UPPER(%s) OR UPPER(i.doc_number) LIKE UPPER(%s))"
        )
        params.extend([f"%{word}%"] * 4)
    params.append(len(wanted))
    sql = (
        "SELECT i.id FROM disclosure_item i JOIN bench_searchgram g ON g.item_id = i.id "
        "WHERE g.gram IN ("
        + ", ".join(["%s"] * len(wanted))
        + ") AND "
        + " AND ".join(literal)
        + " GROUP BY i.id HAVING COUNT(DISTINCT g.gram) = %s"
    )
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return {r[0] for r in cur.fetchall()}


# --- measuring --------------------------------------------------------------


def timed(fn, queries: list[str], n: int) -> dict[str, float]:
    for q in queries:  # warm the caches once
        fn(q)
    times = []
    for k in range(n):
        q = queries[k % len(queries)]
        t0 = time.perf_counter()
        fn(q)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
    }


def former_first_page(query: str) -> list[int]:
    """The first page as ``search.search`` read it before the literal check
    was bounded: ``matches`` (token match and literal check in one query),
    the ``RANKED`` newest, ranked."""
    words = search.query_words(query)
    found = list(search.matches(public_items(), query).defer("body")[: search.RANKED])
    found.sort(
        key=lambda i: (
            search.tokens.score(
                words, title=i.title, doc_number=i.doc_number, summary=i.summary
            ),
            i.published_at,
            i.pk,
        ),
        reverse=True,
    )
    return [i.pk for i in found[:20]]


def new_first_page(query: str) -> list[int]:
    return [i.pk for i in search.search(public_items(), query)[:20]]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--old-items", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--old-queries",
        type=int,
        default=20,
        help="queries of each kind for the old designs (each takes seconds)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/search.py 需要 PostgreSQL：请设置 DATABASE_URL=postgres://…")
    old_name = connection.settings_dict["NAME"]
    # Not test_<name>: the test suite may run on the same server meanwhile.
    connection.settings_dict["TEST"]["NAME"] = f"{old_name}_bench_search"
    test_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=args.keep
    )
    try:
        print(f"数据库：PostgreSQL（临时库 {test_name}）", flush=True)
        with connection.cursor() as cur:  # building the old table takes minutes
            cur.execute("SET statement_timeout = 0")
        if Item.objects.exists():
            print("库中已有数据：沿用（--keep）")
            n = Item.objects.count()
            insert_s = index_s = 0.0
        else:
            agency, category, user = setup_agency()
            insert_s, index_s, n = insert_items(args.items, agency, category, user)
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE disclosure_item")
        per_item = per_item_indexing(250)
        with connection.cursor() as cur:
            cur.execute(
                "SELECT pg_relation_size('disclosure_item_search'), "
                "coalesce(sum(pg_column_size(search_vector)), 0), "
                "sum(pg_column_size(title) + pg_column_size(summary) "
                "+ pg_column_size(body) + pg_column_size(doc_number)) "
                "FROM disclosure_item"
            )
            gin, vectors, text = cur.fetchone()
        index_bytes = (gin + vectors) / n
        print(
            f"新设计：{n:,} 条；写入 {insert_s:.0f} s，批量索引 {index_s:.0f} s"
            f"（{index_s / max(n, 1) * 1000:.2f} ms/条）"
        )
        print(
            f"逐条索引（发布时的路径，事务内）：一次 UPDATE {p50_p95(per_item['new'])}；"
            f"原路径（两次 UPDATE）{p50_p95(per_item['former'])}"
        )
        print(
            f"逐条索引（含提交）：一次 UPDATE {p50_p95(per_item['new_commit'])}；"
            f"原路径 {p50_p95(per_item['former_commit'])}"
        )
        print(
            f"索引大小：GIN {gin / 1e6:.0f} MB + tsvector 列 {vectors / 1e6:.0f} MB = "
            f"{index_bytes / 1024:.2f} KB/条（正文等文字本身 {text / n / 1024:.2f} KB/条）"
        )
        n_old = min(args.old_items, n)
        _, old_size, old_per_item = build_old(n_old)
        old_per_item.sort()
        print(
            f"旧设计逐条索引 p50 {statistics.median(old_per_item):.1f} ms、"
            f"p95 {old_per_item[int(len(old_per_item) * 0.95) - 1]:.1f} ms"
        )
        # Same answers: the old design over its items vs the new one over them.
        first_old = Item.objects.order_by("pk").values_list("pk", flat=True)[n_old - 1]
        for queries in KINDS.values():
            for q in queries:
                new = set(
                    search.matches(
                        public_items().filter(pk__lte=first_old), q
                    ).values_list("pk", flat=True)
                )
                old = old_all(q)
                status = "相同" if new == old else "不同！"
                print(
                    f"  结果集「{q}」：新 {len(new):,} 条，旧 {len(old):,} 条，{status}"
                )
        results: dict[str, object] = {"items": n}
        print(
            f"\n{'查询':<10}{'命中（全库）':>12}  新设计 p50/p95 ms（{n:,} 条）"
            f"   旧设计 p50/p95 ms（{n_old:,} 条）"
        )
        for kind, queries in KINDS.items():
            hits = search.matches(public_items(), queries[0]).count()
            new_t = timed(new_first_page, queries, args.queries)
            old_t = timed(old_first_page, queries, args.old_queries)
            results[kind] = new_t
            print(
                f"{kind:<10}{hits:>12,}  {new_t['p50_ms']:>8} / {new_t['p95_ms']:<8}"
                f"             {old_t['p50_ms']:>8} / {old_t['p95_ms']}"
            )
        # The phrase as the first page read it before the bounded literal
        # check: one query, the literal check on every token match.
        former = timed(former_first_page, KINDS["phrase"], args.old_queries)
        results["phrase_former"] = former
        print(
            f"phrase，改前的查询（字面检查作用于全部匹配，{n:,} 条）："
            f"{former['p50_ms']} / {former['p95_ms']}"
        )
        results["index_bytes_per_item"] = round(index_bytes)
        results["index_ms_per_item"] = round(statistics.median(per_item["new"]), 2)
        results["index_ms_per_item_with_commit"] = round(
            statistics.median(per_item["new_commit"]), 2
        )
        results["old_index_bytes_per_item"] = round(old_size / n_old)
        print(json.dumps(results, ensure_ascii=False))
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
