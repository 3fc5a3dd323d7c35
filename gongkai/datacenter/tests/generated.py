"""Generated published reports for the data center's tests and bench.

``series(agency, years, rng)`` gives one agency's consistent reports over
consecutive years: every identity of table 三 holds and each year's 上年结转
equals the year before's 结转下年度. ``published_html(report, signed)`` renders
one as the official HTML page with a signature date as its last line (what
an agency posts). Problems are planted on purpose by the callers
(``break_carry_over``, ``break_total``), so that a test knows what the data
center must find.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from gongkai.annual.formats import TABLE3_COLUMN_KEYS, CellKind, format_for_year
from gongkai.annual.model import Cell, Report
from gongkai.annual.render.html import render_html

N_APPLICANT_COLUMNS = len(TABLE3_COLUMN_KEYS) - 1


def _small(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.5:
        return 0
    return rng.randint(1, 9 if roll < 0.9 else 60)


def series(agency: str, years: list[int], rng: random.Random) -> list[Report]:
    """Consistent reports of ``agency`` for ``years`` (consecutive, ascending)."""
    out: list[Report] = []
    forward: list[int] = [rng.randint(0, 3) for _ in range(N_APPLICANT_COLUMNS)]
    for year in years:
        fmt = format_for_year(year)
        report = Report.blank(agency=agency, year=year, format=fmt)
        columns = []
        for index in range(N_APPLICANT_COLUMNS):
            figures = {key: _small(rng) for key in fmt.leaf_outcomes}
            total = sum(figures.values())
            carried = forward[index]
            next_forward = _small(rng) // 3
            new = total + next_forward - carried
            if new < 0:  # more carried in than handled: handle the rest as 予以公开
                figures["granted"] += -new
                total += -new
                new = 0
            figures.update(
                total=total,
                carried_over=carried,
                carried_forward=next_forward,
                new_received=new,
            )
            columns.append(figures)
            forward[index] = next_forward
        for key in fmt.table3_keys:
            row: list[Cell] = [c[key] for c in columns]
            row.append(sum(c[key] for c in columns))
            report.table3[key] = row
        table4: list[Cell] = []
        for _ in range(3):
            four = [_small(rng) // 3 for _ in range(4)]
            table4.extend([*four, sum(four)])
        report.table4 = table4
        for key, (block, _row) in fmt.table2_rows.items():
            cells: list[Cell] = []
            for column in block.columns:
                if column.kind is CellKind.MONEY:
                    cells.append(Decimal(rng.randint(0, 500)) / 100)
                else:
                    cells.append(rng.randint(0, 40))
            report.table2[key] = cells
        report.sections = {
            "overview": f"{year}年，本机关认真贯彻《中华人民共和国政府信息公开条例》。\n"
            f"全年主动公开政府信息{rng.randint(50, 900)}条。",
            "problems": "政策解读的形式还不够丰富。\n下一步将加强培训。",
            "other": "本机关未收取信息处理费。",
        }
        out.append(report)
    return out


def break_carry_over(report: Report, by: int = 2) -> None:
    """Plant a carry-over break: 上年结转 no longer equals last year's 结转下年度.

    本年新收 is lowered by the same amount, so the report itself still balances
    and only the year-over-year check can find it.
    """
    carried = report.table3["carried_over"]
    new = report.table3["new_received"]
    carried[0] = int(carried[0] or 0) + by  # type: ignore[arg-type]
    carried[-1] = int(carried[-1] or 0) + by  # type: ignore[arg-type]
    if int(new[0] or 0) >= by:  # type: ignore[arg-type]
        new[0] = int(new[0] or 0) - by  # type: ignore[arg-type]
        new[-1] = int(new[-1] or 0) - by  # type: ignore[arg-type]
    else:
        report.table3["granted"][0] = int(report.table3["granted"][0] or 0) + by  # type: ignore[arg-type]
        report.table3["granted"][-1] = int(report.table3["granted"][-1] or 0) + by  # type: ignore[arg-type]
        report.table3["total"][0] = int(report.table3["total"][0] or 0) + by  # type: ignore[arg-type]
        report.table3["total"][-1] = int(report.table3["total"][-1] or 0) + by  # type: ignore[arg-type]


def break_total(report: Report, by: int = 5) -> None:
    """Plant an arithmetic error: 予以公开's 总计 no longer adds up."""
    row = report.table3["granted"]
    row[-1] = int(row[-1] or 0) + by  # type: ignore[arg-type]


def signed_on(report: Report, day: dt.date) -> None:
    """End the report with the agency and a signature date, as published."""
    report.sections["other"] = (
        report.sections.get("other", "")
        + f"\n{report.agency}\n{day.year}年{day.month}月{day.day}日"
    )


def published_html(report: Report) -> bytes:
    return render_html(report).encode("utf-8")


NOT_A_REPORT = (
    "关于开展2024年度政务公开工作培训的通知\n"
    "各乡镇人民政府、街道办事处，区政府各部门：\n"
    "为提升政务公开工作水平，定于2024年5月举办培训班。请各单位选派1名同志参加。\n"
    "特此通知。\n示例区人民政府办公室\n2024年4月20日\n"
).encode()


def blank_template(year: int = 2021) -> bytes:
    """The national template as an agency downloads it: every figure blank."""
    return render_html(Report.blank(agency="", year=year)).encode("utf-8")
