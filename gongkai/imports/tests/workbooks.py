"""Workbooks for the import tests, filled in as an agency would fill the template."""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

from openpyxl import load_workbook

from gongkai.cases.models import OUTCOME_LABELS
from gongkai.imports.applications import COLUMNS, EXAMPLE
from gongkai.imports.sheets import template


def resident_id(body: str) -> str:
    """``body`` (17 digits) with its GB 11643 check character."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


#: Valid resident ID numbers (check character right) to draw from.
IDS = tuple(resident_id(f"37010219800101{n:03d}") for n in range(1, 8))
TYPES = ("自然人", "自然人", "自然人", "商业企业", "法律服务机构", "其他组织")
CHANNELS = ("当面提交", "互联网（在线申请）", "邮寄（需签收）", "电子邮件")


def book_bytes(rows: list[list[Any]]) -> bytes:
    """The template with ``rows`` in place of its example row."""
    book = load_workbook(io.BytesIO(template("依申请公开件", COLUMNS, EXAMPLE)))
    sheet = book.worksheets[0]
    sheet.delete_rows(2)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def application_rows(n: int, *, seed: int = 7, prefix: str = "OLD") -> list[list[Any]]:
    """``n`` plausible applications over 2024–2025: most closed, some carried over."""
    rng = random.Random(seed)
    outcomes = list(OUTCOME_LABELS.values())
    rows = []
    for i in range(n):
        received = dt.date(2024, 1, 2) + dt.timedelta(days=rng.randrange(0, 700))
        closed = received + dt.timedelta(days=rng.randrange(1, 40))
        open_case = rng.random() < 0.08 or closed > dt.date(2026, 2, 27)
        rows.append(
            [
                f"{prefix}-{received.year}-{i:05d}",
                rng.choice(TYPES),
                f"申请人{i}",
                "居民身份证" if i % 3 else "",
                rng.choice(IDS),
                f"138{i:08d}",
                f"请公开第{i}号文件的相关信息",
                rng.choice(CHANNELS),
                received,  # an Excel date cell
                "" if open_case else rng.choice(outcomes),
                "" if open_case else closed.isoformat(),
            ]
        )
    return rows
