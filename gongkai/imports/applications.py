"""Applications from a workbook: columns, one row's checks, table 三 tallies, writing.

A row is an application as the agency's old records have it: its 登记号 (the key:
a 登记号 the agency already has is skipped, so a second upload of the same file
changes nothing), applicant, channel and the day it was received, and — if it
was closed — its outcome (a leaf row of table 三) and the day it was closed.
Closed rows become archived applications, open rows registered ones awaiting
分办 with their clocks computed, so last year's carry-over and this year's
table 三 (``gongkai.cases.selectors.table3_counts``) count them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from gongkai.annual.formats import FORMAT_2021
from gongkai.cases.forms.fields import LANDLINE_RE, MOBILE_RE, resident_id_is_valid
from gongkai.cases.models import (
    OUTCOME_LABELS,
    ApplicantType,
    Case,
    Channel,
    IdType,
)
from gongkai.imports.sheets import Column, Row
from gongkai.law import provisions as law

APPLICANT_TYPES = {label: value for value, label in ApplicantType.choices}
CHANNELS = {label: value for value, label in Channel.choices}
ID_TYPES = {label: value for value, label in IdType.choices}
OUTCOMES = {label: key for key, label in OUTCOME_LABELS.items()}

COLUMNS: tuple[Column, ...] = (
    Column(
        "登记号",
        "number",
        True,
        note="本机关原登记号，同一机关内唯一；已导入过的登记号再次上传时跳过。",
        width=20,
    ),
    Column(
        "申请人类型",
        "applicant_type",
        True,
        tuple(APPLICANT_TYPES),
        "表三的六类申请人之一。",
    ),
    Column("申请人姓名或名称", "applicant_name", True, width=22),
    Column("身份证明类型", "id_type", False, tuple(ID_TYPES), "不填为居民身份证。"),
    Column("证件号码", "id_number", True, note="居民身份证号码校验末位。", width=22),
    Column("联系电话", "phone", True, note="手机号码11位，或固定电话（含区号）。"),
    Column("所需信息描述", "description", True, width=40),
    Column("提交渠道", "channel", True, tuple(CHANNELS)),
    Column(
        "收到申请日期",
        "received_on",
        True,
        note=f"{law.ART_31.short_zh}确定的收到申请之日，格式 2025-03-04。",
    ),
    Column(
        "处理结果",
        "outcome",
        False,
        tuple(OUTCOMES),
        "已办结的填写，取表三的办理结果，与办结日期同时填写。",
        30,
    ),
    Column(
        "办结日期",
        "closed_on",
        False,
        note="答复或终止之日；未办结的不填（结转下年度）。",
    ),
)
EXAMPLE = (
    "XX-2025-0001",
    "自然人",
    "张三",
    "居民身份证",
    "11010519491231002X",
    "13812345678",
    "请公开2024年本市老旧小区改造项目的资金使用情况",
    "当面提交",
    "2025-03-04",
    OUTCOME_LABELS["granted"],
    "2025-03-20",
)
MAX_LENGTHS = {
    "number": Case._meta.get_field("number").max_length,
    "applicant_name": Case._meta.get_field("applicant_name").max_length,
    "id_number": Case._meta.get_field("id_number").max_length,
    "phone": Case._meta.get_field("phone").max_length,
}
HEADERS = {c.field: c.header for c in COLUMNS}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass(frozen=True)
class Problem:
    row: int
    column: str  # the Chinese header, or "" for the whole row
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class Application:
    row: int
    number: str
    applicant_type: str
    applicant_name: str
    id_type: str
    id_number: str
    phone: str
    description: str
    channel: str
    received_on: dt.date
    outcome: str
    closed_on: dt.date | None


def parse_date(text: str) -> dt.date | None:
    match = _DATE.match(text.strip())
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def parse_row(row: Row, *, today: dt.date) -> Application | list[Problem]:
    """One row as an application, or every problem it has (one per column)."""
    v = row.values
    problems: list[Problem] = []

    def bad(field_name: str, message: str) -> None:
        problems.append(Problem(row.number, HEADERS[field_name], message))

    for column in COLUMNS:
        if column.required and not v.get(column.field):
            bad(column.field, "必填，不能为空。")
    for name, limit in MAX_LENGTHS.items():
        if limit and len(v.get(name, "")) > limit:
            bad(name, f"不能超过{limit}个字。")

    def choice(name: str, table: dict[str, str], default: str = "") -> str:
        text = v.get(name, "")
        if not text:
            return default
        if text in table:
            return table[text]
        if text in table.values():
            return text
        bad(name, f"“{text}”不是可选值，请从模板的下拉列表中选择。")
        return default

    applicant_type = choice("applicant_type", APPLICANT_TYPES)
    id_type = choice("id_type", ID_TYPES, IdType.RESIDENT_ID)
    channel = choice("channel", CHANNELS)
    outcome = choice("outcome", OUTCOMES)
    id_number = v.get("id_number", "").upper().replace(" ", "")
    if (
        id_number
        and id_type == IdType.RESIDENT_ID
        and not resident_id_is_valid(id_number)
    ):
        bad("id_number", "居民身份证号码无效，请核对（18位，末位可为X）。")
    phone = re.sub(r"[\s()（）]", "", v.get("phone", ""))
    if phone and not (MOBILE_RE.match(phone) or LANDLINE_RE.match(phone)):
        bad("phone", "应为11位手机号码或含区号的固定电话。")
    received_on = closed_on = None
    if v.get("received_on"):
        received_on = parse_date(v["received_on"])
        if received_on is None:
            bad("received_on", f"“{v['received_on']}”不是有效日期，格式如 2025-03-04。")
        elif received_on > today:
            bad("received_on", "不能晚于今天。")
    if v.get("closed_on"):
        closed_on = parse_date(v["closed_on"])
        if closed_on is None:
            bad("closed_on", f"“{v['closed_on']}”不是有效日期，格式如 2025-03-04。")
        elif closed_on > today:
            bad("closed_on", "不能晚于今天。")
        elif received_on is not None and closed_on < received_on:
            bad("closed_on", "不能早于收到申请日期。")
    if v.get("closed_on") and not v.get("outcome"):
        bad("outcome", "填写了办结日期的，须同时填写处理结果。")
    if v.get("outcome") and not v.get("closed_on"):
        bad("closed_on", "填写了处理结果的，须同时填写办结日期。")
    if problems:
        return problems
    assert received_on is not None
    return Application(
        row=row.number,
        number=v["number"],
        applicant_type=applicant_type,
        applicant_name=v["applicant_name"],
        id_type=id_type,
        id_number=id_number,
        phone=phone,
        description=v["description"],
        channel=channel,
        received_on=received_on,
        outcome=outcome,
        closed_on=closed_on,
    )


# -- the effect on table 三 ----------------------------------------------------------

#: The rows of table 三 the preview shows (2021 keys; labels read from the format).
PERIOD_ROWS = ("new_received", "carried_over", "total", "carried_forward")


@dataclass
class Tally:
    """Table 三 figures (row key → applicant column → count) of some applications."""

    cells: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )

    def add(self, row: str, column: str) -> None:
        self.cells[row][column] += 1

    def total(self, row: str) -> int:
        return sum(self.cells.get(row, {}).values())


def tally(applications: Iterable[Application], year: int) -> Tally:
    """Where each application counts in table 三 of ``year``: the same four
    conditions as ``gongkai.cases.selectors._period_q``, over the file's rows."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    result = Tally()
    for a in applications:
        column = a.applicant_type
        if start <= a.received_on <= end:
            result.add("new_received", column)
        if a.received_on < start and (a.closed_on is None or a.closed_on >= start):
            result.add("carried_over", column)
        if a.closed_on is not None and start <= a.closed_on <= end:
            result.add(a.outcome, column)
            result.add("total", column)
        if a.received_on <= end and (a.closed_on is None or a.closed_on > end):
            result.add("carried_forward", column)
    return result


def years_touched(applications: Iterable[Application]) -> list[int]:
    years: set[int] = set()
    for a in applications:
        last = (a.closed_on or a.received_on).year
        years.update(range(a.received_on.year, last + 1))
    return sorted(years)


def row_label(key: str) -> str:
    if key in FORMAT_2021.leaf_outcomes:
        return FORMAT_2021.outcome_label(key)
    return FORMAT_2021.table3_by_key[key].label
