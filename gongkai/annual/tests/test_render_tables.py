"""Tables 二, 三 and 四 in the national template's layout, in HTML and in Word.

Each table is read back from the rendered document (HTML with lxml, .docx
with python-docx and its XML: ``gridSpan`` / ``vMerge``) into a grid of
(row, column, rowspan, colspan, text) and compared with the official layout of
国办公开办函〔2019〕60号 and 〔2021〕30号 (legal.md §2.2–§2.4, §3.1–§3.3).
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import docx
import lxml.html
import pytest
from docx.oxml.ns import qn

from gongkai.annual.formats import (
    APPLICANT_GROUP_LABEL,
    ORGANISATION_GROUP_LABEL,
    TABLE2_HEADER_LABEL,
    TABLE3_COLUMNS,
    TABLE4_GROUPS,
    TABLE4_RESULTS,
    get_format,
)
from gongkai.annual.model import Report
from gongkai.annual.render import render_docx, render_html

TABLE_KEYS = ("table2", "table3", "table4")


@dataclass(frozen=True)
class Seen:
    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    header: bool  # <th> in HTML; in Word, any cell that is not a figure


def html_grids(report: Report) -> dict[str, list[Seen]]:
    root = lxml.html.fromstring(render_html(report))
    grids: dict[str, list[Seen]] = {}
    for table in root.iter("table"):
        taken: set[tuple[int, int]] = set()
        cells: list[Seen] = []
        for r, tr in enumerate(table.iter("tr")):
            col = 0
            for el in tr:
                if el.tag not in ("th", "td"):
                    continue
                while (r, col) in taken:
                    col += 1
                rs, cs = int(el.get("rowspan", 1)), int(el.get("colspan", 1))
                taken.update((r + i, col + j) for i in range(rs) for j in range(cs))
                cells.append(Seen(r, col, rs, cs, el.text_content(), el.tag == "th"))
                col += cs
        grids[table.get("data-table")] = cells
    return grids


def docx_grids(report: Report) -> dict[str, list[Seen]]:
    document = docx.Document(io.BytesIO(render_docx(report)))
    grids: dict[str, list[Seen]] = {}
    for key, table in zip(TABLE_KEYS, document.tables, strict=True):
        starts: dict[tuple[int, int], list[int | str]] = {}
        continues: set[tuple[int, int]] = set()
        for r, tr in enumerate(table._tbl.tr_lst):
            col = 0
            for tc in tr.tc_lst:
                span = tc.grid_span
                v_merge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
                if v_merge is not None and v_merge.get(qn("w:val")) != "restart":
                    continues.add((r, col))
                else:
                    text = "".join(
                        p.text for p in docx.table._Cell(tc, table).paragraphs
                    )
                    starts[(r, col)] = [1, span, text]
                col += span
        for (r, col), entry in starts.items():
            below = r + 1
            while (below, col) in continues:
                entry[0] = int(entry[0]) + 1
                below += 1
        grids[key] = [
            Seen(r, c, int(rs), int(cs), str(text), header=False)
            for (r, c), (rs, cs, text) in sorted(starts.items())
        ]
    return grids


READERS = {"html": html_grids, "docx": docx_grids}


def filled(format_id: str) -> Report:
    report = Report.blank(agency="某县某局", year=2020 if format_id == "2019" else 2023)
    for row_index, key in enumerate(report.table3):
        report.table3[key] = [row_index * 10 + i for i in range(7)]
    report.table4 = list(range(100, 115))
    return report


@pytest.fixture(params=[(r, f) for r in READERS for f in ("2019", "2021")], ids=str)
def grids(request: pytest.FixtureRequest) -> tuple[dict[str, list[Seen]], str]:
    reader, format_id = request.param
    return READERS[reader](filled(format_id)), format_id


def at(cells: list[Seen], text: str) -> list[Seen]:
    return [c for c in cells if c.text == text]


def only(cells: list[Seen], text: str) -> Seen:
    found = at(cells, text)
    assert len(found) == 1, f"{text!r} appears {len(found)} times"
    return found[0]


def place(cell: Seen) -> tuple[int, int, int, int]:
    return (cell.row, cell.col, cell.rowspan, cell.colspan)


# -- table 三 --------------------------------------------------------------------


def test_table3_head_has_the_corner_note_and_the_applicant_spans(grids):
    cells, format_id = grids[0]["table3"], grids[1]
    fmt = get_format(format_id)
    assert place(only(cells, fmt.table3_note)) == (0, 0, 3, 3)
    assert place(only(cells, APPLICANT_GROUP_LABEL)) == (0, 3, 1, 7)
    assert place(only(cells, "自然人")) == (1, 3, 2, 1)
    assert place(only(cells, ORGANISATION_GROUP_LABEL)) == (1, 4, 1, 5)
    assert place(only(cells, "总计")) == (1, 9, 2, 1)
    organisations = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert [place(only(cells, t)) for t in organisations] == [
        (2, 4 + i, 1, 1) for i in range(5)
    ]


def test_table3_group_cells_span_their_sub_rows(grids):
    cells, format_id = grids[0]["table3"], grids[1]
    results_rows = 22 if format_id == "2021" else 20
    assert place(only(cells, "三、本年度办理结果")) == (5, 0, results_rows, 1)
    assert place(only(cells, "（三）不予公开")) == (7, 1, 8, 1)
    assert place(only(cells, "（四）无法提供")) == (15, 1, 3, 1)
    assert place(only(cells, "（五）不予处理")) == (18, 1, 5, 1)
    if format_id == "2021":
        assert place(only(cells, "（六）其他处理")) == (23, 1, 3, 1)
        assert place(only(cells, "3.其他")) == (25, 2, 1, 1)
    else:  # 2019: （六）其他处理 is one data row
        assert place(only(cells, "（六）其他处理")) == (23, 1, 1, 2)


def test_table3_rows_are_labelled_at_their_depth_in_the_official_order(grids):
    cells, format_id = grids[0]["table3"], grids[1]
    fmt = get_format(format_id)
    for offset, row in enumerate(fmt.table3_rows):
        cell = only(cells, row.label)
        depth = {None: 0, "results": 1}.get(row.group, 2)
        assert place(cell) == (3 + offset, depth, 1, 3 - depth), row.label
    assert place(only(cells, "一、本年新收政府信息公开申请数量")) == (3, 0, 1, 3)
    assert place(only(cells, "（七）总计"))[1:] == (1, 1, 2)
    last = 3 + len(fmt.table3_rows) - 1
    assert place(only(cells, "四、结转下年度继续办理")) == (last, 0, 1, 3)


def test_table3_figures_sit_in_the_seven_columns_of_their_row(grids):
    cells, format_id = grids[0]["table3"], grids[1]
    fmt = get_format(format_id)
    figures = {(c.row, c.col): c.text for c in cells if c.col >= 3 and c.row >= 3}
    for row_index, _key in enumerate(fmt.table3_keys):
        assert [figures[(3 + row_index, 3 + i)] for i in range(7)] == [
            str(row_index * 10 + i) for i in range(7)
        ]


def test_every_table3_label_appears_exactly_once(grids):
    cells, format_id = grids[0]["table3"], grids[1]
    fmt = get_format(format_id)
    labels = [
        fmt.table3_note,
        APPLICANT_GROUP_LABEL,
        ORGANISATION_GROUP_LABEL,
        *(c.label for c in TABLE3_COLUMNS),
        *(g.label for g in fmt.table3_groups),
        *(r.label for r in fmt.table3_rows),
    ]
    counts = Counter(c.text for c in cells)
    assert {label: counts[label] for label in labels} == dict.fromkeys(labels, 1)


# -- table 四 --------------------------------------------------------------------


def test_table4_has_reconsideration_and_two_kinds_of_litigation(grids):
    cells = grids[0]["table4"]
    assert place(only(cells, "行政复议")) == (0, 0, 1, 5)
    assert place(only(cells, "行政诉讼")) == (0, 5, 1, 10)
    assert place(only(cells, "未经复议直接起诉")) == (1, 5, 1, 5)
    assert place(only(cells, "复议后起诉")) == (1, 10, 1, 5)
    results = [label for _key, label in TABLE4_RESULTS]
    assert results == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    for i, label in enumerate(results):
        assert sorted(place(c) for c in at(cells, label)) == [
            (1, i, 2, 1),
            (2, 5 + i, 1, 1),
            (2, 10 + i, 1, 1),
        ]
    assert [c.text for c in cells if c.row == 3] == [str(n) for n in range(100, 115)]
    assert len(TABLE4_GROUPS) == 3


# -- table 二 --------------------------------------------------------------------


def test_table2_is_one_block_per_art20_item_with_heading_and_header_rows(grids):
    cells, format_id = grids[0]["table2"], grids[1]
    fmt = get_format(format_id)
    assert len(at(cells, TABLE2_HEADER_LABEL)) == len(fmt.table2)
    row = 0
    for block in fmt.table2:
        assert place(only(cells, block.heading)) == (row, 0, 1, 4)
        header = sorted((c for c in cells if c.row == row + 1), key=lambda c: c.col)
        assert header[0].text == TABLE2_HEADER_LABEL
        assert [c.text for c in header[1:]] == [c.label for c in block.columns]
        assert sum(c.colspan for c in header) == 4
        for offset, t2row in enumerate(block.rows):
            assert place(only(cells, t2row.label)) == (row + 2 + offset, 0, 1, 1)
        row += 2 + len(block.rows)
    assert max(c.row for c in cells) == row - 1


def test_table2_single_figure_items_stretch_over_the_three_columns(grids):
    cells, format_id = grids[0]["table2"], grids[1]
    if format_id == "2021":
        assert [place(c) for c in at(cells, "本年处理决定数量")] == [
            (5, 1, 1, 3),
            (8, 1, 1, 3),
        ]
        assert place(only(cells, "本年收费金额（单位：万元）")) == (12, 1, 1, 3)
    else:
        assert place(only(cells, "采购总金额"))[2:] == (1, 2)
        assert [place(c)[3] for c in at(cells, "本年增/减")] == [1, 1, 2]


def test_a_blank_report_keeps_every_figure_cell_empty():
    for reader in READERS.values():
        for format_id in ("2019", "2021"):
            report = Report.blank(
                agency="某局", year=2023, format=get_format(format_id)
            )
            grids = reader(report)
            assert [c.text for c in grids["table4"] if c.row == 3] == [""] * 15
            figures = [c for c in grids["table3"] if c.row >= 3 and c.col >= 3]
            assert len(figures) == 7 * len(report.table3)
            assert {c.text for c in figures} == {""}


def test_literals_zero_and_decimals_print_as_given():
    report = Report.blank(agency="某局", year=2023)
    report.table2["fees_10k_yuan"] = [Decimal("1E+2")]
    report.table2["licensing"] = [Decimal("0.000001")]
    report.table2["punishment"] = ["/"]
    report.table2["coercion"] = [0]
    for reader in READERS.values():
        cells = reader(report)["table2"]
        texts = {c.row: c.text for c in cells if c.col == 1}
        assert texts[6] == "0.000001"  # 行政许可
        assert texts[9] == "/"  # 行政处罚
        assert texts[10] == "0"  # 行政强制
        assert texts[13] == "100"  # 行政事业性收费, no exponent
