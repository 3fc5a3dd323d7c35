"""The data center: upload, parsing in the worker, findings, corrections, who sees what."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Researcher, Role
from gongkai.datacenter import services
from gongkai.datacenter.models import CellCorrection, CollectedReport, ImportFile
from gongkai.datacenter.permissions import agency_scope, user_scope
from gongkai.datacenter.tests import generated as gen
from gongkai.testing import PASSWORD, Cast, at, make_user

YEARS = [2021, 2022, 2023, 2024]
AGENCY = "示例市住房和城乡建设局"  # the cast's bureau: inside the installation


def agency_files(
    name: str = AGENCY, *, seed: int = 1, broken_year: int | None = 2023
) -> list[tuple[str, bytes]]:
    reports = gen.series(name, YEARS, random.Random(seed))
    for report in reports:
        gen.signed_on(report, dt.date(report.year + 1, 1, 20))
        if report.year == broken_year:
            gen.break_carry_over(report)
    return [(f"{name}{r.year}.html", gen.published_html(r)) for r in reports]


def upload(user: Any, scope: str, files: list[tuple[str, bytes]], capture: Any) -> Any:
    with capture(execute=True):
        return services.import_job_create(
            owner=user, scope=scope, uploads=files, now=at(dt.date(2026, 3, 2))
        )


@pytest.fixture
def researcher(cast: Cast) -> Any:
    user = make_user("researcher")
    Researcher.objects.create(user=user, organisation="某大学公共管理学院")
    return user


def test_it_parses_each_file_in_the_worker_and_explains_what_is_not_a_report(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    files = agency_files()
    files += [
        ("通知.txt", gen.NOT_A_REPORT),
        ("模板.html", gen.blank_template()),
        ("副本.html", files[0][1]),
    ]
    job = upload(
        cast.supervisor,
        agency_scope(cast.city),
        files,
        django_capture_on_commit_callbacks,
    )
    status = {f.name: f.status for f in job.files.all()}
    assert status == {
        **{name: ImportFile.Status.PARSED for name, _ in files[:4]},
        "通知.txt": ImportFile.Status.REFUSED,
        "模板.html": ImportFile.Status.TEMPLATE,
        "副本.html": ImportFile.Status.DUPLICATE,
    }
    template = job.files.get(name="模板.html")
    assert "未填写的报告模板" in template.message
    reports = CollectedReport.objects.order_by("year")
    assert [r.year for r in reports] == YEARS
    assert {r.agency_id for r in reports} == {cast.bureau.pk}
    assert reports[0].region_path == cast.bureau.path
    broken = reports.get(year=2023)
    carry = [f for f in broken.findings if f["rule"] == "table3.carry_over"]
    assert (
        carry
        and carry[0]["name"]
        and carry[0]["cells"][0].startswith("table3.carried_over.")
    )
    assert all(
        not any(f["rule"] == "table3.carry_over" for f in r.findings)
        for r in reports.exclude(year=2023)
    )
    # provenance of every cell, and the signature date against the deadline
    assert broken.provenance["table3.granted.total"]
    assert broken.dated == dt.date(2024, 1, 20)
    assert not broken.late


def test_a_file_already_uploaded_is_not_parsed_again(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    files = agency_files()[:1]
    upload(
        cast.supervisor,
        agency_scope(cast.city),
        files,
        django_capture_on_commit_callbacks,
    )
    again = upload(
        cast.supervisor,
        agency_scope(cast.city),
        files,
        django_capture_on_commit_callbacks,
    )
    row = again.files.get()
    assert row.status == ImportFile.Status.DUPLICATE
    assert not row.content
    assert CollectedReport.objects.count() == 1


def test_the_previous_year_arriving_later_checks_the_carry_over(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    files = agency_files()
    scope = agency_scope(cast.city)
    upload(cast.supervisor, scope, [files[2]], django_capture_on_commit_callbacks)
    report = CollectedReport.objects.get()
    assert not any(f["rule"] == "table3.carry_over" for f in report.findings)
    upload(cast.supervisor, scope, [files[1]], django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert any(f["rule"] == "table3.carry_over" for f in report.findings)


def test_a_zip_is_opened_and_its_chinese_names_kept(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in agency_files():
            archive.writestr(f"报告/{name}", data)
        archive.writestr("说明.xlsx", b"not a report file")
    job = upload(
        cast.supervisor,
        agency_scope(cast.city),
        [("reports.zip", buffer.getvalue())],
        django_capture_on_commit_callbacks,
    )
    assert sorted(f.name for f in job.files.all()) == sorted(
        n for n, _ in agency_files()
    )


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("a.zip", b"PK\x03\x04 broken")], "无法打开"),
        ([("a.docx.exe", b"x"), ("b.zip", b"")], "无法打开"),
    ],
)
def test_a_bad_upload_is_refused_whole(
    cast: Cast, files: list[tuple[str, bytes]], message: str
) -> None:
    with pytest.raises(services.DataCenterError, match=message):
        services.import_job_create(
            owner=cast.supervisor,
            scope=agency_scope(cast.city),
            uploads=files,
            now=at(dt.date(2026, 3, 2)),
        )
    assert not ImportFile.objects.exists()


def test_nobody_uploads_into_a_scope_that_is_not_theirs(
    cast: Cast, researcher: Any
) -> None:
    for user, scope in [
        (cast.supervisor, agency_scope(cast.other)),
        (researcher, agency_scope(cast.city)),
        (cast.supervisor, user_scope(researcher)),
        (cast.head, agency_scope(cast.office)),
    ]:
        with pytest.raises(services.DataCenterError):
            services.import_job_create(
                owner=user,
                scope=scope,
                uploads=agency_files()[:1],
                now=at(dt.date(2026, 3, 2)),
            )


# -- pages ----------------------------------------------------------------------------


def login(client: Any, user: Any) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def test_the_upload_page_queues_the_files_and_shows_the_job(
    cast: Cast, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    login(client, cast.supervisor)
    files = agency_files()
    from django.core.files.uploadedfile import SimpleUploadedFile

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("datacenter:upload"),
            {
                "scope": agency_scope(cast.city),
                "reports": [SimpleUploadedFile(n, d) for n, d in files],
            },
        )
    assert response.status_code == 302
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "解析完成：4 / 4" in text
    catalogue = client.get(reverse("datacenter:catalogue")).content.decode()
    assert "共 <strong>4</strong> 份报告" in catalogue


def test_an_upload_without_files_says_so(cast: Cast, client: Any) -> None:
    login(client, cast.supervisor)
    response = client.post(
        reverse("datacenter:upload"), {"scope": agency_scope(cast.city)}
    )
    assert response.status_code == 400
    assert "请选择要上传的文件" in response.content.decode()


def test_the_report_page_shows_sources_and_findings_on_the_cells(
    cast: Cast, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    upload(
        cast.supervisor,
        agency_scope(cast.city),
        agency_files(),
        django_capture_on_commit_callbacks,
    )
    report = CollectedReport.objects.get(year=2023)
    login(client, cast.supervisor)
    text = client.get(reverse("datacenter:report", args=[report.pk])).content.decode()
    assert 'id="cell-table3-carried-over-natural-person"' in text
    assert 'class="dc-warning"' in text
    assert "来源：" + report.provenance["table3.granted.total"] in text
    assert 'href="#cell-table3-carried-over-natural-person"' in text


def test_a_correction_keeps_the_parsed_value_who_and_why(
    cast: Cast, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    upload(
        cast.supervisor,
        agency_scope(cast.city),
        agency_files(),
        django_capture_on_commit_callbacks,
    )
    report = CollectedReport.objects.get(year=2023)
    previous = CollectedReport.objects.get(year=2022)
    forwarded = previous.data["table3"]["carried_forward"][0]
    parsed = report.data["table3"]["carried_over"][0]
    login(client, cast.supervisor)
    url = reverse("datacenter:correct", args=[report.pk])
    refused = client.post(
        url, {"ref": "table3.carried_over.natural_person", "value": "1", "reason": ""}
    )
    assert refused.status_code == 400
    assert "请说明更正的理由" in refused.content.decode()
    assert not CellCorrection.objects.exists()
    for ref in ("table3.carried_over.natural_person", "table3.carried_over.total"):
        value = previous.data["table3"]["carried_forward"][
            0 if ref.endswith("person") else 6
        ]
        response = client.post(
            url, {"ref": ref, "value": str(value), "reason": "原文为扫描件，核对纸质件"}
        )
        assert response.status_code == 302
    correction = CellCorrection.objects.order_by("pk").first()
    assert correction is not None
    assert (correction.parsed_value, correction.corrected_value) == (parsed, forwarded)
    assert correction.actor == cast.supervisor
    report.refresh_from_db()
    assert not any(f["rule"] == "table3.carry_over" for f in report.findings)
    page = client.get(reverse("datacenter:report", args=[report.pk])).content.decode()
    assert "原文为扫描件，核对纸质件" in page and "supervisor" in page


def test_outsiders_see_nothing(
    cast: Cast, client: Any, researcher: Any, django_capture_on_commit_callbacks: Any
) -> None:
    upload(
        cast.supervisor,
        agency_scope(cast.city),
        agency_files(),
        django_capture_on_commit_callbacks,
    )
    report = CollectedReport.objects.first()
    assert report is not None
    other_supervisor = make_user("other_supervisor", cast.other, Role.SUPERVISOR)
    for user in (researcher, other_supervisor):
        login(client, user)
        assert (
            client.get(reverse("datacenter:report", args=[report.pk])).status_code
            == 404
        )
        assert (
            client.get(reverse("datacenter:job", args=[report.file.job_id])).status_code
            == 404
        )
        catalogue = client.get(reverse("datacenter:catalogue"))
        assert catalogue.status_code == 200
        assert AGENCY not in catalogue.content.decode()
        response = client.post(
            reverse("datacenter:correct", args=[report.pk]),
            {"ref": "table3.granted.total", "value": "1", "reason": "x"},
        )
        assert response.status_code == 404
    login(client, cast.head)  # an agency's own staff: not a data center user
    response = client.get(reverse("datacenter:catalogue"))
    assert response.status_code == 403
    assert "年报数据中心" in response.content.decode()
    client.logout()
    assert client.get(reverse("datacenter:catalogue")).status_code == 302


def test_a_researchers_collection_is_their_own(
    cast: Cast, client: Any, researcher: Any, django_capture_on_commit_callbacks: Any
) -> None:
    upload(
        researcher,
        user_scope(researcher),
        agency_files("某县人民政府", broken_year=None),
        django_capture_on_commit_callbacks,
    )
    login(client, researcher)
    text = client.get(reverse("datacenter:catalogue")).content.decode()
    assert "某县人民政府" in text and "外部" in text
    login(client, cast.supervisor)
    assert (
        "某县人民政府"
        not in client.get(reverse("datacenter:catalogue")).content.decode()
    )


def test_a_file_whose_worker_died_is_parsed_again_from_the_job_page(
    cast: Cast, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A file left 解析中 by a dead worker is offered 重新解析 once it is long
    overdue; a file parsing for a minute is not; the requeued file parses."""
    files = agency_files()[:2]
    with django_capture_on_commit_callbacks(execute=False):  # the tasks are lost
        job = services.import_job_create(
            owner=cast.supervisor,
            scope=agency_scope(cast.city),
            uploads=files,
            now=at(dt.date(2026, 3, 2)),
        )
    dead, slow = job.files.order_by("pk")
    now = timezone.now()
    ImportFile.objects.filter(pk=dead.pk).update(
        status=ImportFile.Status.PARSING, started_at=now - dt.timedelta(hours=2)
    )
    ImportFile.objects.filter(pk=slow.pk).update(
        status=ImportFile.Status.PARSING, started_at=now - dt.timedelta(minutes=1)
    )
    login(client, cast.supervisor)
    page = client.get(reverse("datacenter:job", args=[job.pk])).content.decode()
    assert "有 1 个文件超过 30 分钟仍未解析完成" in page and "重新解析" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("datacenter:job_requeue", args=[job.pk]))
    assert response.status_code == 302
    dead.refresh_from_db()
    slow.refresh_from_db()
    assert dead.status == ImportFile.Status.PARSED and dead.report.year
    assert slow.status == ImportFile.Status.PARSING
    page = client.get(reverse("datacenter:job", args=[job.pk])).content.decode()
    assert "已重新排队 1 个文件" in page and "仍未解析完成" not in page
    # Nobody outside the job's scope can requeue it.
    client.force_login(make_user("elsewhere", cast.other, Role.SUPERVISOR))
    assert (
        client.post(reverse("datacenter:job_requeue", args=[job.pk])).status_code == 404
    )
