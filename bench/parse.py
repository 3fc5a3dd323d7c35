"""Benchmark the parser of published reports: speed, peak memory, cell accuracy.

    .venv/bin/python bench/parse.py [--n 1000] [--pdf-pool 20] [--seed 1]

For the labelled corpus and for ``--n`` generated reports in each input form
(the six text shapes of the corpus, HTML, Word, PDF), prints reports per second
(one process, one core), the peak memory of parsing one report (tracemalloc),
and the share of cells that parse back to the original (labels for the corpus).
PDFs are slow to render, so ``--pdf-pool`` distinct PDFs are rendered and
parsed round-robin up to ``--n``, once with the old pdfplumber-only reader
(the baseline) and once with the PDFium reader. Targets: 100 % of labelled cells; at least
50 text/HTML reports per second per core; PDF at least 5 per second.
"""

from __future__ import annotations

import argparse
import json
import random
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from gongkai.annual.formats import CellKind, get_format
from gongkai.annual.model import Cell, Report
from gongkai.annual.parse import parse_bytes
from gongkai.annual.tests.corpus import corpus_dir
from gongkai.annual.tests.test_parse_forms import NO_BLANKS, TEXT_FORMS


def random_report(rng: random.Random, *, blanks: bool, tiny: bool) -> Report:
    """A consistent report with realistic figures (mostly zeros, some larger)."""

    def small() -> int:
        roll = rng.random()
        if roll < 0.6:
            return 0
        return rng.randint(0, 12 if tiny or roll < 0.9 else 300)

    fid = rng.choice(["2019", "2021"])
    fmt = get_format(fid)
    year = rng.randint(2019, 2020) if fid == "2019" else rng.randint(2021, 2026)
    report = Report.blank(
        agency=rng.choice(["东湖区教育局", "青山县发展和改革局", "某市公安局"]),
        year=year,
        format=fmt,
    )
    columns = []
    for _ in range(6):
        figures = {key: small() for key in fmt.leaf_outcomes}
        total = sum(figures.values())
        forward = small()
        carried = rng.randint(0, total + forward)
        figures.update(
            total=total,
            carried_forward=forward,
            carried_over=carried,
            new_received=total + forward - carried,
        )
        columns.append(figures)
    for key in fmt.table3_keys:
        row: list[Cell] = [c[key] for c in columns]
        row.append(sum(c[key] for c in columns))
        if blanks:
            row = [
                None if (v == 0 and i < 6 and rng.random() < 0.3) else v
                for i, v in enumerate(row)
            ]
        report.table3[key] = row
    table4: list[Cell] = []
    for _ in range(3):
        four = [small() for _ in range(4)]
        table4.extend([*four, sum(four)])
    report.table4 = table4
    for key, (block, _row) in fmt.table2_rows.items():
        cells: list[Cell] = []
        for column in block.columns:
            if column.kind is CellKind.MONEY:
                cells.append(Decimal(rng.randint(0, 10**7)) / 100)
            elif column.kind is CellKind.DELTA:
                cells.append(0 if rng.random() < 0.7 else rng.randint(-20, 20))
            else:
                cells.append(small() if rng.random() < 0.7 else rng.randint(0, 3000))
        report.table2[key] = cells
    report.sections = {
        "overview": "本机关持续深化政务公开。",
        "problems": "政策解读形式仍需丰富。",
        "other": "无。",
    }
    return report


def accuracy(original: Report, parsed: Report | None) -> tuple[int, int]:
    cells = list(original.cells())
    if parsed is None:
        return 0, len(cells)
    got = {info.ref: info.value for info in parsed.cells()}
    return sum(1 for info in cells if got.get(info.ref, "absent") == info.value), len(
        cells
    )


def measure(
    name: str,
    inputs: list[tuple[bytes, str, Report | dict]],
    check: Callable[[object, object], tuple[int, int]],
) -> dict[str, object]:
    started = time.perf_counter()
    results = [parse_bytes(data, filename) for data, filename, _ in inputs]
    elapsed = time.perf_counter() - started
    right = total = 0
    for (_d, _f, expected), result in zip(inputs, results, strict=True):
        r, t = check(expected, result.report)
        right += r
        total += t
    tracemalloc.start()
    peak = 0
    for data, filename, _ in inputs[:20]:
        tracemalloc.reset_peak()
        parse_bytes(data, filename)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
    row = {
        "form": name,
        "reports": len(inputs),
        "per_second": round(len(inputs) / elapsed, 1),
        "peak_mib": round(peak / 2**20, 1),
        "cell_accuracy": round(100 * right / max(total, 1), 3),
    }
    print(
        f"{name:<20} {len(inputs):>6} 份  {row['per_second']:>8} 份/秒  峰值内存 {row['peak_mib']:>6} MiB  单元格正确率 {row['cell_accuracy']:>7} %",
        flush=True,
    )
    return row


def label_check(label: object, parsed: object) -> tuple[int, int]:
    assert isinstance(label, dict)
    right = total = 0
    for table in ("table2", "table3"):
        for key, cells in label.get(table, {}).items():
            got = getattr(parsed, table, {}).get(key) if parsed is not None else None
            for i, cell in enumerate(cells):
                total += 1
                right += got is not None and i < len(got) and got[i] == cell
    got4 = getattr(parsed, "table4", []) if parsed is not None else []
    for i, cell in enumerate(label["table4"]):
        total += 1
        right += i < len(got4) and got4[i] == cell
    return right, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--pdf-pool", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", metavar="FILE", help="also write the numbers as JSON")
    args = parser.parse_args()
    rows = []
    corpus = corpus_dir()
    inputs = []
    for label_path in sorted((corpus / "labels").glob("*.json")):
        label = json.loads(label_path.read_text("utf-8"), parse_float=Decimal)
        source = corpus / "reports" / label["file"]
        inputs.append((source.read_bytes(), source.name, label))
    rows.append(measure("corpus (labelled)", inputs * 20, label_check))
    rng = random.Random(args.seed)
    check: Callable[[object, object], tuple[int, int]] = accuracy  # type: ignore[assignment]
    for form, flatten in TEXT_FORMS.items():
        blanks = form not in NO_BLANKS
        inputs = []
        for _ in range(args.n):
            report = random_report(rng, blanks=blanks, tiny=form == "glued")
            inputs.append((flatten(report).encode("utf-8"), "r.txt", report))
        rows.append(measure(f"text:{form}", inputs, check))
    from gongkai.annual.render import render_docx, render_html, render_pdf

    reports = [random_report(rng, blanks=True, tiny=False) for _ in range(args.n)]
    rows.append(
        measure(
            "html",
            [(render_html(r).encode("utf-8"), "r.html", r) for r in reports],
            check,
        )
    )
    rows.append(
        measure(
            "html:gbk",
            [
                (
                    render_html(r)
                    .replace('charset="utf-8"', 'charset="gbk"')
                    .encode("gb18030"),
                    "r.htm",
                    r,
                )
                for r in reports
            ],
            check,
        )
    )
    rows.append(
        measure("docx", [(render_docx(r), "r.docx", r) for r in reports], check)
    )
    pool = [(render_pdf(r), "r.pdf", r) for r in reports[: args.pdf_pool]]
    pdf_inputs = [pool[i % len(pool)] for i in range(args.n)]
    from gongkai.annual.parse import pdf as pdf_reader

    pdf_reader.ENGINE = "pdfplumber"
    rows.append(measure("pdf (pdfplumber 旧)", pdf_inputs, check))
    pdf_reader.ENGINE = "pdfium"
    rows.append(measure("pdf (pdfium)", pdf_inputs, check))
    if args.json:
        Path(args.json).write_text(
            json.dumps(rows, ensure_ascii=False, indent=1), "utf-8"
        )


if __name__ == "__main__":
    main()
