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

from dataclasses import dataclass, field
from pathlib import Path

from gongkai.annual.errors import ReportReadError
from gongkai.annual.formats import TABLE3_COLUMN_KEYS
from gongkai.annual.model import Report
from gongkai.annual.parse import findings as F
from gongkai.annual.parse.document import Document
from gongkai.annual.parse.findings import Finding, Severity, finding
from gongkai.annual.parse.meta import choose_format, find_sections, find_title
from gongkai.annual.parse.readers import read, sniff
from gongkai.annual.parse.regions import find_regions
from gongkai.annual.parse.tables import TableResult, table2, table3, table4
from gongkai.annual.parse.tokens import Item, line_items

MAX_FILE_BYTES = 30 * 1024 * 1024
UNKNOWN_AGENCY = "（未识别的机关）"
_EXPECTED_KIND = {
    ".docx": ("docx", " Word 文档（.docx）"),
    ".doc": ("doc", " Word 97-2003 文档（.doc）"),
    ".pdf": ("pdf", " PDF 文件"),
}

__all__ = [
    "MAX_FILE_BYTES",
    "ParseResult",
    "parse_bytes",
    "parse_document",
    "parse_path",
]


@dataclass(frozen=True)
class ParseResult:
    ok: bool
    error: str | None
    report: Report | None
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    source_kind: str = ""

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)


def _failure(message: str, kind: str = "") -> ParseResult:
    return ParseResult(False, message, None, (), kind)


def parse_document(doc: Document) -> tuple[Report | None, list[Finding], str | None]:
    """A read document as a report, its parse findings, or an error message."""
    items: list[Item] = []
    for index, line in enumerate(doc.lines):
        items.extend(line_items(line, index))
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
            "没有找到年度报告的表格（主动公开、依申请公开、行政复议诉讼三张表均未找到）",
        )
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
    return report, out, None


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
        report, found, error = parse_document(doc)
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
    return ParseResult(True, None, report, tuple(found), doc.kind)


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
