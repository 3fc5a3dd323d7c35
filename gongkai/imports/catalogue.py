"""Catalogue items published before Gongkai, from a workbook, so that the
catalogue, its search and table 二 (规章, 行政规范性文件) start complete.

The key is the 索引号: an item the agency already has is skipped; one another
agency uses is an error. Each new row goes through ``item_import_published``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.annual.formats import FORMAT_2021
from gongkai.disclosure.models import ART20_LABEL, Art20Item, Category, Item
from gongkai.disclosure.selectors import table2_rules_and_normative_docs
from gongkai.disclosure.services.imports import item_import_published
from gongkai.disclosure.services.setup import disclosure_setup
from gongkai.imports.applications import Problem, parse_date
from gongkai.imports.sheets import Column, Row

TITLE = "主动公开目录"
ART20 = {label: value for value, label in Art20Item.choices}

COLUMNS: tuple[Column, ...] = (
    Column(
        "索引号",
        "index_number",
        True,
        note="原发布时的索引号；已导入过的索引号再次上传时跳过。",
        width=24,
    ),
    Column("名称", "title", True, width=36),
    Column("内容概述", "summary", True, width=36),
    Column(
        "信息类别",
        "category",
        True,
        note="本机关信息类别的代码或名称（主动公开设置中的类别）。",
    ),
    Column(f"所属{ART20_LABEL}项目", "art20_item", True, tuple(ART20), width=30),
    Column(
        "生成日期",
        "generated_on",
        True,
        note="该信息形成或者变更的日期，格式 2025-03-04。",
    ),
    Column("发布日期", "published_on", True, note="原发布日期。"),
    Column("文号", "doc_number", width=20),
    Column("发布机构", "publisher", note="不填为本机关名称。", width=20),
    Column("废止日期", "abolished_on", note="规章、行政规范性文件已废止的填写。"),
    Column(
        "废止文件",
        "abolishing_document",
        note="废止它的文件，填写废止日期的必填。",
        width=24,
    ),
)
HEADERS = {c.field: c.header for c in COLUMNS}
EXAMPLE = (
    "000000001/2025-00001",
    "示例市城乡低保标准调整方案",
    "调整城乡居民最低生活保障标准。",
    "GFXWJ",
    Art20Item.choices[0][1],
    "2025-02-27",
    "2025-03-03",
    "示政规〔2025〕1号",
    "",
    "",
    "",
)


@dataclass(frozen=True)
class ItemRow:
    row: int
    index_number: str
    title: str
    summary: str
    category: str
    art20_item: str
    generated_on: dt.date
    published_on: dt.date
    doc_number: str
    publisher: str
    abolished_on: dt.date | None
    abolishing_document: str


def parse_row(row: Row, *, today: dt.date) -> ItemRow | list[Problem]:
    v = row.values
    problems: list[Problem] = []

    def bad(name: str, message: str) -> None:
        problems.append(Problem(row.number, HEADERS[name], message))

    for column in COLUMNS:
        if column.required and not v.get(column.field):
            bad(column.field, "必填，不能为空。")
    for name, limit in (
        ("index_number", 100),
        ("title", 300),
        ("doc_number", 100),
        ("publisher", 100),
        ("summary", 2000),
        ("abolishing_document", 200),
    ):
        if len(v.get(name, "")) > limit:
            bad(name, f"不能超过{limit}个字。")
    art20 = v.get("art20_item", "")
    if art20 and art20 not in ART20 and art20 not in ART20.values():
        bad("art20_item", f"“{art20}”不是可选值，请从模板的下拉列表中选择。")
    dates: dict[str, dt.date | None] = {}
    for name in ("generated_on", "published_on", "abolished_on"):
        dates[name] = None
        if v.get(name):
            value = parse_date(v[name])
            if value is None:
                bad(name, f"“{v[name]}”不是有效日期，格式如 2025-03-04。")
            elif value > today:
                bad(name, "不能晚于今天。")
            dates[name] = value
    made, published = dates["generated_on"], dates["published_on"]
    if made and published and published < made:
        bad("published_on", "发布日期不能早于生成日期。")
    if dates["abolished_on"] and made and dates["abolished_on"] < made:
        bad("abolished_on", "废止日期不能早于生成日期。")
    if dates["abolished_on"] and not v.get("abolishing_document"):
        bad("abolishing_document", "已废止的文件须填写废止它的文件。")
    if problems:
        return problems
    assert made is not None and published is not None
    return ItemRow(
        row=row.number,
        index_number=v["index_number"],
        title=v["title"],
        summary=v["summary"],
        category=v["category"],
        art20_item=ART20.get(art20, art20),
        generated_on=made,
        published_on=published,
        doc_number=v.get("doc_number", ""),
        publisher=v.get("publisher", ""),
        abolished_on=dates["abolished_on"],
        abolishing_document=v.get("abolishing_document", ""),
    )


def key(item: ItemRow) -> str:
    return item.index_number


def _categories(agency: Agency) -> dict[str, Category]:
    disclosure_setup(agency=agency)
    found: dict[str, Category] = {}
    for c in Category.objects.filter(agency=agency):
        found[c.code] = c
        found[c.name] = c
    return found


def check(agency: Agency, items: list[ItemRow]) -> list[Problem]:
    """What needs the agency to judge: its classes, 索引号 used elsewhere, repeats."""
    problems: list[Problem] = []
    categories = _categories(agency)
    counts = Counter(i.index_number for i in items)
    taken = dict(
        Item.objects.exclude(status=Item.Status.SUPERSEDED)
        .filter(index_number__in=list(counts))
        .exclude(agency=agency)
        .values_list("index_number", "agency__name")
    )
    for i in items:
        if i.category not in categories:
            problems.append(
                Problem(
                    i.row,
                    HEADERS["category"],
                    f"本机关没有“{i.category}”这个信息类别。",
                )
            )
        if counts[i.index_number] > 1:
            problems.append(
                Problem(
                    i.row,
                    HEADERS["index_number"],
                    f"索引号“{i.index_number}”在文件中出现了{counts[i.index_number]}次。",
                )
            )
        if i.index_number in taken:
            problems.append(
                Problem(
                    i.row,
                    HEADERS["index_number"],
                    f"索引号已被{taken[i.index_number]}使用。",
                )
            )
        category = categories.get(i.category)
        if i.abolished_on and category is not None and not category.has_validity:
            problems.append(
                Problem(
                    i.row, HEADERS["abolished_on"], "只有规章、行政规范性文件登记废止。"
                )
            )
    return problems


def existing_keys(agency: Agency, items: list[ItemRow]) -> set[str]:
    numbers = Item.objects.filter(
        agency=agency, index_number__in=[i.index_number for i in items]
    ).values_list("index_number", flat=True)
    return {n for n in numbers if n}


def write(
    agency: Agency, items: list[ItemRow], user: User, now: dt.datetime, source: str
) -> int:
    categories = _categories(agency)
    for i in items:
        item_import_published(
            agency=agency,
            index_number=i.index_number,
            title=i.title,
            summary=i.summary,
            generated_on=i.generated_on,
            published_on=i.published_on,
            category=categories[i.category],
            art20_item=i.art20_item,
            doc_number=i.doc_number,
            publisher=i.publisher,
            abolished_on=i.abolished_on,
            abolishing_document=i.abolishing_document,
            source=f"{source} 第{i.row}行",
            acting_user=user,
            published_at=timezone.make_aware(
                dt.datetime.combine(i.published_on, dt.time(12))
            ),
            now=now,
        )
    return len(items)


class _Rollback(Exception):
    pass


def preview(
    agency: Agency, items: list[ItemRow], user: User, now: dt.datetime
) -> dict[str, list[dict[str, Any]]]:
    """Table 二's 规章 and 行政规范性文件 rows per year touched, before and after
    (the rows written in a transaction that is rolled back)."""
    years = sorted(
        {i.generated_on.year for i in items}
        | {i.abolished_on.year for i in items if i.abolished_on}
    )[-5:]
    before = {y: table2_rules_and_normative_docs(agency, y) for y in years}
    after: dict[int, dict[str, list[int]]] = {}
    try:
        with transaction.atomic():
            write(agency, items, user, now, "预览")
            after = {y: table2_rules_and_normative_docs(agency, y) for y in years}
            raise _Rollback
    except _Rollback:
        pass
    out: dict[str, list[dict[str, Any]]] = {}
    for y in years:
        lines = []
        for row_key in ("rules", "normative_docs"):
            row_label = FORMAT_2021.table2_rows[row_key][1].label
            for index, column in enumerate(FORMAT_2021.table2_columns(row_key)):
                b, a = before[y][row_key][index], after[y][row_key][index]
                lines.append(
                    {
                        "key": f"{row_key}.{column.key}",
                        "label": f"{row_label}·{column.label}",
                        "before": b,
                        "adds": a - b,
                        "after": a,
                    }
                )
        out[str(y)] = lines
    return out
