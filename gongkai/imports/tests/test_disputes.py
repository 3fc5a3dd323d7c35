"""Importing past 行政复议 and 行政诉讼 cases: errors per row, table 四 preview, commit."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gongkai.disputes.models import Dispute, DisputeEvent
from gongkai.disputes.selectors import table4_cells
from gongkai.imports import services
from gongkai.imports.disputes import COLUMNS, EXAMPLE, TITLE
from gongkai.imports.models import ImportBatch
from gongkai.imports.sheets import template

pytestmark = pytest.mark.django_db

ROWS = [
    # 类别, 案号, 申请人, 机关/法院, 立案, 结果, 审结, 共同被告, 备注
    [
        "行政复议",
        "复〔2024〕1号",
        "甲",
        "示例市人民政府",
        "2024-05-01",
        "结果维持",
        "2024-07-01",
        "否",
        "",
    ],
    [
        "行政复议",
        "复〔2024〕2号",
        "乙",
        "示例市人民政府",
        "2024-11-01",
        "结果纠正",
        "2025-01-20",
        "",
        "",
    ],
    [
        "行政诉讼（未经复议直接起诉）",
        "（2025）示0102行初3号",
        "丙",
        "示例区人民法院",
        "2025-03-01",
        "尚未审结",
        "",
        "",
        "",
    ],
    [
        "行政诉讼（复议后起诉）",
        "（2025）示0102行初9号",
        "丁",
        "示例区人民法院",
        "2025-04-01",
        "其他结果",
        "2025-09-09",
        "否",
        "撤诉",
    ],
]


def book(rows: list[list[Any]]) -> bytes:
    wb = load_workbook(io.BytesIO(template(TITLE, COLUMNS, EXAMPLE)))
    sheet = wb.worksheets[0]
    sheet.delete_rows(2)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def run(cast: Any, data: bytes, capture: Any, *, confirm: bool) -> ImportBatch:
    with capture(execute=True):
        batch = services.import_upload(
            agency=cast.office,
            kind="disputes",
            upload=SimpleUploadedFile("复议诉讼.xlsx", data),
            acting_user=cast.admin,
        )
    batch.refresh_from_db()
    if confirm and batch.status == ImportBatch.Status.VALID:
        with capture(execute=True):
            services.import_confirm(batch=batch, acting_user=cast.admin)
        batch.refresh_from_db()
    return batch


def test_disputes_import_with_table4_preview(
    cast: Any, frozen_time: Any, django_capture_on_commit_callbacks: Any
) -> None:
    broken = [list(r) for r in ROWS]
    broken[2][6] = "2025-05-05"  # 尚未审结 with a decision date
    broken[0][7] = "是"  # a 复议 cannot have the co-defendant mark
    bad = run(cast, book(broken), django_capture_on_commit_callbacks, confirm=True)
    assert bad.status == ImportBatch.Status.INVALID
    assert [(p["row"], p["column"], p["message"]) for p in bad.problems] == [
        (
            2,
            "复议机关作为共同被告",
            "只有行政诉讼案件才有“复议机关作为共同被告”的情形。",
        ),
        (4, "审结日期", "尚未审结的案件不应填写审结日期。"),
    ]
    assert Dispute.objects.count() == 0

    batch = run(cast, book(ROWS), django_capture_on_commit_callbacks, confirm=False)
    assert batch.status == ImportBatch.Status.VALID, batch.problems
    assert Dispute.objects.count() == 0  # the preview's writes were rolled back
    lines_2025 = {line["label"]: line for line in batch.preview["2025"]}
    assert lines_2025["行政复议·结果纠正"]["adds"] == 1
    assert lines_2025["行政诉讼（未经复议直接起诉）·尚未审结"]["after"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.import_confirm(batch=batch, acting_user=cast.admin)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED, batch.message
    assert Dispute.objects.filter(agency=cast.office).count() == 4
    assert DisputeEvent.objects.count() == 4
    cells_2024 = table4_cells(cast.office, 2024)
    cells_2025 = table4_cells(cast.office, 2025)
    # 2024: one upheld 复议, one 复议 pending at year end.
    assert cells_2024[:5] == [1, 0, 0, 1, 2]
    # 2025: the corrected 复议; one direct suit pending; one suit after 复议, other.
    assert cells_2025 == [0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1]
    assert (
        "自Excel导入：复议诉讼.xlsx 第5行"
        in Dispute.objects.get(number="（2025）示0102行初9号").note
    )

    again = run(cast, book(ROWS), django_capture_on_commit_callbacks, confirm=True)
    assert (again.new_rows, again.skipped_rows, again.created_rows) == (0, 4, 0)
    assert Dispute.objects.count() == 4
