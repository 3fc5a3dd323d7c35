"""Benchmark: the public pages under scripts/serve on PostgreSQL, cache off vs on.

Run (PostgreSQL and Redis required; everything on loopback):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_me \\
        .venv/bin/python bench/web.py [--redis-db 4] [--port 8140] [--workers 4] [--seconds 10]

It creates a throw-away database ``<yours>_web``, seeds the demo data (with the
sample reports), starts `scripts/serve` through the production tests' harness
and, for each of the home page, the reports list, a report page, an agency's
catalogue, a search and the report PDF, runs 20 concurrent clients for ``--seconds`` and prints
requests/s and p50/p95 — first with the public page cache off
(``PUBLIC_PAGE_CACHE_SECONDS=0``: the baseline, every page rendered), then with
it on (the default with Redis), in the same run. Target (issue 12): at least
300 requests/s for the cached public pages on 2 cores. The last line is one
JSON object with both runs.

``--client ab`` measures with ApacheBench instead of this process's threads,
``--client both`` with each in turn (keys ``cache_off_ab``, ``cache_on_ab``):
on 2 cores the Python client takes most of a core itself, so its figures are
the server's throughput minus what the client took from it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere
sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests
from load import hammer  # bench/load.py

from tests.production.harness import (
    Served,
    create_database,
    database_name,
    database_url,
    drop_database,
)

CLIENTS = 20


def pages(base: str) -> dict[str, str]:
    listing = requests.get(base + "/reports/", timeout=60).text
    report = re.findall(r'href="(/reports/\d+/)"', listing)[0]
    pdf = re.findall(r'href="([^"]*download\.pdf)"', listing)[0]
    catalogue = requests.get(base + "/catalogue/", timeout=60).text
    agency = re.findall(r'href="(/catalogue/[\w-]+/)"', catalogue)[0]
    return {
        "home": "/",
        "reports_list": "/reports/",
        "report_page": report,
        "catalogue": agency,
        "search": "/catalogue/search/?q=公开",
        "report_pdf": pdf,
    }


def with_ab(url: str, seconds: float) -> dict:
    """ApacheBench (C, one event loop: a few per cent of a core at these
    rates, where the Python client's 20 threads take most of one) on ``url``."""
    out = subprocess.run(
        ["ab", "-q", "-c", str(CLIENTS), "-t", f"{seconds:g}", "-n", "10000000", url],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    ).stdout

    def number(pattern: str) -> float:
        found = re.search(pattern, out, re.MULTILINE)
        return float(found.group(1)) if found else 0.0

    # A page whose length varies (a token, a time) is a "Length" failure to ab,
    # not an error: count refused connections, broken reads and non-2xx only.
    bad = sum(
        number(pattern)
        for pattern in (
            r"^Non-2xx responses:\s+(\d+)",
            r"\(Connect: (\d+)",
            r"Receive: (\d+)",
            r"Exceptions: (\d+)\)",
        )
    )
    return {
        "rps": round(number(r"^Requests per second:\s+([\d.]+)"), 1),
        "p50_ms": number(r"^\s+50%\s+(\d+)"),
        "p95_ms": number(r"^\s+95%\s+(\d+)"),
        "errors": int(bad),
    }


def measure(
    base: str, paths: dict[str, str], seconds: float, client: str = "python"
) -> dict[str, dict]:
    results = {}
    for name, path in paths.items():
        requests.get(base + path, timeout=120)  # warm: first render, first cache fill
        if client == "ab":
            results[name] = with_ab(base + quote(path, safe="/?=&"), seconds)
            r = results[name]
            print(
                f"  {name:<13} {path} (ab): {r['rps']}/s, p50 {r['p50_ms']:.0f} ms, "
                f"p95 {r['p95_ms']:.0f} ms, errors {r['errors']}",
                flush=True,
            )
            continue
        sample, elapsed = hammer(base, [path], clients=CLIENTS, seconds=seconds)
        lat = sorted(sample.latencies)
        results[name] = {
            "rps": round(len(lat) / elapsed, 1),
            "p50_ms": round(lat[len(lat) // 2] * 1000, 1) if lat else None,
            "p95_ms": round(lat[min(len(lat) - 1, int(len(lat) * 0.95))] * 1000, 1)
            if lat
            else None,
            "errors": sample.errors,
        }
        print(f"  {sample.line(f'{name:<13} {path}', elapsed)}", flush=True)
    return results


def print_sizes(db: str) -> None:
    """Bytes per row (with indexes and TOAST) of the busiest tables of the demo."""
    import psycopg

    tables = (
        "cases_case",
        "cases_caseevent",
        "disclosure_item",
        "reports_annualreport",
    )
    with psycopg.connect(db, autocommit=True) as conn:
        for table in tables:
            conn.execute(f"ANALYZE {table}")
            rows, size = conn.execute(
                f"SELECT count(*), pg_total_relation_size('{table}') FROM {table}"
            ).fetchone()
            per_row = size / rows if rows else 0
            print(
                f"  {table}: {rows:,} rows, {size / 1e6:.1f} MB, {per_row:,.0f} B/row"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--redis-db", type=int, default=4)
    parser.add_argument("--port", type=int, default=8140)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--client",
        choices=("python", "ab", "both"),
        default="python",
        help="the load generator: this process's threads, ApacheBench "
        "(apt-get install apache2-utils), or both one after the other",
    )
    args = parser.parse_args()
    if args.client != "python" and not shutil.which("ab"):
        parser.error("--client ab needs ApacheBench: apt-get install apache2-utils")
    clients = ["python", "ab"] if args.client == "both" else [args.client]
    pg = os.environ.get("DATABASE_URL", "")
    if not pg.startswith("postgres"):
        parser.error("DATABASE_URL must name your PostgreSQL database")
    db = database_url(pg, f"{database_name(pg)}_web")
    create_database(db)
    served = Served(
        database_url=db,
        redis_url=f"redis://127.0.0.1:6379/{args.redis_db}",
        workdir=Path(__file__).resolve().parent.parent / "var" / "bench-web",
        port=args.port,
        workers=args.workers,
        env={"GUNICORN_ACCESS_LOG": "/dev/null"},
    )
    runs: dict[str, dict] = {}
    try:
        print(f"seeding the demo data into {database_name(db)} …", flush=True)
        served.manage("migrate_locked", "-v", "0")
        served.manage("demo")
        served.manage("load_sample_reports")
        print_sizes(db)
        for label, cache_seconds in (("cache_off", "0"), ("cache_on", "300")):
            served.env["PUBLIC_PAGE_CACHE_SECONDS"] = cache_seconds
            served.start(timeout=600)
            try:
                paths = pages(served.url)
                print(
                    f"{label}: {served.url}, {args.workers} gunicorn workers, "
                    f"{CLIENTS} clients, {args.seconds:g} s a page, "
                    f"{os.cpu_count()} cores shared with this client",
                    flush=True,
                )
                for client in clients:
                    key = label if client == clients[0] else f"{label}_{client}"
                    if len(clients) > 1:
                        print(f" client: {client}", flush=True)
                    runs[key] = measure(served.url, paths, args.seconds, client)
            finally:
                served.stop()
        print(
            f"\n{'page':<14}{'cache off rps / p95 ms':>26}{'cache on rps / p95 ms':>26}"
        )
        for suffix in ("", "_ab"):
            if f"cache_off{suffix}" not in runs:
                continue
            for name in runs[f"cache_off{suffix}"]:
                off, on = (
                    runs[f"cache_off{suffix}"][name],
                    runs[f"cache_on{suffix}"][name],
                )
                print(
                    f"{name + suffix.replace('_', ' '):<14}{off['rps']:>14} / {off['p95_ms']:<9}"
                    f"{on['rps']:>15} / {on['p95_ms']}"
                )
        print(json.dumps(runs, ensure_ascii=False))
        return 0
    finally:
        served.stop()
        drop_database(db)


if __name__ == "__main__":
    sys.exit(main())
