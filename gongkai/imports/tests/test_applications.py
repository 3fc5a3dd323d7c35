"""Importing past applications: template, per-row errors, preview, one commit."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gongkai.cases.models import OUTCOME_LABELS, ApplicantType, Case, CaseEvent, Status
from gongkai.cases.selectors import table3_counts
from gongkai.imports import services
from gongkai.imports.applications import COLUMNS
from gongkai.imports.errors import ImportRefused
from gongkai.imports.models import ImportBatch
from gongkai.imports.tests.workbooks import application_rows, book_bytes

pytestmark = pytest.mark.django_db

LABEL_TO_OUTCOME = {label: key for key, label in OUTCOME_LABELS.items()}
TYPE_TO_KEY = {label: key for key, label in ApplicantType.choices}


def upload(
    cast: Any, data: bytes, capture: Any, name: str = "往年申请.xlsx"
) -> ImportBatch:
    with capture(execute=True):
        batch = services.import_upload(
            agency=cast.office,
            kind="applications",
            upload=SimpleUploadedFile(name, data),
            acting_user=cast.head,
        )
    batch.refresh_from_db()
    return batch


def commit(cast: Any, batch: ImportBatch, capture: Any) -> ImportBatch:
    with capture(execute=True):
        services.import_confirm(batch=batch, acting_user=cast.head)
    batch.refresh_from_db()
    return batch


def test_the_template_has_every_column_lists_and_an_example(
    client: Any, cast: Any
) -> None:
    client.force_login(cast.head)
    response = client.get("/staff/imports/templates/applications.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers == [c.header + ("＊" if c.required else "") for c in COLUMNS]
    assert sheet.data_validations.dataValidation  # drop-down lists
    assert book.sheetnames == ["依申请公开件", "可选值", "填写说明"]


def test_the_templates_own_example_row_imports(
    cast: Any, frozen_time: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from gongkai.imports.applications import EXAMPLE
    from gongkai.imports.sheets import template

    data = template("依申请公开件", COLUMNS, EXAMPLE)
    batch = upload(cast, data, django_capture_on_commit_callbacks)
    assert batch.status == ImportBatch.Status.VALID, batch.problems
    assert batch.new_rows == 1


def test_a_thousand_rows_with_five_bad_ones(
    cast: Any, frozen_time: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rows = application_rows(1000)
    bad = {  # Excel row number (header = 1) → the broken cell
        12: (8, "2025-02-30"),  # 收到申请日期: no such day
        140: (1, "外星人"),  # 申请人类型: not a column of table 三
        333: (4, "11010519491231002Y"),  # 证件号码: wrong check character
        512: (9, ""),  # 处理结果 missing while 办结日期 is given
        999: (0, ""),  # 登记号 missing
    }
    broken = [list(r) for r in rows]
    for excel_row, (column, value) in bad.items():
        broken[excel_row - 2][column] = value
        if column == 9:
            broken[excel_row - 2][10] = "2025-06-30"
    batch = upload(cast, book_bytes(broken), django_capture_on_commit_callbacks)
    assert batch.status == ImportBatch.Status.INVALID
    assert {p["row"] for p in batch.problems} == set(bad)
    by_row = {p["row"]: (p["column"], p["message"]) for p in batch.problems}
    assert by_row[12] == (
        "收到申请日期",
        "“2025-02-30”不是有效日期，格式如 2025-03-04。",
    )
    assert by_row[140][0] == "申请人类型"
    assert by_row[333] == (
        "证件号码",
        "居民身份证号码无效，请核对（18位，末位可为X）。",
    )
    assert by_row[512] == ("处理结果", "填写了办结日期的，须同时填写处理结果。")
    assert by_row[999] == ("登记号", "必填，不能为空。")
    assert Case.objects.count() == 0
    with pytest.raises(ImportRefused):
        services.import_confirm(batch=batch, acting_user=cast.head)

    # Fixed: the preview, then one commit; table 三 equals the file's tallies.
    data = book_bytes(rows)
    fixed = upload(cast, data, django_capture_on_commit_callbacks)
    assert fixed.status == ImportBatch.Status.VALID, fixed.problems[:3]
    assert fixed.new_rows == 1000
    assert Case.objects.count() == 0  # the preview writes nothing
    preview_2025 = {line["key"]: line for line in fixed.preview["2025"]}
    done = commit(cast, fixed, django_capture_on_commit_callbacks)
    assert done.status == ImportBatch.Status.COMMITTED, done.message
    assert done.created_rows == 1000
    assert Case.objects.filter(agency=cast.office).count() == 1000

    for year in (2024, 2025):
        expected = hand_tally(rows, year)
        counts = table3_counts([cast.office], year)[cast.office.pk]
        got = {
            row: dict(by_column)
            for row, by_column in counts.items()
            if any(by_column.values())
        }
        assert got == expected, year
    assert preview_2025["new_received"]["after"] == sum(
        hand_tally(rows, 2025)["new_received"].values()
    )

    # The same file again creates nothing.
    again = upload(cast, data, django_capture_on_commit_callbacks, name="再次上传.xlsx")
    assert again.status == ImportBatch.Status.VALID
    assert (again.new_rows, again.skipped_rows) == (0, 1000)
    repeat = commit(cast, again, django_capture_on_commit_callbacks)
    assert repeat.created_rows == 0
    assert Case.objects.count() == 1000


def hand_tally(rows: list[list[Any]], year: int) -> dict[str, dict[str, int]]:
    """Table 三 of ``year`` counted straight from the file's cells."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cells: dict[str, Counter[str]] = {}

    def add(row: str, column: str) -> None:
        cells.setdefault(row, Counter())[column] += 1

    for r in rows:
        column = TYPE_TO_KEY[r[1]]
        received = r[8]
        closed = dt.date.fromisoformat(r[10]) if r[10] else None
        if start <= received <= end:
            add("new_received", column)
        if received < start and (closed is None or closed >= start):
            add("carried_over", column)
        if closed and start <= closed <= end:
            add(LABEL_TO_OUTCOME[r[9]], column)
        if received <= end and (closed is None or closed > end):
            add("carried_forward", column)
    return {row: dict(c) for row, c in cells.items()}


def test_each_imported_record_says_where_it_came_from(
    cast: Any, frozen_time: Any, django_capture_on_commit_callbacks: Any
) -> None:
    rows = application_rows(3)
    rows[0][9], rows[0][10] = "", ""  # still open: carried over, clocks running
    batch = upload(cast, book_bytes(rows), django_capture_on_commit_callbacks)
    commit(cast, batch, django_capture_on_commit_callbacks)
    first = Case.objects.get(number=rows[0][0])
    assert first.status == Status.REGISTERED
    assert first.received_on == rows[0][8]
    assert first.due_on is not None
    [event] = first.events.all()
    assert event.kind == CaseEvent.Kind.REGISTERED
    assert event.reason == "自Excel导入：往年申请.xlsx 第2行"
    assert event.data["sha256"] == batch.sha256
    closed = Case.objects.get(number=rows[1][0])
    assert closed.status == Status.ARCHIVED
    assert closed.outcome == LABEL_TO_OUTCOME[rows[1][9]]


def test_a_failure_while_writing_writes_nothing(
    cast: Any,
    frozen_time: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: Any,
) -> None:
    """All or nothing: the second chunk fails, the first is rolled back too."""
    monkeypatch.setattr(services, "BATCH_SIZE", 10)
    original = CaseEvent.objects.bulk_append
    calls = []

    def failing(objs: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(objs, *args, **kwargs)

    batch = upload(
        cast, book_bytes(application_rows(25)), django_capture_on_commit_callbacks
    )
    monkeypatch.setattr(CaseEvent.objects, "bulk_append", failing)
    batch = commit(cast, batch, django_capture_on_commit_callbacks)
    assert len(calls) == 2
    assert batch.status == ImportBatch.Status.FAILED
    assert "未导入任何一行" in batch.message
    assert Case.objects.count() == 0
    assert CaseEvent.objects.count() == 0


def test_a_broken_or_foreign_file_is_refused_in_chinese(
    cast: Any, frozen_time: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with pytest.raises(ImportRefused, match=r"请上传 \.xlsx"):
        upload(cast, b"a,b,c\n", django_capture_on_commit_callbacks, name="x.csv")
    with pytest.raises(ImportRefused, match=r"不是 \.xlsx"):
        upload(cast, b"not a zip", django_capture_on_commit_callbacks)
    # A workbook without our headers.
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "电话"])  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    batch = upload(cast, out.getvalue(), django_capture_on_commit_callbacks)
    assert batch.status == ImportBatch.Status.INVALID
    assert batch.problems[0]["message"].startswith("第1行缺少必填列：登记号、")


@pytest.mark.parametrize("who", ["registrar", "handler", "supervisor", "outsider"])
def test_only_the_head_or_admin_imports(cast: Any, who: str) -> None:
    with pytest.raises(ImportRefused):
        services.import_upload(
            agency=cast.office,
            kind="applications",
            upload=SimpleUploadedFile("a.xlsx", book_bytes(application_rows(1))),
            acting_user=getattr(cast, who),
        )


def test_the_pages_upload_preview_and_confirm(
    client: Any, cast: Any, frozen_time: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(cast.admin)
    data = book_bytes(application_rows(20))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/imports/",
            {
                "agency": cast.office.pk,
                "kind": "applications",
                "file": SimpleUploadedFile("往年申请.xlsx", data),
            },
        )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "将新增 <strong>20</strong> 件" in page
    assert "一、本年新收政府信息公开申请数量" in page
    batch = ImportBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(f"/staff/imports/{batch.pk}/confirm/")
    html = client.get(confirmed["Location"]).content.decode()
    assert "已导入20件" in html, html[html.find("<main") :]
    # Another agency's staff cannot see it.
    client.force_login(cast.other_head)
    assert client.get(f"/staff/imports/{batch.pk}/").status_code == 404
    client.force_login(cast.registrar)
    assert client.get("/staff/imports/").status_code == 403


def test_the_command_line_twin_previews_then_commits(
    cast: Any, frozen_time: Any, tmp_path: Any
) -> None:
    from django.core.management import CommandError, call_command

    path = tmp_path / "往年申请.xlsx"
    path.write_bytes(book_bytes(application_rows(30)))
    out = io.StringIO()
    call_command("import_records", str(path), agency="office", user="head", stdout=out)
    assert "将新增 30 件" in out.getvalue()
    assert "未导入（预览）" in out.getvalue()
    assert Case.objects.count() == 0
    out = io.StringIO()
    call_command(
        "import_records",
        str(path),
        agency="office",
        user="head",
        commit=True,
        stdout=out,
    )
    assert "已导入30件" in out.getvalue()
    assert Case.objects.count() == 30
    rows = application_rows(2)
    rows[1][8] = "明天"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(book_bytes(rows))
    out = io.StringIO()
    with pytest.raises(CommandError, match="共1处错误"):
        call_command(
            "import_records", str(bad), agency="office", user="head", stdout=out
        )
    assert "第3行「收到申请日期」：“明天”不是有效日期" in out.getvalue()
