"""Benchmark: the Excel import of past applications, rows per second.

Run (PostgreSQL is the target; SQLite works too):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai .venv/bin/python bench/import.py [N]

A throw-away database is created (``<name>_bench_import`` on PostgreSQL) and
dropped at the end.
It writes an N-row workbook (default 100,000) with the template's columns, then
times, as ``gongkai import_records`` runs them: reading and checking every row
with the table 三 preview (``import_validate``), and the one-transaction commit
(``import_commit``); prints rows/s for each and checks that table 三 of one year
equals the file's own tally and that a second import creates nothing. Before
that, in the same run, the commit of the first 10,000 rows twice into fresh
agencies: as it was (the calendar read again for every open row) and as it is.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
# PostgreSQL with DEBUG off requires a key; this process signs nothing.
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 40)

import django

django.setup()

from django.core.files import File  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import override_settings  # noqa: E402

from gongkai.cases.models import Case  # noqa: E402
from gongkai.cases.selectors import table3_counts  # noqa: E402
from gongkai.imports import applications as rows_mod  # noqa: E402
from gongkai.imports.services import (  # noqa: E402
    import_commit,
    import_confirm,
    import_upload,
    import_validate,
)
from gongkai.imports.sheets import read_rows  # noqa: E402
from gongkai.imports.tests.workbooks import application_rows, book_bytes  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    vendor = connection.vendor
    if vendor == "postgresql":
        # Not test_<name>: the test suite may run on the same server meanwhile.
        name = connection.settings_dict["NAME"]
        connection.settings_dict["TEST"]["NAME"] = f"{name}_bench_import"
    test_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=False
    )
    media = tempfile.mkdtemp(prefix="gk-import-bench-")
    try:
        with override_settings(
            MEDIA_ROOT=media,
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {
                    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
                },
            },
        ):
            run(n, vendor, test_name)
    finally:
        connection.creation.destroy_test_db(test_name, verbosity=0)


#: Rows of the side-by-side commit (the former path ran ~200 rows/s).
FORMER_ROWS = 10_000


def commit_rate(data: bytes, code: str, *, former: bool) -> float:
    """Rows/s of ``import_commit`` of ``data`` into a new agency; ``former``
    reads the calendar again for every open row, as the import did before."""
    from contextlib import ExitStack
    from unittest import mock

    from gongkai.accounts.models import Role
    from gongkai.cases import clocks
    from gongkai.testing import make_agency, make_user

    agency = make_agency(f"基准{code}", code, "office")
    head = make_user(f"{code}-head", agency, Role.HEAD)
    batch = import_upload(
        agency=agency,
        kind="applications",
        upload=File(io.BytesIO(data), name=f"{code}.xlsx"),  # type: ignore[arg-type]
        acting_user=head,
        max_bytes=None,
        enqueue=False,
    )
    batch = import_validate(batch_id=batch.pk)
    import_confirm(batch=batch, acting_user=head, enqueue=False)
    real = clocks.case_clocks

    def per_row(case, *, consultations=None, calendar=None):  # type: ignore[no-untyped-def]
        return real(case, consultations=consultations)  # calendar read again

    with ExitStack() as stack:
        if former:
            stack.enter_context(mock.patch.object(clocks, "case_clocks", per_row))
        t0 = time.perf_counter()
        batch = import_commit(batch_id=batch.pk)
        elapsed = time.perf_counter() - t0
    assert batch.status == "committed", batch.message
    return batch.created_rows / elapsed


def run(n: int, vendor: str, test_name: str) -> None:
    from gongkai.accounts.models import Role
    from gongkai.testing import make_agency, make_user

    print(f"数据库：{vendor}（临时库 {test_name}）")
    agency = make_agency("基准市人民政府办公室", "bench-office", "office")
    head = make_user("bench-head", agency, Role.HEAD)
    t0 = time.perf_counter()
    rows = application_rows(n, seed=2026)
    data = book_bytes(rows)
    print(
        f"生成 {n:,} 行工作簿：{len(data) / 1e6:.1f} MB，{time.perf_counter() - t0:.1f} s"
    )

    def upload() -> int:
        batch = import_upload(
            agency=agency,
            kind="applications",
            upload=File(io.BytesIO(data), name="bench.xlsx"),  # type: ignore[arg-type]
            acting_user=head,
            max_bytes=None,
            enqueue=False,
        )
        return batch.pk

    former_n = min(n, FORMER_ROWS)
    small = book_bytes(rows[:former_n])
    former = commit_rate(small, "bench-former", former=True)
    latter = commit_rate(small, "bench-latter", former=False)
    print(
        f"导入（一个事务）同一 {former_n:,} 行，同一次运行：改前（逐行重读日历）"
        f"{former:,.0f} 行/秒；现在（日历读一次）{latter:,.0f} 行/秒"
    )

    pk = upload()
    t0 = time.perf_counter()
    batch = import_validate(batch_id=pk)
    t_check = time.perf_counter() - t0
    assert batch.status == "valid", batch.problems[:3]
    print(f"校验与预览 {n:,} 行：{t_check:.1f} s，{n / t_check:,.0f} 行/秒")

    import_confirm(batch=batch, acting_user=head, enqueue=False)
    t0 = time.perf_counter()
    batch = import_commit(batch_id=pk)
    t_commit = time.perf_counter() - t0
    assert batch.status == "committed", batch.message
    print(
        f"导入（一个事务）{batch.created_rows:,} 件：{t_commit:.1f} s，"
        f"{batch.created_rows / t_commit:,.0f} 行/秒"
    )

    parsed = [
        rows_mod.parse_row(r, today=django.utils.timezone.localdate())
        for r in read_rows(data, rows_mod.COLUMNS)
    ]
    apps = [a for a in parsed if isinstance(a, rows_mod.Application)]
    for year in (2024, 2025):
        expected = rows_mod.tally(apps, year)
        counts = table3_counts([agency], year)[agency.pk]
        same = all(
            sum(counts.get(key, {}).values()) == expected.total(key)
            for key in ("new_received", "carried_over", "carried_forward")
        )
        print(f"{year}年表三（收到、结转）与文件一致：{'是' if same else '否'}")

    pk = upload()
    import_validate(batch_id=pk)
    again = import_validate(batch_id=pk)
    print(
        f"再次导入同一文件：将新增 {again.new_rows} 件，跳过 {again.skipped_rows:,} 件；"
        f"申请总数 {Case.objects.count():,}"
    )


if __name__ == "__main__":
    main()
