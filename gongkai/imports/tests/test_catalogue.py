"""Importing the catalogue as published before Gongkai: checks, table 二 preview, commit."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gongkai.disclosure.models import DisclosureEvent, Item
from gongkai.disclosure.search import matches
from gongkai.disclosure.selectors import public_items, table2_rules_and_normative_docs
from gongkai.imports import services
from gongkai.imports.catalogue import COLUMNS, EXAMPLE, TITLE
from gongkai.imports.models import ImportBatch
from gongkai.imports.sheets import template

pytestmark = pytest.mark.django_db

ART1 = "（一）行政法规、规章和规范性文件"
ROWS = [
    # 索引号, 名称, 概述, 类别, 第二十条, 生成, 发布, 文号, 发布机构, 废止日期, 废止文件
    [
        "000000001/2024-00007",
        "示例市物业管理办法",
        "物业管理的规定。",
        "GFXWJ",
        ART1,
        "2024-03-01",
        "2024-03-05",
        "示政规〔2024〕2号",
        "",
        "",
        "",
    ],
    [
        "000000001/2024-00019",
        "示例市停车收费办法",
        "停车收费标准。",
        "行政规范性文件",
        ART1,
        "2024-06-01",
        "2024-06-03",
        "示政规〔2024〕5号",
        "",
        "2025-05-01",
        "示政规〔2025〕3号",
    ],
    [
        "000000001/2025-00002",
        "2025年重点民生实事",
        "民生实事项目清单。",
        "GFXWJ",
        ART1,
        "2025-01-10",
        "2025-01-12",
        "示政规〔2025〕1号",
        "",
        "",
        "",
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
            kind="catalogue",
            upload=SimpleUploadedFile("目录.xlsx", data),
            acting_user=cast.admin,
        )
    batch.refresh_from_db()
    if confirm and batch.status == ImportBatch.Status.VALID:
        with capture(execute=True):
            services.import_confirm(batch=batch, acting_user=cast.admin)
        batch.refresh_from_db()
    return batch


def test_catalogue_import_with_table2_preview(
    cast: Any, frozen_time: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cast.set_up_catalogue()
    taken = cast.published()  # the office's own item, 索引号 given by Gongkai
    bureau_item = cast.published()
    Item.objects.filter(pk=bureau_item.pk).update(agency=cast.bureau)
    broken = [list(r) for r in ROWS]
    broken[0][3] = "不存在的类别"
    broken[2][0] = bureau_item.index_number  # another agency's 索引号
    bad = run(cast, book(broken), django_capture_on_commit_callbacks, confirm=True)
    assert bad.status == ImportBatch.Status.INVALID
    assert [(p["row"], p["column"]) for p in bad.problems] == [
        (2, "信息类别"),
        (4, "索引号"),
    ]
    assert bad.problems[1]["message"] == "索引号已被示例市住房和城乡建设局使用。"

    before_2025 = table2_rules_and_normative_docs(cast.office, 2025)
    batch = run(cast, book(ROWS), django_capture_on_commit_callbacks, confirm=False)
    assert batch.status == ImportBatch.Status.VALID, batch.problems
    assert Item.objects.filter(agency=cast.office).count() == 1  # preview rolled back
    lines = {line["key"]: line for line in batch.preview["2025"]}
    assert lines["normative_docs.repealed"]["adds"] == 1
    assert lines["normative_docs.issued"]["adds"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.import_confirm(batch=batch, acting_user=cast.admin)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED, batch.message
    after_2025 = table2_rules_and_normative_docs(cast.office, 2025)
    assert after_2025["normative_docs"] == [
        before_2025["normative_docs"][0] + 1,
        before_2025["normative_docs"][1] + 1,
        before_2025["normative_docs"][2] + 2,  # 2024-03 and 2025-01 in force at 12-31
    ]
    item = Item.objects.get(index_number="000000001/2024-00019")
    assert item.status == Item.Status.PUBLISHED
    assert item.validity == Item.Validity.ABOLISHED
    assert item.published_at.date().isoformat() == "2024-06-03"
    event = DisclosureEvent.objects.get(item=item)
    assert event.reason == "自Excel导入：目录.xlsx 第3行"
    assert list(matches(public_items(cast.office), "停车收费")) == [item]
    assert taken.index_number != item.index_number

    again = run(cast, book(ROWS), django_capture_on_commit_callbacks, confirm=True)
    assert (again.new_rows, again.skipped_rows, again.created_rows) == (0, 3, 0)
