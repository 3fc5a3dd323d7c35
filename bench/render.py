"""Benchmark: render 1,000 generated reports to HTML and to Word, and check them.

Run: .venv/bin/python bench/render.py [N] [--baseline-sample M]

Reports are generated with random but valid figures (every identity of
legal.md §2.5 holds), half in the 2019 format and half in the 2021 format,
with an overview of a few hundred characters. For each report the bench times

- HTML: ``render_html`` (table skeletons cached per format) against a
  baseline that rebuilds the layout for every report;
- Word: ``render_docx`` (table XML built once per format and copied) against
  ``render_docx_uncached``, which draws every table with python-docx each time.
  The baseline is slow, so it runs on a sample (default 100 reports); both
  paths must produce the same ``word/document.xml`` on that sample;
- the rule check, ``gongkai.annual.rules.check``, when that module exists.

Times are wall-clock per report (mean), single process.
"""

from __future__ import annotations

import argparse
import importlib
import io
import random
import sys
import time
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere

from gongkai.annual.formats import (
    APPLICANT_TYPES,
    FORMAT_2019,
    FORMAT_2021,
    TABLE4_GROUPS,
    CellKind,
    ReportFormat,
)
from gongkai.annual.model import Cell, Report
from gongkai.annual.render import render_docx, render_html
from gongkai.annual.render.docx import render_docx_uncached
from gongkai.annual.render.html import render_document_html
from gongkai.annual.render.layout import document_layout

SENTENCE = (
    "本机关坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开。"
)


def generate(rng: random.Random, fmt: ReportFormat, index: int) -> Report:
    """A report with random figures that satisfy every official identity."""
    year = rng.choice([2019, 2020]) if fmt is FORMAT_2019 else rng.randint(2021, 2025)
    report = Report.blank(agency=f"第{index}号测试局", year=year, format=fmt)
    for key, (block, _row) in fmt.table2_rows.items():
        row: list[Cell] = []
        for column in block.columns:
            if column.kind is CellKind.MONEY:
                row.append(Decimal(rng.randint(0, 999_999)) / 100)
            elif column.kind is CellKind.DELTA:
                row.append(rng.randint(-5, 5))
            else:
                row.append(rng.randint(0, 300))
        report.table2[key] = row
    table3: dict[str, list[Cell]] = {key: [] for key in fmt.table3_keys}
    for _column in APPLICANT_TYPES:
        leaves = {
            k: rng.choice([0, 0, 0, rng.randint(0, 40)]) for k in fmt.leaf_outcomes
        }
        closed = sum(leaves.values())
        carried_forward = rng.randint(0, 5)
        carried_over = rng.randint(0, closed + carried_forward)
        figures = {
            **leaves,
            "total": closed,
            "carried_forward": carried_forward,
            "carried_over": carried_over,
            "new_received": closed + carried_forward - carried_over,
        }
        for key in fmt.table3_keys:
            table3[key].append(figures[key])
    for values in table3.values():
        values.append(sum(v for v in values if isinstance(v, int)))
    report.table3 = table3
    table4: list[Cell] = []
    for _group in TABLE4_GROUPS:
        results = [rng.randint(0, 3) for _ in range(4)]
        table4.extend([*results, sum(results)])
    report.table4 = table4
    report.sections = {
        "overview": "\n".join(SENTENCE * rng.randint(2, 6) for _ in range(4)),
        "problems": SENTENCE * 3,
        "other": "本年度未收取信息处理费。",
    }
    return report


def per_report(func: Callable[[Report], Any], reports: list[Report]) -> float:
    start = time.perf_counter()
    for report in reports:
        func(report)
    return (time.perf_counter() - start) / len(reports)


def html_fresh_layout(report: Report) -> str:
    return render_document_html(document_layout(report, cached=False))


def document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read("word/document.xml")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=1000)
    parser.add_argument("--baseline-sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    reports = [
        generate(rng, FORMAT_2019 if i % 2 else FORMAT_2021, i) for i in range(args.n)
    ]
    sample = reports[: min(args.baseline_sample, args.n)]
    # Warm the per-format caches so the first report does not pay for them.
    for report in reports[:2]:
        render_html(report)
        render_docx(report)

    rows: list[tuple[str, int, float]] = []
    rows.append(
        (
            "HTML  render_html (cached layout)",
            len(reports),
            per_report(render_html, reports),
        )
    )
    rows.append(
        (
            "HTML  baseline: layout rebuilt per report",
            len(reports),
            per_report(html_fresh_layout, reports),
        )
    )
    rows.append(
        (
            "Word  render_docx (cached table XML)",
            len(reports),
            per_report(render_docx, reports),
        )
    )
    rows.append(
        (
            "Word  baseline: tables drawn with python-docx",
            len(sample),
            per_report(render_docx_uncached, sample),
        )
    )
    same = all(
        document_xml(render_docx(r)) == document_xml(render_docx_uncached(r))
        for r in sample[:20]
    )
    try:
        rules = importlib.import_module("gongkai.annual.rules")
    except ModuleNotFoundError:
        rules = None
    if rules is not None and hasattr(rules, "check"):
        errors = sum(
            1 for r in reports for f in rules.check(r) if str(f.severity) == "error"
        )
        rows.append(
            (
                "check gongkai.annual.rules.check",
                len(reports),
                per_report(rules.check, reports),
            )
        )
    else:
        errors = -1
        print("（gongkai.annual.rules.check 尚不存在，跳过检查计时）")

    print(f"{'':46} {'reports':>8} {'ms/report':>10}")
    for name, count, seconds in rows:
        print(f"{name:46} {count:>8} {seconds * 1000:>10.2f}")
    html_speedup = rows[1][2] / rows[0][2]
    docx_speedup = rows[3][2] / rows[2][2]
    print(f"\nHTML cache speed-up ×{html_speedup:.1f}", end="; ")
    print(f"Word cache speed-up ×{docx_speedup:.1f}")
    print(
        f"cached and uncached .docx identical on {min(20, len(sample))} reports: {same}"
    )
    if errors >= 0:
        print(f"rule errors on the generated (valid) reports: {errors}")
    return 0 if same and errors <= 0 else 1


if __name__ == "__main__":
    sys.exit(main())
