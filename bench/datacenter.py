"""Benchmark the report data center: import through the worker, and the big pages.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai \
        .venv/bin/python bench/datacenter.py [--reports 1000] [--workers 1] \
        [--agencies 500] [--years 5]

1. **Import.** ``--reports`` generated published reports (HTML, 2019 and 2021
   formats, consistent over the years) are uploaded with ``import_job_create``
   and parsed by real ``gongkai worker`` processes (django-tasks-db, ``--batch``)
   on the database. Prints reports per second from the upload to the last file
   done, and each worker's peak memory (max RSS). Baseline: parsing the same
   files in this process with ``parse_bytes`` alone (no database, no worker).
2. **Pages.** A region of ``--agencies`` agencies × ``--years`` years of reports
   (stored directly with their findings, without parsing) — the region ranking
   page and one agency's year-over-year page, server time (Django test client,
   median of 5). Baseline: the same pages for a sub-region of a tenth of them.
   ``--reports 0`` runs only this part.

A throw-away test database is created and dropped at the end; files go to a
temporary MEDIA_ROOT.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)
MEDIA = tempfile.mkdtemp(prefix="gk-bench-media-")
os.environ["MEDIA_ROOT"] = MEDIA

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402


def generated(
    n_agencies: int, years: list[int], seed: int = 13
) -> list[tuple[str, bytes]]:
    from gongkai.datacenter.tests import generated as gen

    files = []
    for i in range(n_agencies):
        name = f"基准县第{i:03d}局"
        for report in gen.series(name, years, random.Random(seed + i)):
            gen.signed_on(report, dt.date(report.year + 1, 1, 10 + i % 20))
            files.append((f"{name}{report.year}.html", gen.published_html(report)))
    return files


def bench_import(n_reports: int, workers: int, user: object, scope: str) -> None:
    from gongkai.annual.parse import parse_bytes
    from gongkai.datacenter.models import ImportFile
    from gongkai.datacenter.services import import_job_create

    years = [2020, 2021, 2022, 2023, 2024]
    files = generated(max(1, n_reports // len(years)), years)[:n_reports]
    started = time.perf_counter()
    for name, data in files:
        parse_bytes(data, name)
    baseline = len(files) / (time.perf_counter() - started)

    started = time.perf_counter()
    from django.db import transaction

    with transaction.atomic():
        job = import_job_create(
            owner=user, scope=scope, uploads=files, now=dt.datetime.now(dt.UTC)
        )
    uploaded = time.perf_counter() - started
    env = dict(os.environ)
    env["DATABASE_URL"] = _url()
    procs = [
        subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gongkai"),
                "worker",
                "--batch",
                "--no-startup-delay",
                "--interval",
                "0.05",
                "--worker-id",
                f"bench-{i}",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(workers)
    ]
    peaks = []
    for proc in procs:
        _pid, _status, usage = os.wait4(proc.pid, 0)
        peaks.append(usage.ru_maxrss / 1024)
    elapsed = time.perf_counter() - started
    counts = {s: job.files.filter(status=s).count() for s in ImportFile.Status.values}
    done = counts["parsed"]
    print(
        f"导入 {len(files)} 份（上传 {uploaded:.1f} s）：{workers} 个后台进程 {elapsed:.1f} s，"
        f"{len(files) / elapsed:.1f} 份/秒；结果 { ({k: v for k, v in counts.items() if v}) }"
    )
    print(f"  后台进程峰值内存（max RSS）：{', '.join(f'{p:.0f} MiB' for p in peaks)}")
    print(f"  基线：本进程只解析（不写库、无后台进程）{baseline:.1f} 份/秒")
    assert done == len(files), "every generated report must import"


def _url() -> str:
    s = connection.settings_dict
    user = s.get("USER") or "postgres"
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{s['NAME']}"


def populate_region(
    n_agencies: int, n_years: int, user: object
) -> tuple[object, object]:
    """A region root with ``n_agencies`` agencies (a tenth in a sub-region) and
    their reports stored directly (no parsing), findings computed."""
    from gongkai.agencies.services import agency_create
    from gongkai.annual import jsonio
    from gongkai.datacenter.models import CollectedReport, ImportFile, ImportJob
    from gongkai.datacenter.permissions import agency_scope
    from gongkai.datacenter.services import refresh_findings
    from gongkai.datacenter.tests import generated as gen

    root = agency_create(name="基准市人民政府", code="bench-city", kind="government")
    sub = agency_create(
        name="基准区人民政府", code="bench-district", kind="government", parent=root
    )
    scope = agency_scope(root)
    job = ImportJob.objects.create(
        owner=user, scope=scope, workspace=root, created_at=dt.datetime.now(dt.UTC)
    )
    years = list(range(2025 - n_years, 2025))
    rng = random.Random(5)
    first = None
    for i in range(n_agencies):
        parent = sub if i < n_agencies // 10 else root
        agency = agency_create(
            name=f"基准机关{i:04d}",
            code=f"bench-{i:04d}",
            kind="department",
            parent=parent,
        )
        reports = gen.series(agency.name, years, random.Random(i))
        if rng.random() < 0.1:
            gen.break_total(reports[-1])
        if rng.random() < 0.1:
            gen.break_carry_over(reports[-2])
        for report in reports:
            row = ImportFile.objects.create(
                job=job,
                name=f"{agency.name}{report.year}.html",
                sha256=f"{i:032d}{report.year:032d}",
                size=1,
                status=ImportFile.Status.PARSED,
            )
            data = jsonio.report_to_dict(report)
            obj = CollectedReport(
                file=row,
                scope=scope,
                agency=agency,
                agency_name=agency.name,
                region_path=agency.path,
                year=report.year,
                format=report.format.id,
                data=data,
                parsed=data,
                dated=dt.date(report.year + 1, 1 + rng.randint(0, 1), 20),
                deadline=dt.date(report.year + 1, 1, 31),
                created_at=dt.datetime.now(dt.UTC),
            )
            refresh_findings(obj)
            obj.save()
            first = first or obj
    return root, sub, first  # type: ignore[return-value]


def median_ms(client: object, url: str) -> float:
    times = []
    client.get(url)  # type: ignore[attr-defined]
    for _ in range(5):
        started = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        times.append(1000 * (time.perf_counter() - started))
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def bench_pages(n_agencies: int, n_years: int, user: object) -> None:
    from django.test import Client, override_settings

    from gongkai.datacenter.models import CollectedReport

    started = time.perf_counter()
    from gongkai.accounts.models import Membership, Role

    root, sub, first = populate_region(n_agencies, n_years, user)
    Membership.objects.create(user=user, agency=root, role=Role.SUPERVISOR)
    print(
        f"地区 {n_agencies} 个机关 × {n_years} 年 = "
        f"{CollectedReport.objects.filter(scope=f'agency:{root.pk}').count()} 份报告，"  # type: ignore[attr-defined]
        f"写入 {time.perf_counter() - started:.1f} s"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE datacenter_collectedreport")
    plain = override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            },
        }
    )
    plain.enable()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)  # type: ignore[arg-type]
    year = 2024
    big = median_ms(client, f"/datacenter/region/?region={root.pk}&year={year}")  # type: ignore[attr-defined]
    small = median_ms(client, f"/datacenter/region/?region={sub.pk}&year={year}")  # type: ignore[attr-defined]
    n_small = n_agencies // 10
    print(
        f"地区排名页（{n_agencies} 个机关）：{big:.0f} ms；基线（{n_small} 个机关的分区）：{small:.0f} ms"
    )
    years_ms = median_ms(client, f"/datacenter/reports/{first.pk}/years/")  # type: ignore[attr-defined]
    catalogue = median_ms(client, f"/datacenter/?region={root.pk}")  # type: ignore[attr-defined]
    print(
        f"历年对比页（{n_years} 年）：{years_ms:.0f} ms；目录页（第一页 100 份）：{catalogue:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--agencies", type=int, default=500)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=False
    )
    try:
        from gongkai.accounts.models import Role
        from gongkai.agencies.services import agency_create
        from gongkai.datacenter.permissions import agency_scope
        from gongkai.testing import make_user

        print(f"数据库：{connection.vendor}（临时库 {test_name}）")
        office = agency_create(
            name="基准省政务公开办", code="bench-office", kind="office"
        )
        user = make_user("bench-supervisor", office, Role.SUPERVISOR)
        if args.reports:
            bench_import(args.reports, args.workers, user, agency_scope(office))
        bench_pages(args.agencies, args.years, make_user("bench-region"))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
