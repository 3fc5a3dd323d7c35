"""Property tests: a random valid report, written out in every form reports
circulate in, parses back to the same report.

Text forms (the corpus's shapes, flattened here): one cell per line with tab
indents (text copied out of Word), tab-separated rows, ``|``-separated rows,
Markdown tables, PDF-to-text with labels on their own lines (and broken over
lines around the figures), and cells glued together with no separator. Rendered
forms, through the core's renderers: HTML (UTF-8 and GBK), Word (.docx) and PDF.

In the glued form a run of digits can have several readings that the table's
arithmetic cannot tell apart; the parser must then say so: every cell that
comes back different is named by a ``parse.ambiguous_split`` finding.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual.formats import (
    SECTION_HEADINGS,
    TABLE2_HEADER_LABEL,
    TABLE3_COLUMNS,
    TABLE3_NOTE,
    TABLE4_GROUPS,
    TABLE4_RESULTS,
    CellKind,
    ReportFormat,
    get_format,
)
from gongkai.annual.model import Cell, Report, format_cell
from gongkai.annual.parse import ParseResult, parse_bytes

AGENCY_ENDINGS = (
    "市人民政府办公室",
    "县发展和改革局",
    "区教育局",
    "镇人民政府",
    "市公安局",
)
SENTENCES = (
    "本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开。",
    "全年主动公开政府信息一千余条，及时回应社会关切。",
    "依申请公开工作规范有序，均在法定期限内答复。",
    "政策解读的形式仍需丰富，下一步将加强培训。",
    "本年度未收取信息处理费。",
    "无。",
)

# -- random valid reports ----------------------------------------------------------

SMALL = st.one_of(st.just(0), st.just(0), st.integers(0, 9), st.integers(10, 400))
#: Crawled reports with glued cells are mostly zeros and small counts.
TINY = st.one_of(st.just(0), st.just(0), st.just(0), st.integers(0, 12))


@st.composite
def reports(draw: st.DrawFn, *, blanks: bool = True, tiny: bool = False) -> Report:
    """A report whose every identity holds; blanks and "/" only where allowed."""
    small = TINY if tiny else SMALL
    fid = draw(st.sampled_from(["2019", "2021"]))
    fmt = get_format(fid)
    year = draw(st.integers(2019, 2020) if fid == "2019" else st.integers(2021, 2026))
    agency = draw(st.text("东西南北青山江河湖海平安", min_size=2, max_size=4)) + draw(
        st.sampled_from(AGENCY_ENDINGS)
    )
    report = Report.blank(agency=agency, year=year, format=fmt)
    columns: list[dict[str, int]] = []
    for _ in range(6):
        figures = {key: draw(small) for key in fmt.leaf_outcomes}
        total = sum(figures.values())
        forward = draw(small)
        carried = draw(st.integers(0, total + forward))
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
        report.table3[key] = row
    table4: list[Cell] = []
    for _group in range(3):
        four = [draw(small) for _ in range(4)]
        table4.extend([*four, sum(four)])
    report.table4 = table4
    for key, (block, _row) in fmt.table2_rows.items():
        cells: list[Cell] = []
        for column in block.columns:
            if column.kind is CellKind.MONEY:
                cents = draw(st.integers(0, 10**9))
                cells.append(Decimal(cents) / 100 if draw(st.booleans()) else cents)
            elif column.kind is CellKind.DELTA:
                cells.append(draw(st.one_of(st.just(0), st.integers(-60, 60))))
            else:
                cells.append(draw(st.one_of(small, st.integers(0, 5000))))
        report.table2[key] = cells
    if blanks and draw(st.booleans()):
        # blank, 0 and "/" stay distinct: blank some zero cells, slash others
        rng = random.Random(draw(st.integers(0, 2**32)))
        for row in report.table3.values():
            for i in range(6):
                if row[i] == 0 and rng.random() < 0.5:
                    row[i] = None
        for i in range(15):
            if report.table4[i] == 0 and rng.random() < 0.3:
                report.table4[i] = "/" if rng.random() < 0.5 else None
    report.sections = {
        key: "\n".join(
            draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3))
        )
        for key in ("overview", "problems", "other")
    }
    return report


# -- flattening a report to text, in the corpus's shapes ------------------------------

type Row = tuple[list[str], list[str]]  # label cells, value cells


def _table_rows(report: Report) -> dict[str, list[Row]]:
    fmt: ReportFormat = report.format
    t2: list[Row] = []
    for block in fmt.table2:
        t2.append(([block.heading], []))
        t2.append(([TABLE2_HEADER_LABEL, *(c.label for c in block.columns)], []))
        for row in block.rows:
            t2.append(([row.label], [format_cell(c) for c in report.table2[row.key]]))
    t3: list[Row] = [
        ([TABLE3_NOTE, "申请人情况"], []),
        (["自然人", "法人或其他组织", "总计"], []),
        ([c.label for c in TABLE3_COLUMNS[1:6]], []),
    ]
    seen: set[str] = set()
    for row in fmt.table3_rows:
        labels: list[str] = []
        group = row.group
        chain = []
        while group is not None:
            chain.insert(0, fmt.table3_groups_by_key[group])
            group = chain[0].parent
        for g in chain:
            if g.key not in seen:
                labels.append(g.label)
                seen.add(g.key)
        labels.append(row.label)
        t3.append((labels, [format_cell(c) for c in report.table3[row.key]]))
    t4: list[Row] = [
        ([g.label for g in TABLE4_GROUPS[:1]] + ["行政诉讼"], []),
        (
            [label for _k, label in TABLE4_RESULTS]
            + [g.label for g in TABLE4_GROUPS[1:]],
            [],
        ),
        ([label for _k, label in TABLE4_RESULTS] * 2, []),
        ([], [format_cell(c) for c in report.table4]),
    ]
    return {"table2": t2, "table3": t3, "table4": t4}


def _document(
    report: Report, emit: Callable[[list[Row]], list[str]], *, glue: str = "\n"
) -> str:
    rows = _table_rows(report)
    heads = {s.key: s.heading for s in SECTION_HEADINGS}
    parts = [
        f"{report.agency}{report.year}年政府信息公开工作年度报告",
        f"本报告所列数据的统计期限自{report.year}年1月1日起至{report.year}年12月31日止。",
    ]
    body: list[str] = []
    for key in ("overview", "table2", "table3", "table4", "problems", "other"):
        body.append(heads[key])
        if key.startswith("table"):
            body.extend(emit(rows[key]))
        else:
            body.append(report.sections[key])
    return "\n".join(parts) + "\n" + glue.join(body) + "\n"


def one_cell_per_line(report: Report) -> str:
    """Text copied out of Word: each cell on its own tab-indented line."""

    def emit(rows: list[Row]) -> list[str]:
        out = []
        for labels, values in rows:
            out.extend(f"\t{c}" for c in [*labels, *values])
            out.append("")
        return out

    return _document(report, emit)


def tab_rows(report: Report) -> str:
    return _document(report, lambda rows: ["\t".join([*lab, *v]) for lab, v in rows])


def pipe_rows(report: Report) -> str:
    return _document(
        report, lambda rows: [" | ".join([*lab, *v]) for lab, v in rows if lab or v]
    )


def markdown(report: Report) -> str:
    def emit(rows: list[Row]) -> list[str]:
        out = []
        for i, (labels, values) in enumerate(rows):
            cells = [*labels, *values]
            out.append("| " + " | ".join(cells) + " |")
            if i == 0:
                out.append("|" + "---|" * len(cells))
        return out

    return _document(report, emit)


def pdf_text(report: Report) -> str:
    """PDF-to-text: labels apart from their figures, long labels broken around them."""

    def emit(rows: list[Row]) -> list[str]:
        out = []
        for labels, values in rows:
            text = "".join(labels)
            if values and len(text) > 14:
                out.extend([text[:10], " ".join(values), text[10:]])
            else:
                out.append(text)
                if values:
                    out.append(" ".join(values))
        return out

    return _document(report, emit)


def glued(report: Report) -> str:
    """Crawler text: the whole body on one line, every cell run together."""
    return _document(
        report, lambda rows: ["".join([*lab, *v]) for lab, v in rows], glue=""
    )


TEXT_FORMS: dict[str, Callable[[Report], str]] = {
    "one_cell_per_line": one_cell_per_line,
    "tab_rows": tab_rows,
    "pipe_rows": pipe_rows,
    "markdown": markdown,
    "pdf_text": pdf_text,
    "glued": glued,
}
#: Forms that cannot show a blank cell (it vanishes between separators).
NO_BLANKS = frozenset({"pdf_text", "glued"})


# -- comparing -----------------------------------------------------------------------


def cell_differences(original: Report, parsed: Report) -> set[str]:
    got = {info.ref: info.value for info in parsed.cells()}
    return {
        info.ref
        for info in original.cells()
        if got.get(info.ref, "absent") != info.value
        or type(got.get(info.ref)) is str is not type(info.value)
    }


def _flagged(result: ParseResult) -> set[str]:
    return {
        ref
        for f in result.findings
        if f.rule in ("parse.ambiguous_split", "parse.split_failed")
        for ref in f.cells
    }


def assert_same_report(
    original: Report, result: ParseResult, *, exact_sections: bool
) -> None:
    assert result.ok, result.error
    parsed = result.report
    assert parsed is not None
    assert (parsed.agency, parsed.year, parsed.format.id) == (
        original.agency,
        original.year,
        original.format.id,
    )
    assert cell_differences(original, parsed) == set()
    for key, text in original.sections.items():
        got = parsed.sections.get(key, "")
        if exact_sections:
            assert got == text, key
        else:
            assert "".join(got.split()) == "".join(text.split()), key


# -- text forms ------------------------------------------------------------------------

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.mark.parametrize("form", sorted(set(TEXT_FORMS) - {"glued"}))
@SETTINGS
@given(data=st.data())
def test_a_report_flattened_to_text_parses_back_identically(
    form: str, data: st.DataObject
) -> None:
    report = data.draw(reports(blanks=form not in NO_BLANKS))
    text = TEXT_FORMS[form](report)
    result = parse_bytes(text.encode("utf-8"), "report.txt")
    assert_same_report(report, result, exact_sections=True)


@SETTINGS
@given(report=reports(blanks=False, tiny=True))
def test_a_glued_report_parses_back_or_names_every_cell_it_cannot_be_sure_of(
    report: Report,
) -> None:
    """Cells run together: the arithmetic decides; what it cannot is flagged."""
    result = parse_bytes(glued(report).encode("utf-8"), "page.txt")
    assert result.ok, result.error
    assert result.report is not None
    assert cell_differences(report, result.report) <= _flagged(result)


# -- rendered forms ----------------------------------------------------------------------


def _html(report: Report) -> bytes:
    from gongkai.annual.render import render_html

    return render_html(report).encode("utf-8")


def _gbk_html(report: Report) -> bytes:
    from gongkai.annual.render import render_html

    page = render_html(report)
    page = page.replace('charset="utf-8"', 'charset="gbk"').replace(
        "charset=utf-8", "charset=gbk"
    )
    return page.encode("gb18030")


def _html_in_site_chrome(report: Report) -> bytes:
    from gongkai.annual.render import render_html

    fragment = render_html(report, standalone=False)
    chrome = (
        "<html><head><meta charset='utf-8'><title>政府信息公开</title></head><body>"
        "<div class='nav'><table><tr><td>首页</td><td>政务公开</td><td>2023年12月</td></tr></table></div>"
        f"<div class='content'>{fragment}</div>"
        "<div class='footer'>主办单位：某市人民政府办公室 网站标识码 3213220037</div></body></html>"
    )
    return chrome.encode("utf-8")


def _docx(report: Report) -> bytes:
    from gongkai.annual.render import render_docx

    return render_docx(report)


RENDERED: dict[str, tuple[Callable[[Report], bytes], str]] = {
    "html": (_html, "r.html"),
    "html_gbk": (_gbk_html, "r.htm"),
    "html_in_chrome": (_html_in_site_chrome, "page.shtml"),
    "docx": (_docx, "r.docx"),
}


@pytest.mark.parametrize("form", sorted(RENDERED))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_a_rendered_report_parses_back_identically(form: str, report: Report) -> None:
    render, name = RENDERED[form]
    result = parse_bytes(render(report), name)
    assert_same_report(report, result, exact_sections=False)


@pytest.mark.slow
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_a_report_rendered_to_pdf_parses_back_identically(report: Report) -> None:
    from gongkai.annual.render import RenderError, render_pdf

    try:
        data = render_pdf(report)
    except RenderError as exc:
        pytest.skip(f"PDF rendering unavailable here: {exc}")
    result = parse_bytes(data, "r.pdf")
    assert result.source_kind == "pdf"
    assert_same_report(report, result, exact_sections=False)
