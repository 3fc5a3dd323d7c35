"""Across agencies and years: ranking, year over year, the workbook, the letter."""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.annual.formats import get_format
from gongkai.datacenter.models import CollectedReport, ExportJob
from gongkai.datacenter.permissions import agency_scope
from gongkai.datacenter.tests import generated as gen
from gongkai.datacenter.tests.test_import import YEARS, login, upload
from gongkai.testing import Cast, make_agency

NAMES = [
    "示例市教育局",
    "示例市民政局",
    "示例市财政局",
    "示例市公安局",
    "示例市卫生健康委员会",
]
CARRY_BROKEN = "示例市民政局"  # 2023: 上年结转 ≠ 2022 结转下年度
TOTAL_BROKEN = {"示例市公安局": 1, "示例市财政局": 3}  # 2024: this many broken rows


def planted_files(cast: Cast) -> list[tuple[str, bytes]]:
    """5 agencies of the city × 4 years, with the problems above planted."""
    files = []
    for n, name in enumerate(NAMES):
        make_agency(name, f"dc-{n}", parent=cast.city)
        reports = gen.series(name, YEARS, random.Random(n))
        for report in reports:
            gen.signed_on(report, dt.date(report.year + 1, 1, 15))
            if name == CARRY_BROKEN and report.year == 2023:
                gen.break_carry_over(report)
            if report.year == 2024:
                for key in list(report.table3)[: TOTAL_BROKEN.get(name, 0)]:
                    report.table3[key][-1] = int(report.table3[key][-1] or 0) + 7  # type: ignore[arg-type]
        files += [(f"{name}{r.year}.html", gen.published_html(r)) for r in reports]
    return files


@pytest.fixture
def collection(cast: Cast, django_capture_on_commit_callbacks: Any) -> Cast:
    files = planted_files(cast)
    upload(
        cast.supervisor,
        agency_scope(cast.city),
        files,
        django_capture_on_commit_callbacks,
    )
    assert CollectedReport.objects.count() == 20
    return cast


def test_the_region_ranking_lists_the_planted_problems_first(
    collection: Cast, client: Any
) -> None:
    login(client, collection.supervisor)
    page = client.get(
        reverse("datacenter:region"), {"region": collection.city.pk, "year": 2024}
    )
    text = page.content.decode()
    table = text[text.index('id="ranking-table"') :]
    order = sorted(NAMES, key=table.index)
    assert order[:2] == ["示例市财政局", "示例市公安局"]
    assert text.count("<svg") == 3
    assert "规则未通过情况" in text


def test_the_years_page_shows_the_broken_carry_over(
    collection: Cast, client: Any
) -> None:
    login(client, collection.supervisor)
    obj = CollectedReport.objects.get(agency_name=CARRY_BROKEN, year=2023)
    text = client.get(reverse("datacenter:years", args=[obj.pk])).content.decode()
    rows = text[text.index('id="carry-over-table"') :].split("</tr>")
    verdicts = {y: next(r for r in rows if f"→ {y}" in r) for y in (2022, 2023, 2024)}
    assert "不一致" in verdicts[2023]
    assert "不一致" not in verdicts[2022] and "不一致" not in verdicts[2024]
    assert "<svg" in text and "逐段对比" in text


def exported(client: Any, captures: Any, **filters: Any) -> Any:
    """The workbook of the catalogue's selection, as a user gets it: queue the
    export, the worker builds it (run by the commit), download it."""
    with captures(execute=True):
        response = client.post(reverse("datacenter:export") + "?" + urlencode(filters))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "已生成" in page.content.decode()
    job = ExportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    download = client.get(reverse("datacenter:export_download", args=[job.pk]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    return load_workbook(io.BytesIO(b"".join(download.streaming_content)))


def test_the_workbook_holds_every_table_three_cell(
    collection: Cast, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, collection.supervisor)
    book = exported(client, django_capture_on_commit_callbacks)
    assert book.sheetnames[:2] == ["汇总", "问题"]
    assert book["汇总"].max_row == 21
    rows = list(book["表三"].iter_rows(min_row=2, values_only=True))
    for obj in CollectedReport.objects.all():
        mine = [r for r in rows if r[1] == obj.agency_name and r[2] == obj.year]
        # Rows in the format's order: PostgreSQL's jsonb keeps no key order.
        table3 = obj.data["table3"]
        keys = [k for k in get_format(obj.data["format"]).table3_keys if k in table3]
        assert [list(r[5:]) for r in mine] == [table3[k] for k in keys]
    rule_names = {r[4] for r in book["问题"].iter_rows(min_row=2, values_only=True)}
    assert "跨年度结转衔接" in rule_names  # the carry-over rule, by its Chinese name


def test_the_letter_lists_the_agencys_problems(collection: Cast, client: Any) -> None:
    login(client, collection.supervisor)
    obj = CollectedReport.objects.get(agency_name="示例市财政局", year=2024)
    text = client.get(reverse("datacenter:letter", args=[obj.pk])).content.decode()
    assert (
        f"存在以下 {sum(1 for f in obj.findings if f['severity'] != 'info')} 个问题"
        in text
    )
    assert collection.city.name in text


def test_an_export_is_built_in_the_worker_and_only_its_owner_gets_it(
    collection: Cast, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.accounts.models import Role
    from gongkai.testing import make_user

    login(client, collection.supervisor)
    # Queued: nothing is built in the request; the page says so and refreshes.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(reverse("datacenter:export") + "?year=2024")
    assert len(queued) == 1
    job = ExportJob.objects.get()
    assert (job.status, job.content.name) == (ExportJob.Status.QUEUED, "")
    page = client.get(response["Location"]).content.decode()
    assert "正在后台生成" in page and 'http-equiv="refresh"' in page
    assert "2024 年度" in page
    download = reverse("datacenter:export_download", args=[job.pk])
    assert client.get(download).status_code == 404
    assert client.get(reverse("datacenter:export")).status_code == 405
    queued[0]()  # the worker
    job.refresh_from_db()
    assert (job.status, job.count) == (ExportJob.Status.DONE, 5)
    book = load_workbook(io.BytesIO(b"".join(client.get(download).streaming_content)))
    assert {r[2] for r in book["汇总"].iter_rows(min_row=2, values_only=True)} == {2024}
    # Another supervisor of the same office cannot see or download it.
    client.force_login(make_user("colleague", collection.city, Role.SUPERVISOR))
    assert client.get(response["Location"]).status_code == 404
    assert client.get(download).status_code == 404


def test_other_supervisors_get_nothing(
    collection: Cast, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.accounts.models import Role
    from gongkai.testing import make_user

    login(client, make_user("elsewhere", collection.other, Role.SUPERVISOR))
    obj = CollectedReport.objects.first()
    assert obj is not None
    for name in ("datacenter:years", "datacenter:letter"):
        assert client.get(reverse(name, args=[obj.pk])).status_code == 404
    book = exported(client, django_capture_on_commit_callbacks)
    assert book["汇总"].max_row == 1
    text = client.get(reverse("datacenter:region")).content.decode()
    assert "示例市" not in text.split("<main")[1].split("</main>")[0].replace(
        "示例市人民政府", ""
    )
