"""Readers: bytes of one file → ``Document``. The type is sniffed from content.

Every failure is a ``ReportReadError`` with a Chinese message; nothing else
escapes (the caller also guards). Limits keep hostile input bounded: file
size, decompressed size of a .docx, number of PDF pages, table spans.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from gongkai.annual.errors import ReportReadError
from gongkai.annual.parse.document import Document, SrcCell

MAX_TEXT_CHARS = 3_000_000
MAX_DOCX_UNPACKED = 60 * 1024 * 1024
MAX_DOCX_RATIO = 200
MAX_SPAN = 200
CONVERT_TIMEOUT = 60

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes, filename: str) -> str:
    """ "pdf" | "docx" | "doc" | "html" | "text", by content; the name only hints."""
    head = data[:2048]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx"
    if head.startswith(OLE_MAGIC):
        return "doc"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    suffix = Path(filename).suffix.lower()
    if suffix in (".docx", ".pdf", ".doc") and not _looks_textual(head):
        return suffix[1:]
    lowered = head.lower()
    if re.search(
        rb"<!doctype html|<html|<body|<table|<meta |<div|<p[ >]|<head", lowered
    ):
        return "html"
    return "text"


def _looks_textual(head: bytes) -> bool:
    if not head:
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls <= len(head) // 50


# -- decoding --------------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I
)
_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
}


def decode(data: bytes, *, html: bool = False) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if html:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            name = declared.group(1).decode("ascii", "ignore").lower()
            name = _ALIASES.get(name, name)
            try:
                return data.decode(name)
            except (LookupError, UnicodeDecodeError):
                pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace")
    raise ReportReadError("无法识别文件的文字编码，也不是 Word 或 PDF 文件")


def _check_text(text: str) -> str:
    if len(text) > MAX_TEXT_CHARS:
        raise ReportReadError(f"文字内容过长（{len(text)} 字），不像一份年度报告")
    sample = text[:20_000]
    if sample:
        bad = sum(
            1
            for ch in sample
            if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd"
        )
        if bad > max(8, len(sample) // 20):
            raise ReportReadError(
                "文件内容是二进制数据或乱码，不是文本、网页、Word 或 PDF 文件"
            )
    return text


# -- plain text ------------------------------------------------------------------

_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def read_text(data: bytes, kind: str = "text") -> Document:
    text = _check_text(decode(data)).replace("\r\n", "\n").replace("\r", "\n")
    doc = Document(kind=kind, text=text)
    lines = text.split("\n")
    markdown = any("-" in ln and _SEPARATOR_ROW.match(ln) for ln in lines)
    for number, line in enumerate(lines, 1):
        loc = f"第 {number} 行"
        stripped = line.strip()
        if not stripped and "\t" not in line:
            continue
        if stripped.count("|") >= 2 or (
            stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1
        ):
            if _SEPARATOR_ROW.match(stripped):
                continue
            inner = stripped
            if markdown and inner.startswith("|") and inner.endswith("|"):
                inner = inner[1:-1]  # a Markdown row's frame, not two blank cells
            cells = inner.split("|")
            doc.add_row(
                [
                    SrcCell(c.strip(), f"{loc}第 {i} 格", True)
                    for i, c in enumerate(cells, 1)
                ]
            )
            continue
        if "\t" in line:
            body = line.rstrip("\n")
            if body.startswith("\t") and body.count("\t") == 1:
                doc.lines.append(_single(body[1:], loc))
                continue
            parts = body.split("\t")
            doc.add_row(
                [SrcCell(c, f"{loc}第 {i} 格", True) for i, c in enumerate(parts, 1)]
            )
            continue
        doc.add_text_line(line, loc)
    return doc


def _single(text: str, loc: str) -> Any:
    from gongkai.annual.parse.document import Line

    return Line((SrcCell(text, loc, True),))


# -- HTML ------------------------------------------------------------------------

_BLOCK = frozenset(
    "p div br h1 h2 h3 h4 h5 h6 li ul ol section article header footer tr table "
    "blockquote pre center dd dt dl form hr address main nav aside figure figcaption "
    "caption title".split()
)
_SKIP = frozenset(
    "script style noscript template head select option button textarea iframe object svg".split()
)


def _span(value: str | None) -> int:
    try:
        return max(1, min(MAX_SPAN, int(str(value).strip() or "1")))
    except ValueError:
        return 1


def _cell_text(cell: Any) -> str:
    text = "".join(cell.itertext())
    return re.sub(r"\s+", " ", text).strip()


def _table_rows(table: Any) -> list[list[Any]]:
    rows = []
    for tr in table.iter("tr"):
        owner = tr.getparent()
        while owner is not None and owner.tag not in ("table",):
            owner = owner.getparent()
        if owner is table:
            rows.append(
                [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
            )
    return rows


def _emit_table(doc: Document, table: Any, number: int) -> None:
    """A table as rows of distinct cells; rowspan/colspan resolved on a true grid."""
    taken: dict[tuple[int, int], int] = {}
    for r, cells in enumerate(_table_rows(table)):
        col = 0
        out: list[SrcCell] = []
        for cell in cells:
            while (r, col) in taken:
                col += 1
            rowspan, colspan = _span(cell.get("rowspan")), _span(cell.get("colspan"))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[(r + dr, col + dc)] = r
            out.append(
                SrcCell(
                    _cell_text(cell),
                    f"表格 {number} 第 {r + 1} 行第 {col + 1} 列",
                    True,
                )
            )
            col += colspan
        doc.add_row(out)


def _has_nested_table(table: Any) -> bool:
    return any(True for _ in table.iterdescendants("table"))


def _walk_html(root: Any, doc: Document) -> None:
    buffer: list[str] = []
    tables = 0
    line_no = 0

    def flush() -> None:
        nonlocal line_no
        text = re.sub(r"[ \t\r\f\v\n]+", " ", "".join(buffer)).strip()
        buffer.clear()
        if text:
            line_no += 1
            doc.add_text_line(text, f"第 {line_no} 段")

    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower().split("}")[-1]
        if closing:
            if tag in _BLOCK:
                flush()
            if element.tail:
                buffer.append(element.tail)
            continue
        if not tag:  # comment, processing instruction
            if element.tail:
                buffer.append(element.tail)
            continue
        if tag in _SKIP:
            if element.tail:
                buffer.append(element.tail)
            continue
        if tag == "table" and not _has_nested_table(element):
            flush()
            tables += 1
            _emit_table(doc, element, tables)
            if element.tail:
                buffer.append(element.tail)
            continue
        if tag in _BLOCK:
            flush()
        if element.text:
            buffer.append(element.text)
        stack.append((element, True))
        for child in reversed(list(element)):
            stack.append((child, False))
    flush()


_OVERVIEW = re.compile(r"[一二三四五六七八九十][、.．]\s*总\s*体\s*情\s*况")


def _content_root(body: Any) -> Any:
    """The smallest element holding the report: its table 三 and 总体情况 heading.

    A page holding two tables 三 (two reports, e.g. two years side by side) is
    read whole, so that the parser sees both and refuses the page.
    """
    tables = [
        table
        for table in body.iter("table")
        if not _has_nested_table(table)
        and any(w in "".join(table.itertext()) for w in ("本年新收", "勾稽"))
    ]
    if len(tables) > 1:
        return body
    for table in tables:
        node = table
        while node is not None:
            if _OVERVIEW.search("".join(node.itertext())):
                return node
            node = node.getparent()
        return body
    return body


def read_html(data: bytes) -> Document:
    import lxml.etree
    import lxml.html

    text = _check_text(decode(data, html=True))
    if not text.strip():
        raise ReportReadError("网页内容为空")
    try:
        tree = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ReportReadError(f"无法解析网页：{exc}") from None
    body = tree.find("body")
    if body is None:
        body = tree
    root = _content_root(body)
    doc = Document(kind="html")
    _walk_html(root, doc)
    if root is not body:
        header = Document(kind="html")
        _walk_html(body, header)
        doc.title_text = "\n".join(
            ln.cells[0].text for ln in header.lines[:80] if not ln.table
        )
    title = tree.find(".//title")
    if title is not None and title.text:
        doc.title_text = (doc.title_text + "\n" + title.text).strip()
    doc.text = "\n".join("\t".join(c.text for c in ln.cells) for ln in doc.lines)
    return doc


# -- Word (.docx) ----------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ReportReadError(
            "不是有效的 Word 文档（.docx 应为 ZIP 压缩包，文件已损坏或被截断）"
        ) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > 2000:
            raise ReportReadError("Word 文档内的文件数目异常，拒绝读取")
        total = sum(i.file_size for i in infos)
        packed = max(1, sum(i.compress_size for i in infos))
        if total > MAX_DOCX_UNPACKED or total > packed * MAX_DOCX_RATIO:
            raise ReportReadError("Word 文档解压后体积异常（疑似“压缩炸弹”），拒绝读取")
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise ReportReadError(
                "这是 ZIP 压缩包，但不是 Word 文档（缺少 word/document.xml）"
            )


def _w_text(element: Any) -> str:
    parts: list[str] = []
    for node in element.iter():
        tag = node.tag
        if tag == _W + "t" and node.text:
            parts.append(node.text)
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "p" and parts and parts[-1] != "\n":
            parts.append("\n")
    return "".join(parts).strip("\n")


def _emit_docx_table(doc: Document, tbl: Any, number: int) -> None:
    for r, tr in enumerate(tbl.iterchildren(_W + "tr")):
        col = 0
        out: list[SrcCell] = []
        for tc in tr.iterchildren(_W + "tc"):
            props = tc.find(_W + "tcPr")
            span = 1
            continuation = False
            if props is not None:
                grid = props.find(_W + "gridSpan")
                if grid is not None:
                    span = _span(grid.get(_W + "val"))
                vmerge = props.find(_W + "vMerge")
                if vmerge is not None and vmerge.get(_W + "val") in (None, "continue"):
                    continuation = True
            if not continuation:
                out.append(
                    SrcCell(
                        _w_text(tc), f"表格 {number} 第 {r + 1} 行第 {col + 1} 列", True
                    )
                )
            col += span
        doc.add_row(out)


def read_docx(data: bytes, kind: str = "docx") -> Document:
    _check_zip(data)
    import docx

    try:
        word = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for broken parts
        raise ReportReadError(f"无法打开 Word 文档：{type(exc).__name__}") from None
    doc = Document(kind=kind)
    body = word.element.body
    tables = 0
    paragraphs = 0
    for child in body.iterchildren():
        if child.tag == _W + "p":
            paragraphs += 1
            for part in _w_text(child).split("\n"):
                doc.add_text_line(part, f"第 {paragraphs} 段")
        elif child.tag == _W + "tbl":
            tables += 1
            _emit_docx_table(doc, child, tables)
    doc.text = "\n".join("\t".join(c.text for c in ln.cells) for ln in doc.lines)
    return doc


# -- Word 97-2003 (.doc) ---------------------------------------------------------


def read_doc(data: bytes) -> Document:
    """Word 97-2003: LibreOffice to .docx (keeps merged cells), else antiword's text."""
    antiword = shutil.which("antiword")
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if antiword is None and office is None:
        raise ReportReadError(
            "无法在本机读取 .doc 文件：未安装 LibreOffice 或 antiword，请另存为 .docx 或 PDF 后再试"
        )
    with tempfile.TemporaryDirectory(prefix="gongkai-doc-") as tmp:
        source = Path(tmp) / "report.doc"
        source.write_bytes(data)
        if office is not None:
            try:
                subprocess.run(
                    [
                        office,
                        f"-env:UserInstallation=file://{tmp}/profile",
                        "--headless",
                        "--convert-to",
                        "docx",
                        "--outdir",
                        tmp,
                        str(source),
                    ],
                    capture_output=True,
                    timeout=CONVERT_TIMEOUT * 2,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                pass
            converted = Path(tmp) / "report.docx"
            if converted.exists():
                return read_docx(converted.read_bytes(), kind="doc")
        if antiword is not None:
            try:
                done = subprocess.run(
                    [antiword, "-w", "0", "-m", "UTF-8.txt", str(source)],
                    capture_output=True,
                    timeout=CONVERT_TIMEOUT,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                raise ReportReadError("读取 .doc 文件超时") from None
            if done.returncode == 0 and done.stdout.strip():
                return read_text(done.stdout, kind="doc")
    raise ReportReadError("无法读取 .doc 文件：文件已损坏，或不是 Word 97-2003 文档")


def read(data: bytes, filename: str) -> Document:
    kind = sniff(data, filename)
    if kind == "pdf":
        from gongkai.annual.parse.pdf import read_pdf

        return read_pdf(data)
    if kind == "docx":
        return read_docx(data)
    if kind == "doc":
        return read_doc(data)
    if kind == "rtf":
        raise ReportReadError("不支持 RTF 文件，请另存为 .docx 或 PDF 后再试")
    if not _looks_textual(data[:8192]):
        raise ReportReadError("文件内容是二进制数据，不是文本、网页、Word 或 PDF 文件")
    if kind == "html":
        return read_html(data)
    return read_text(data)
