"""Benchmark: scripts/serve under load on PostgreSQL (with Redis).

Run (PostgreSQL and Redis required; everything on loopback):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_me \\
        .venv/bin/python bench/load.py [--redis-db 5] [--workers 4] [--connections] [--nginx]

It creates a throw-away database ``<yours>_load``, seeds the demo data and the
published sample reports, starts
`scripts/serve` (4 gunicorn workers + the task worker) through the production
tests' harness, and measures, printing every figure:

1. 200 concurrent applications: 200 clients each open /apply/, then all post at
   once (from 200 forwarded addresses); requests/s, p50/p95, and the rows
   created against the receipts answered — they must be equal.
2. 20 s of mixed public reads (home, report list and pages, catalogue and
   search, the forms) by 16 clients: requests/s, p50/p95, errors.
3. The public report PDF against the home page, side by side: the home page
   alone (the baseline, 2 clients), then again while 8 clients download the
   PDF (the stored file, waited for until the worker has rendered it; a
   response that is not the PDF counts as an error); the slowdown factor of
   the home page in requests/s and in p50; and, as a control, the home page
   while 8 clients fetch the home page itself (what any 8 busy clients cost).
   The 8 background clients run in a process of their own: in the measuring
   process they held its GIL while reading ~400 KB PDFs at full speed, and the
   client, not the server, then slowed the home page's clients.
   --background ab runs those 8 with ApacheBench instead (C; an outside
   client's CPU is not the server's, and ab's is the closest to none here).
   With --nginx, 3. again through deploy/nginx/gongkai.conf in front of the
   same server (plain HTTP, no per-address limits: every client here is
   127.0.0.1), where the report files are answered from nginx's cache.
4. With --connections: the reads of (2) under each database connection mode
   (a connection per request, persistent connections, psycopg's pool).

Use ``--url`` to measure a server you started yourself (no seeding, no 4.).
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere

import requests

from tests.production.harness import (
    Client,
    Served,
    create_database,
    database_name,
    database_url,
    drop_database,
    free_port,
    nginx_binary,
    nginx_conf,
    self_signed,
)

APPLICATION = {
    "applicant_type": "natural_person",
    "id_type": "other",
    "phone": "13800138000",
    "description": "请公开本机关2025年度政府信息公开工作年度报告的编制依据。",
    "info_form": "electronic",
    "delivery_way": "online",
    "confirm_truthful": "on",
}


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, ok: bool) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if not ok:
                self.errors += 1

    def line(self, label: str, elapsed: float) -> str:
        lat = sorted(self.latencies)
        if not lat:
            return f"{label}: no request finished"
        p50 = lat[len(lat) // 2] * 1000
        p95 = lat[min(len(lat) - 1, int(len(lat) * 0.95))] * 1000
        return (
            f"{label}: {len(lat)} requests in {elapsed:.1f} s = {len(lat) / elapsed:.1f}/s, "
            f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, errors {self.errors}"
        )

    @property
    def rate(self) -> float:
        return len(self.latencies)

    @property
    def p50(self) -> float:
        lat = sorted(self.latencies)
        return lat[len(lat) // 2] if lat else 0.0


def timed(
    sample: Sample,
    call: Callable[[], requests.Response],
    ok=lambda r: r.status_code == 200,
) -> requests.Response | None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    try:
        response = call()
    except requests.RequestException:
        sample.add(time.perf_counter() - started, False)
        return None
    sample.add(time.perf_counter() - started, ok(response))
    return response


def applications(base: str, count: int, count_rows: Callable[[], int]) -> None:

    probe = Client(base)
    page = probe.get("/apply/").text
    agency = re.search(r'<option value="(\d+)"', page)
    assert agency, "no agency accepts applications"
    before = count_rows()
    clients = [
        Client(base, forwarded_for=f"198.18.{i // 250}.{i % 250 + 1}")
        for i in range(count)
    ]
    forms: list[dict[str, str]] = [{}] * count
    opened = Sample()

    def open_form(i: int) -> None:
        response = timed(opened, lambda: clients[i].get("/apply/"))
        if response is not None:
            forms[i] = dict(
                re.findall(
                    r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                    response.text,
                )
            )

    run_threads([lambda i=i: open_form(i) for i in range(count)], limit=32)
    barrier = threading.Barrier(count)
    posted = Sample()
    accepted = [0]
    lock = threading.Lock()

    def submit(i: int) -> None:
        data = (
            forms[i]
            | APPLICATION
            | {
                "agency": agency.group(1),
                "applicant_name": f"压测申请人{i:03d}",
                "id_number": f"LOAD-{i:05d}",
            }
        )
        barrier.wait()
        response = timed(
            posted,
            lambda: clients[i].post(
                "/apply/", data=data, headers={"Referer": base + "/apply/"}
            ),
            ok=lambda r: (
                r.status_code == 302
                and "/apply/receipt/" in r.headers.get("Location", "")
            ),
        )
        if (
            response is not None
            and response.status_code == 302
            and "/apply/receipt/" in response.headers.get("Location", "")
        ):
            with lock:
                accepted[0] += 1

    started = time.perf_counter()
    run_threads([lambda i=i: submit(i) for i in range(count)], limit=count)
    elapsed = time.perf_counter() - started
    created = count_rows() - before
    print(posted.line(f"  {count} applications posted at once", elapsed))
    print(
        f"  receipts answered {accepted[0]}, rows created {created}: {'EQUAL' if created == accepted[0] else 'DIFFERENT'}"
    )
    if created != accepted[0]:
        raise SystemExit("rows created and applications accepted differ")


def run_threads(jobs: list[Callable[[], None]], limit: int) -> None:
    semaphore = threading.Semaphore(limit)

    def wrap(job: Callable[[], None]) -> None:
        with semaphore:
            job()

    threads = [threading.Thread(target=wrap, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def hammer(
    base: str,
    paths: list[str],
    clients: int,
    seconds: float,
    stop: threading.Event | None = None,
    ok: Callable[[requests.Response], bool] = lambda r: r.status_code == 200,
) -> tuple[Sample, float]:
    sample = Sample()
    deadline = time.perf_counter() + seconds

    def loop(offset: int) -> None:
        session = requests.Session()
        i = offset
        while time.perf_counter() < deadline and not (stop and stop.is_set()):
            path = paths[i % len(paths)]
            i += 1
            timed(sample, lambda p=path: session.get(base + p, timeout=60), ok=ok)

    started = time.perf_counter()
    run_threads([lambda k=k: loop(k) for k in range(clients)], limit=clients)
    return sample, time.perf_counter() - started


def public_paths(base: str) -> tuple[list[str], str | None]:

    listing = requests.get(base + "/reports/", timeout=60).text
    reports = sorted(set(re.findall(r'href="(/reports/\d+/)"', listing)))[:5]
    pdf = None
    for report in reports:
        found = re.findall(
            r'href="([^"]*download\.pdf)"', requests.get(base + report, timeout=60).text
        )
        if found:
            pdf = found[0]
            break
    catalogue = requests.get(base + "/catalogue/", timeout=60).text
    agencies = sorted(set(re.findall(r'href="(/catalogue/[\w-]+/)"', catalogue)))[:3]
    paths = [
        "/",
        "/reports/",
        *reports,
        "/catalogue/",
        *agencies,
        "/catalogue/?q=公开",
        "/track/",
        "/apply/",
    ]
    return paths, pdf


def wait_for_pdf(base: str, pdf: str, timeout: float = 180.0) -> int:
    """Bytes of the stored PDF, once it is served (rendered on publish by the
    worker); until then the page answers 503 "正在生成", which is not what is
    to be measured."""
    deadline = time.monotonic() + timeout
    while True:
        response = requests.get(base + pdf, timeout=120)
        if response.status_code == 200 and is_pdf(response):
            return len(response.content)
        if time.monotonic() > deadline:
            raise SystemExit(f"{pdf} was not served as a PDF: {response.status_code}")
        time.sleep(2)


def is_pdf(response: requests.Response) -> bool:
    return response.headers.get("Content-Type", "").startswith("application/pdf")


def _background(base: str, path: str, clients: int, seconds: float, pdf: bool):  # type: ignore[no-untyped-def]
    """Run in another process (spawned): ``clients`` threads fetching ``path``
    for ``seconds``; returns (latencies, errors). Its own interpreter, so
    reading 8 PDFs at full speed does not hold the GIL of the threads that
    measure the home page (in one process it did, and the client, not the
    server, was then what slowed the home page)."""
    sample, _ = hammer(
        base,
        [path],
        clients=clients,
        seconds=seconds,
        ok=is_pdf if pdf else (lambda r: r.status_code == 200),
    )
    return sample.latencies, sample.errors


def beside(
    base: str, path: str, seconds: float, *, pdf: bool = False, client: str = "python"
) -> tuple[Sample, float, str]:
    """The home page (2 clients, this process) while 8 clients in another
    process fetch ``path``: (home sample, its elapsed time, what the 8 did).

    ``client="python"``: the 8 are threads of a spawned Python process;
    ``client="ab"``: ApacheBench, which reads a 400 KB PDF for a small share
    of the CPU a Python client spends on it — on one 2-core machine the
    background clients' own CPU is taken from the server, which an outside
    client's is not."""
    label = f"{path}, 8 clients ({client})"
    if client == "ab":
        proc = subprocess.Popen(
            [
                "ab",
                "-q",
                "-c",
                "8",
                "-t",
                f"{seconds + 4:g}",
                "-n",
                "10000000",
                base + path,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(2)  # let the background clients fill the workers
        home, elapsed = hammer(base, ["/"], clients=2, seconds=seconds)
        out, _ = proc.communicate(timeout=seconds + 60)
        found = re.search(r"^Requests per second:\s+([\d.]+)", out, re.MULTILINE)
        non2xx = re.search(r"^Non-2xx responses:\s+(\d+)", out, re.MULTILINE)
        return (
            home,
            elapsed,
            f"{label}: {found.group(1) if found else '?'}/s, "
            f"non-2xx {non2xx.group(1) if non2xx else 0}",
        )
    with ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("spawn")
    ) as pool:
        pool.submit(int, 0).result()  # the process is up before the clock starts
        future = pool.submit(_background, base, path, 8, seconds + 4, pdf)
        time.sleep(2)  # let the background clients fill the workers
        home, elapsed = hammer(base, ["/"], clients=2, seconds=seconds)
        latencies, errors = future.result()
    background = Sample(latencies=latencies, errors=errors)
    return home, elapsed, background.line(label, seconds + 2)


def pdf_side_by_side(
    base: str, pdf: str | None, seconds: float, client: str = "python"
) -> dict[str, float]:
    """The home page alone, then (in the same run, on the same server) while 8
    clients download the public report PDF without any cache header; the
    home page's requests/s and p50 before and during, and the factor; and, as
    a control, while 8 clients fetch the home page itself."""
    if pdf is None:
        raise SystemExit("no published report with a PDF link: nothing to measure")
    size = wait_for_pdf(base, pdf)
    alone, t_alone = hammer(base, ["/"], clients=2, seconds=seconds)
    print(alone.line("  home page alone, 2 clients", t_alone))
    together, t_together, pdfs = beside(base, pdf, seconds, pdf=True, client=client)
    print(together.line("  home page while 8 clients fetch the PDF", t_together))
    print(f"  the PDF ({size} bytes): {pdfs}")
    control, t_control, _ = beside(base, "/", seconds, client=client)
    print(
        control.line(
            "  control: home page while 8 more clients fetch the home page", t_control
        )
    )
    a, b = alone.rate / t_alone, together.rate / max(t_together, 1e-9)
    c = control.rate / max(t_control, 1e-9)
    factors = {
        "pdf_rate": a / max(b, 1e-9),
        "pdf_p50": together.p50 / max(alone.p50, 1e-9),
        "control_rate": a / max(c, 1e-9),
        "control_p50": control.p50 / max(alone.p50, 1e-9),
    }
    print(
        f"  home page slowed by {factors['pdf_rate']:.2f}x in requests/s, "
        f"{factors['pdf_p50']:.2f}x in p50 "
        "(issue 11: at most 2x); by 8 clients of the home page itself: "
        f"{factors['control_rate']:.2f}x, {factors['control_p50']:.2f}x"
    )
    return factors


@contextlib.contextmanager
def nginx_in_front(served: Served) -> Iterator[str]:
    """deploy/nginx/gongkai.conf in front of ``served`` (as production runs it,
    but on plain HTTP and without the per-address limits, since every client
    here is 127.0.0.1); yields its base URL."""
    nginx = nginx_binary()
    if not nginx:
        raise SystemExit("--nginx: nginx is not installed (apt-get install nginx)")
    scratch = Path(tempfile.mkdtemp(prefix="gongkai-bench-nginx-"))
    self_signed(scratch)  # the site's certificate lines load even unused
    port = free_port()
    conf = nginx_conf(
        scratch,
        served.port,
        served.env["GONGKAI_VAR_DIR"],
        free_port(),
        port,
        tls=False,
        rate_limits=False,
    )
    proc = subprocess.Popen([nginx, "-c", str(conf), "-g", "daemon off;"])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(base + "/healthz", timeout=5)
                break
            except requests.RequestException:
                time.sleep(0.1)
        yield base
    finally:
        proc.send_signal(signal.SIGQUIT)
        proc.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="measure this running server instead")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--redis-db", type=int, default=5)
    parser.add_argument("--applications", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--connections", action="store_true")
    parser.add_argument(
        "--background",
        nargs="+",
        choices=("python", "ab"),
        default=["python"],
        help="the 8 background clients of 3.: a Python process, ApacheBench "
        "(apt-get install apache2-utils), or both in turn",
    )
    parser.add_argument(
        "--nginx",
        action="store_true",
        help="also measure 3. through deploy/nginx/gongkai.conf (plain HTTP, no rate limits)",
    )
    args = parser.parse_args()

    served = None
    db = None
    if args.url:
        base = args.url.rstrip("/")
        count_rows = lambda: 0  # noqa: E731
    else:
        pg = os.environ.get("DATABASE_URL", "")
        if not pg.startswith("postgres"):
            parser.error(
                "DATABASE_URL must name your PostgreSQL database (or use --url)"
            )
        db = database_url(pg, f"{database_name(pg)}_load")
        create_database(db)
        workdir = Path(__file__).resolve().parent.parent / "var" / "bench-load"
        served = Served(
            database_url=db,
            redis_url=f"redis://127.0.0.1:6379/{args.redis_db}",
            workdir=workdir,
            workers=args.workers,
            env={"GUNICORN_ACCESS_LOG": "/dev/null"},
        )
        print(f"seeding the demo data into {database_name(db)} …", flush=True)
        served.manage("migrate_locked", "-v", "0")
        served.manage("demo")
        # The published annual reports whose PDF 3. downloads (the demo's own
        # report is a draft), as scripts/demo loads them.
        served.manage("load_sample_reports")
        served.start()
        base = served.url

        def count_rows() -> int:
            import psycopg

            with psycopg.connect(db) as conn:
                return int(
                    conn.execute("SELECT COUNT(*) FROM cases_case").fetchone()[0]
                )

    try:
        print(
            f"server {base}  ({args.workers} gunicorn workers, {os.cpu_count()} cores shared with this client)"
        )
        paths, pdf = public_paths(base)
        print("1. applications")
        if served:
            applications(base, args.applications, count_rows)
        else:
            print("  (skipped with --url: rows cannot be counted)")
        print(f"2. mixed public reads, 16 clients, {args.seconds:g} s")
        sample, elapsed = hammer(base, paths, clients=16, seconds=args.seconds)
        print(sample.line("  reads", elapsed))
        seconds = min(args.seconds, 15)
        for client in args.background:
            print(
                f"3. the public report PDF and the home page, side by side ({client})"
            )
            pdf_side_by_side(base, pdf, seconds, client)
        if args.nginx and served:
            with nginx_in_front(served) as front:
                for client in args.background:
                    print(f"3b. the same through deploy/'s nginx site ({client})")
                    pdf_side_by_side(front, pdf, seconds, client)
        if args.connections and served:
            print("4. database connections (the reads of 2., 10 s each)")
            served.stop()
            for label, env in (
                (
                    "a connection per request (DB_CONN_MAX_AGE=0)",
                    {"DB_CONN_MAX_AGE": "0"},
                ),
                ("persistent, checked per request (default)", {}),
                ("psycopg pool (DB_POOL=True)", {"DB_POOL": "True"}),
            ):
                served.env.update({"DB_CONN_MAX_AGE": "600", "DB_POOL": "False"} | env)
                served.start()
                hammer(base, paths, clients=16, seconds=3)  # warm
                sample, elapsed = hammer(base, paths, clients=16, seconds=10)
                print(sample.line(f"  {label}", elapsed))
                served.stop()
    finally:
        if served:
            served.stop()
        if db:
            drop_database(db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
