"""The report as a downloadable file: .docx, .pdf, .html or .json."""

from __future__ import annotations

import importlib
from urllib.parse import quote

from gongkai.annual import jsonio
from gongkai.annual.model import Report

EXTENSIONS: dict[str, tuple[str, str | None]] = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "render_docx",
    ),
    "pdf": ("application/pdf", "render_pdf"),
    "html": ("text/html; charset=utf-8", "render_html"),
    "json": ("application/json; charset=utf-8", None),
}


def report_file(report: Report, ext: str) -> tuple[bytes | str, str]:
    """The file body and its content type; ``KeyError`` for an unknown extension."""
    content_type, func_name = EXTENSIONS[ext]
    if func_name is None:
        return jsonio.dumps(report), content_type
    render = importlib.import_module("gongkai.annual.render")
    return getattr(render, func_name)(report), content_type


def filename(agency_name: str, year: int, ext: str) -> str:
    return f"{agency_name}{year}年政府信息公开工作年度报告.{ext}"


def content_disposition(ext: str, name: str) -> str:
    """Files offered as 下载 are saved (attachment); only the HTML view opens in
    the browser (a "下载 PDF" link that opened inline was issue 10's complaint)."""
    kind = "inline" if ext == "html" else "attachment"
    ascii_name = name.encode("ascii", "ignore").decode() or "report"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
