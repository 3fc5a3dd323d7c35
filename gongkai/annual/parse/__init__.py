"""Published annual reports (text, HTML, Word, PDF) back into report data.

``parse_path(path)`` and ``parse_bytes(data, filename)`` return a
``ParseResult``: ``ok``, a Chinese ``error`` when the file cannot be read,
the ``report`` (``gongkai.annual.model.Report``, with ``provenance``: where in
the source each cell came from), the parse ``findings`` (same shape as the
rules' findings, ids ``parse.*``) and the ``source_kind`` sniffed from the
content. Deterministic, offline, and bounded: no input makes it raise or hang.

How it works (``docs/parsing.md``): a reader turns the file into lines of
cells; the tokenizer turns those into label text and runs of figures; the
official labels (``formats``) locate the rows; the tables' own arithmetic
splits figures that a web page ran together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.annual.errors import ReportReadError
from gongkai.annual.formats import TABLE3_COLUMN_KEYS
from gongkai.annual.model import Report
from gongkai.annual.parse import findings as F
from gongkai.annual.parse.document import Document, Line
from gongkai.annual.parse.findings import Finding, Severity, finding
from gongkai.annual.parse.meta import (
    choose_format,
    find_sections,
    find_signature_date,
    find_title,
)
from gongkai.annual.parse.readers import read, sniff
from gongkai.annual.parse.regions import find_regions
from gongkai.annual.parse.shape import multiple_reports, unfilled
from gongkai.annual.parse.table2 import table2
from gongkai.annual.parse.table4 import table4
from gongkai.annual.parse.tables import TableResult, table3
from gongkai.annual.parse.tokens import Item, has_index_column, line_items

MAX_FILE_BYTES = 30 * 1024 * 1024
UNKNOWN_AGENCY = "（未识别的机关）"
_EXPECTED_KIND = {
    ".docx": ("docx", " Word 文档（.docx）"),
    ".doc": ("doc", " Word 97-2003 文档（.doc）"),
    ".pdf": ("pdf", " PDF 文件"),
}

__all__ = [
    "MAX_FILE_BYTES",
    "PARSED",
    "REFUSED",
    "STATUS_LABELS",
    "TEMPLATE",
    "UNREADABLE",
    "ParseResult",
    "parse_bytes",
    "parse_document",
    "parse_path",
]


#: What became of a file: read as a report, read but an unfilled template,
#: refused (readable, but not one report), or unreadable.
PARSED, TEMPLATE, REFUSED, UNREADABLE = "parsed", "template", "refused", "unreadable"
STATUS_LABELS = {
    PARSED: "成功",
    TEMPLATE: "空白模板（未填写）",
    REFUSED: "已拒绝",
    UNREADABLE: "无法读取",
}


@dataclass(frozen=True)
class ParseResult:
    ok: bool
    error: str | None
    report: Report | None
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    source_kind: str = ""
    status: str = PARSED
    #: cell reference -> the unit of an amount ("万元", "元"): as written in the
    #: source, else the format's unit for the column
    units: dict[str, str] = field(default_factory=dict)
    #: cells the source's layout has no place for, explained by a finding
    absent: frozenset[str] = frozenset()
    #: the date the report is signed with (its last line), if it has one
    dated: dt.date | None = None

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _failure(
    message: str, kind: str = "", status: str = UNREADABLE, rule: str = ""
) -> ParseResult:
    rule = rule or (F.NOT_A_REPORT if status == REFUSED else F.UNREADABLE)
    found = (finding(rule, Severity.ERROR, message),)
    return ParseResult(False, message, None, found, kind, status)


class Refused(Exception):
    """The document is readable but holds more than one report (see ``shape``)."""


def _items(doc: Document) -> list[Item]:
    """Every line's items; a data frame's index column (after a header whose
    first name is blank and the rest 0, 1, 2 …) is dropped."""
    items: list[Item] = []
    index_column = False
    for index, line in enumerate(doc.lines):
        if not line.table:
            index_column = False
        elif has_index_column(line):
            index_column = True
        elif index_column and line.cells and line.cells[0].text.strip().isdigit():
            line = Line(line.cells[1:], table=True)
        items.extend(line_items(line, index))
    return items


def parse_document(
    doc: Document,
) -> tuple[Report | None, list[Finding], str | None]:
    """A read document as a report, its parse findings, or an error message."""
    report, found, error, _extra = _parse(doc)
    return report, found, error


def _parse(
    doc: Document,
) -> tuple[Report | None, list[Finding], str | None, TableResult]:
    items = _items(doc)
    title = find_title(doc.title_text, doc.text)
    fmt, _scores = choose_format(doc.text, title.year)
    regions = find_regions(items)
    result = TableResult()
    if regions.table2 is not None:
        table2(fmt, items[slice(*regions.table2)], result)
    if regions.table3 is not None:
        table3(fmt, items[slice(*regions.table3)], result)
    if regions.table4 is not None:
        table4(items[slice(*regions.table4)], result)
    if not result.found:
        return (
            None,
            [],
            "没有找到年度报告的表格（主动公开、依申请公开、行政复议诉讼三张表均未找到），不是年度报告",
            result,
        )
    several = multiple_reports(doc.text, items)
    if several is not None:
        raise Refused(several)
    out: list[Finding] = []
    if regions.table2 is None or "table2" not in result.found:
        out.append(
            finding(
                F.TABLE_MISSING, Severity.ERROR, "未找到表二（主动公开政府信息情况）"
            )
        )
        result.findings = [
            f
            for f in result.findings
            if f.rule != F.ROW_MISSING
            or not f.cells
            or not f.cells[0].startswith("table2.")
        ]
    if regions.table3 is None:
        out.append(
            finding(
                F.TABLE_MISSING,
                Severity.ERROR,
                "未找到表三（收到和处理政府信息公开申请情况）",
            )
        )
        result.table3 = {k: [None] * len(TABLE3_COLUMN_KEYS) for k in fmt.table3_keys}
    if regions.table4 is None:
        out.append(
            finding(
                F.TABLE_MISSING, Severity.ERROR, "未找到表四（行政复议、行政诉讼情况）"
            )
        )
        result.table4 = [None] * 15
    out.extend(result.findings)
    year = title.year
    if year is None:
        year = fmt.years[0]
        out.append(
            finding(
                F.YEAR_MISSING,
                Severity.WARNING,
                f"未能从标题读出报告年度，按表格格式暂定为 {year} 年度",
            )
        )
    agency = title.agency
    if not agency:
        agency = UNKNOWN_AGENCY
        out.append(
            finding(F.AGENCY_MISSING, Severity.WARNING, "未能从标题读出机关名称")
        )
    sections = find_sections(doc.text)
    report = Report(
        agency=agency,
        year=year,
        format=fmt,
        sections=sections,
        table2=result.table2,
        table3=result.table3,
        table4=result.table4,
        provenance=result.provenance,
    )
    blank = unfilled(report)
    if blank is not None:
        out = [
            finding(
                F.UNFILLED_TEMPLATE,
                Severity.ERROR,
                f"表二、表三、表四的 {blank} 个单元格都没有填写数字：这是未填写的报告模板，"
                "不是已发布的年度报告",
            ),
            *(f for f in out if f.rule in (F.YEAR_MISSING, F.AGENCY_MISSING)),
        ]
    return report, out, None, result


def parse_bytes(data: bytes, filename: str = "") -> ParseResult:
    """Parse one file's content; never raises for bad input."""
    name = filename or "输入"
    if len(data) > MAX_FILE_BYTES:
        return _failure(
            f"文件过大（{len(data) // 1024 // 1024} MB），超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限"
        )
    if not data.strip():
        return _failure("文件为空")
    kind = ""
    try:
        kind = sniff(data, name)
        doc = read(data, name)
        report, found, error, tables = _parse(doc)
    except Refused as exc:
        return _failure(str(exc), kind, REFUSED, F.MULTIPLE_REPORTS)
    except ReportReadError as exc:
        return _failure(str(exc), kind)
    except RecursionError:
        return _failure("文件结构嵌套过深，无法解析", kind)
    except MemoryError:
        return _failure("文件过于复杂，内存不足，无法解析", kind)
    except Exception as exc:  # the batch must go on: report, never crash
        return _failure(
            f"解析失败（内部错误 {type(exc).__name__}），请将该文件提交给维护者", kind
        )
    if error is not None:
        expected = _EXPECTED_KIND.get(Path(name).suffix.lower())
        if expected is not None and expected[0] != doc.kind:
            error = f"文件扩展名为 {Path(name).suffix}，但内容不是有效的{expected[1]}：{error}"
            return _failure(error, doc.kind)
        return _failure(error, doc.kind, REFUSED)
    status = TEMPLATE if any(f.rule == F.UNFILLED_TEMPLATE for f in found) else PARSED
    return ParseResult(
        True,
        None,
        report,
        tuple(found),
        doc.kind,
        status,
        dict(tables.units),
        frozenset(tables.absent),
        find_signature_date(doc.text),
    )


def parse_path(path: str | Path) -> ParseResult:
    """Parse one file on disk; a missing or unreadable file is a failed result."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            return _failure(f"{path} 是目录，不是文件")
        if size > MAX_FILE_BYTES:
            return _failure(
                f"文件过大（{size // 1024 // 1024} MB），超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        return _failure(f"找不到文件：{path}")
    except OSError as exc:
        return _failure(f"无法读取文件 {path}：{exc.strerror or exc}")
    return parse_bytes(data, path.name)
