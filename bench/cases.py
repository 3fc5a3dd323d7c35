"""Benchmark: table 三 for every agency from 100,000 applications, and the overdue list.

Run (PostgreSQL is the target; SQLite works too):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai .venv/bin/python bench/cases.py [N] [AGENCIES]

A throw-away test database is created (``test_<name>``) and dropped at the end.
It prints the time to compute table 三 for every agency (one aggregate query for
all agencies; and one query per agency) against a per-application Python loop
in the same run, checks that all methods agree and that every report passes the
rules, then times rendering the dashboard's overdue list for a supervisor.
Target: under 2 s for table 三 of every agency on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import os
import random
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
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from gongkai.annual import rules  # noqa: E402
from gongkai.cases.models import Case, Outcome, Status  # noqa: E402
from gongkai.cases.selectors import table3_counts, table3_report  # noqa: E402

YEAR = 2026
TYPES = ["natural_person"] * 14 + [
    "commercial",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
]
OUTCOMES = list(Outcome)


def populate(n: int, n_agencies: int, seed: int = 711) -> tuple[list, object]:
    from gongkai.accounts.models import Membership, Role
    from gongkai.agencies.services import agency_create

    rng = random.Random(seed)
    root = agency_create(name="基准省人民政府", code="bench-root", kind="government")
    agencies = [
        agency_create(
            name=f"基准机关{i:02d}",
            code=f"bench-{i:02d}",
            kind="department",
            parent=root,
        )
        for i in range(n_agencies)
    ]
    first = dt.date(2025, 1, 2).toordinal()
    last = dt.date(2026, 11, 20).toordinal()
    batch: list[Case] = []
    for i in range(n):
        received = dt.date.fromordinal(rng.randint(first, last))
        closed = (
            received + dt.timedelta(days=rng.randint(5, 60))
            if rng.random() < 0.85
            else None
        )
        if closed and closed > dt.date(2026, 11, 26):
            closed = None
        open_status = rng.choice(
            [Status.IN_PROGRESS, Status.CONSULTING, Status.DECIDED]
        )
        batch.append(
            Case(
                agency=agencies[i % n_agencies],
                query_code=f"B{i:011d}",
                channel="in_person",
                arrived_on=received,
                received_on=received,
                status=Status.ARCHIVED if closed else open_status,
                applicant_type=rng.choice(TYPES),
                applicant_name="基准申请人",
                id_number=f"ID{i % 20000}",
                phone="13800000000",
                description="基准测试申请",
                outcome=rng.choice(OUTCOMES) if closed else "",
                closed_on=closed,
                due_on=received + dt.timedelta(days=28),
            )
        )
        if len(batch) == 5000:
            Case.objects.bulk_create(batch)
            batch = []
    Case.objects.bulk_create(batch)
    user = get_user_model().objects.create_user(
        username="bench-supervisor", password="x"
    )
    Membership.objects.create(user=user, agency=root, role=Role.SUPERVISOR)
    return agencies, user


def python_loop(agencies: list) -> dict[int, dict[str, dict[str, int]]]:
    """Every application visited once in Python (the naive way)."""
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    result: dict[int, dict[str, dict[str, int]]] = {a.pk: {} for a in agencies}

    def bump(agency_id: int, row: str, column: str) -> None:
        by_row = result[agency_id].setdefault(row, {})
        by_row[column] = by_row.get(column, 0) + 1

    for case in Case.objects.filter(agency__in=agencies).iterator(chunk_size=5000):
        received, closed, column = case.received_on, case.closed_on, case.applicant_type
        if received is None:
            continue
        if start <= received <= end:
            bump(case.agency_id, "new_received", column)
        if received < start and (closed is None or closed >= start):
            bump(case.agency_id, "carried_over", column)
        if closed is not None and start <= closed <= end and case.outcome:
            bump(case.agency_id, case.outcome, column)
        if received <= end and (closed is None or closed > end):
            bump(case.agency_id, "carried_forward", column)
    return result


def timed(label: str, func):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        value = func()
    elapsed = time.perf_counter() - t0
    print(f"{label:<46} {elapsed:8.3f} s  ({len(queries)} 次查询)")
    return value, elapsed


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    n_agencies = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    vendor = connection.vendor
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=False
    )
    try:
        print(f"数据库：{vendor}（临时库 {test_name}）")
        t0 = time.perf_counter()
        agencies, user = populate(n, n_agencies)
        print(
            f"生成 {n:,} 件申请、{n_agencies} 个机关：{time.perf_counter() - t0:.1f} s"
        )
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE cases_case")

        def one_query() -> list:
            counts = table3_counts(agencies, YEAR)
            return [table3_report(a, YEAR, counts[a.pk]) for a in agencies]

        def per_agency() -> list:
            return [table3_report(a, YEAR) for a in agencies]

        reports, t_sql = timed("表三·全部机关·一次聚合查询", one_query)
        reports_each, _t_each = timed("表三·全部机关·每机关一次聚合查询", per_agency)
        loop_counts, t_loop = timed(
            "表三·全部机关·逐件 Python 循环", lambda: python_loop(agencies)
        )
        looped = [table3_report(a, YEAR, loop_counts[a.pk]) for a in agencies]
        assert (
            [r.table3 for r in reports]
            == [r.table3 for r in looped]
            == [r.table3 for r in reports_each]
        )
        errors = sum(
            f.severity == "error"
            for r in reports
            for f in rules.check(r)
            if f.rule.startswith("table3")
        )
        print(f"三种方法结果一致；表三勾稽错误：{errors}")
        print(
            f"聚合查询比逐件循环快 {t_loop / t_sql:.1f} 倍；目标 < 2 s：{'达到' if t_sql < 2 else '未达到'}"
        )

        from django.test import Client, override_settings

        plain_static = override_settings(
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {
                    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
                },
            }
        )
        plain_static.enable()
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        client.get("/staff/")  # warm up templates
        response, _ = timed("工作台（含超期列表）渲染", lambda: client.get("/staff/"))
        assert response.status_code == 200
        from django.utils import timezone

        from gongkai.cases.permissions import cases_visible_to
        from gongkai.cases.selectors import cases_overdue

        total = cases_overdue(
            cases_visible_to(user), today=timezone.localdate()
        ).count()
        print(f"超期申请共 {total:,} 件，工作台显示前100件")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
