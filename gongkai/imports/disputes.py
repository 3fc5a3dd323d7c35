"""行政复议 and 行政诉讼 cases from a workbook, so that table 四 carries its
尚未审结 cases over and counts last year's results.

The key is the 案号 within the agency and 类别: a case the agency already has is
skipped. Each new row goes through ``dispute_create`` (its checks, its event),
all rows in the one transaction of the commit.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.annual.formats import TABLE4_GROUPS, TABLE4_KEYS, TABLE4_RESULTS
from gongkai.disputes.models import Dispute, Kind, Result
from gongkai.disputes.selectors import table4_cells
from gongkai.disputes.services import dispute_create
from gongkai.imports.applications import Problem, parse_date
from gongkai.imports.sheets import Column, Row

TITLE = "行政复议行政诉讼案件"
KINDS = {label: value for value, label in Kind.choices}
RESULTS = {label: value for value, label in Result.choices}
YES_NO = {"是": True, "否": False, "": False}

COLUMNS: tuple[Column, ...] = (
    Column("类别", "kind", True, tuple(KINDS), "表四的三类案件之一。", 24),
    Column(
        "案号",
        "number",
        True,
        note="复议决定书或判决书的案号；已导入过的案号再次上传时跳过。",
        width=24,
    ),
    Column("申请人或原告", "party"),
    Column("复议机关或人民法院", "body", width=22),
    Column("申请或立案日期", "filed_on", True, note="格式 2025-03-04。"),
    Column(
        "结果", "result", True, tuple(RESULTS), "尚未审结的选“尚未审结”，不填审结日期。"
    ),
    Column("审结日期", "decided_on", note="已有结果的必填。"),
    Column(
        "复议机关作为共同被告",
        "co_defendant_only",
        False,
        ("是", "否"),
        "只有行政诉讼案件可以选“是”；这类案件不计入本机关的表四。",
        20,
    ),
    Column("备注", "note", width=30),
)
HEADERS = {c.field: c.header for c in COLUMNS}
EXAMPLE = (
    Kind.choices[0][1],
    "X政复〔2025〕12号",
    "李四",
    "示例市人民政府",
    "2025-04-01",
    Result.choices[0][1],
    "2025-05-20",
    "否",
    "",
)


@dataclass(frozen=True)
class DisputeRow:
    row: int
    kind: str
    number: str
    party: str
    body: str
    filed_on: dt.date
    result: str
    decided_on: dt.date | None
    co_defendant_only: bool
    note: str


def parse_row(row: Row, *, today: dt.date) -> DisputeRow | list[Problem]:
    v = row.values
    problems: list[Problem] = []

    def bad(name: str, message: str) -> None:
        problems.append(Problem(row.number, HEADERS[name], message))

    for column in COLUMNS:
        if column.required and not v.get(column.field):
            bad(column.field, "必填，不能为空。")
    for name, limit in (("number", 100), ("party", 100), ("body", 100)):
        if len(v.get(name, "")) > limit:
            bad(name, f"不能超过{limit}个字。")

    def choice(name: str, table: dict[str, Any]) -> Any:
        text = v.get(name, "")
        if text in table:
            return table[text]
        if text and text in table.values():
            return text
        if text:
            bad(name, f"“{text}”不是可选值，请从模板的下拉列表中选择。")
        return None

    kind = choice("kind", KINDS)
    result = choice("result", RESULTS)
    co_defendant = choice("co_defendant_only", YES_NO)
    filed_on = decided_on = None
    if v.get("filed_on"):
        filed_on = parse_date(v["filed_on"])
        if filed_on is None:
            bad("filed_on", f"“{v['filed_on']}”不是有效日期，格式如 2025-03-04。")
        elif filed_on > today:
            bad("filed_on", "不能晚于今天。")
    if v.get("decided_on"):
        decided_on = parse_date(v["decided_on"])
        if decided_on is None:
            bad("decided_on", f"“{v['decided_on']}”不是有效日期，格式如 2025-03-04。")
        elif decided_on > today:
            bad("decided_on", "不能晚于今天。")
        elif filed_on is not None and decided_on < filed_on:
            bad("decided_on", "审结日期不能早于申请或立案日期。")
    if result == Result.PENDING and v.get("decided_on"):
        bad("decided_on", "尚未审结的案件不应填写审结日期。")
    if result and result != Result.PENDING and not v.get("decided_on"):
        bad("decided_on", "已有结果的案件应填写审结日期。")
    if co_defendant and kind == Kind.RECONSIDERATION:
        bad("co_defendant_only", "只有行政诉讼案件才有“复议机关作为共同被告”的情形。")
    if problems:
        return problems
    assert filed_on is not None
    return DisputeRow(
        row=row.number,
        kind=kind,
        number=v["number"],
        party=v.get("party", ""),
        body=v.get("body", ""),
        filed_on=filed_on,
        result=result,
        decided_on=decided_on,
        co_defendant_only=bool(co_defendant),
        note=v.get("note", ""),
    )


def key(item: DisputeRow) -> str:
    return f"{item.kind}|{item.number}"


def repeated(items: list[DisputeRow]) -> list[Problem]:
    counts = Counter(key(i) for i in items)
    return [
        Problem(
            i.row,
            HEADERS["number"],
            f"案号“{i.number}”在文件中出现了{counts[key(i)]}次。",
        )
        for i in items
        if counts[key(i)] > 1
    ]


def existing_keys(agency: Agency, items: list[DisputeRow]) -> set[str]:
    numbers = {i.number for i in items}
    return {
        f"{kind}|{number}"
        for kind, number in Dispute.objects.filter(
            agency=agency, number__in=numbers
        ).values_list("kind", "number")
    }


def write(
    agency: Agency, items: list[DisputeRow], user: User, now: dt.datetime, source: str
) -> int:
    for i in items:
        dispute_create(
            agency=agency,
            acting_user=user,
            now=now,
            kind=i.kind,
            number=i.number,
            party=i.party,
            body=i.body,
            filed_on=i.filed_on,
            result=i.result,
            decided_on=i.decided_on,
            co_defendant_only=i.co_defendant_only,
            note=(i.note + "\n" if i.note else "") + f"{source} 第{i.row}行",
        )
    return len(items)


class _Rollback(Exception):
    pass


def preview(
    agency: Agency, items: list[DisputeRow], user: User, now: dt.datetime
) -> dict[str, list[dict[str, Any]]]:
    """Table 四 per year touched: computed before and after writing the rows in a
    transaction that is then rolled back (nothing stays)."""
    years = sorted(
        {
            y
            for i in items
            for y in range(i.filed_on.year, (i.decided_on or i.filed_on).year + 1)
        }
    )[-5:]
    before = {y: table4_cells(agency, y) for y in years}
    after: dict[int, list[int]] = {}
    try:
        with transaction.atomic():
            write(agency, items, user, now, "预览")
            after = {y: table4_cells(agency, y) for y in years}
            raise _Rollback
    except _Rollback:
        pass
    groups = {
        g.key: (f"{g.parent_label}（{g.label}）" if g.parent_label else g.label)
        for g in TABLE4_GROUPS
    }
    results = dict(TABLE4_RESULTS)
    out: dict[str, list[dict[str, Any]]] = {}
    for y in years:
        lines = []
        for index, cell_key in enumerate(TABLE4_KEYS):
            group, _, result = next(
                (g, "_", cell_key.removeprefix(g + "_"))
                for g in groups
                if cell_key.startswith(g + "_")
                and cell_key.removeprefix(g + "_") in results
            )
            b, a = before[y][index], after[y][index]
            if a or b:
                lines.append(
                    {
                        "key": cell_key,
                        "label": f"{groups[group]}·{results[result]}",
                        "before": b,
                        "adds": a - b,
                        "after": a,
                    }
                )
        out[str(y)] = lines
    return out
