"""PDF by WeasyPrint from the same HTML, with the print stylesheet.

Why WeasyPrint and not LibreOffice-from-docx: see ``docs/rendering.md`` —
in short, it is a library call (no office suite, no daemon, no temp files),
it is fast, and the PDF comes from the very layout the HTML shows. CJK glyphs
come from fontconfig (Debian: ``fonts-noto-cjk``).
"""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from typing import Any

from gongkai.annual.model import Report
from gongkai.annual.render.errors import RenderError
from gongkai.annual.render.html import render_html

PANGO_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
FONT_PACKAGE = "fonts-noto-cjk"


def load_weasyprint() -> Any:
    """The ``weasyprint`` module, imported on first use.

    Raises :class:`RenderError` with the packages to install when WeasyPrint or
    the system libraries it needs (Pango) are missing, instead of a traceback.
    """
    try:
        import weasyprint
    except OSError as exc:
        raise RenderError(
            "无法生成 PDF：WeasyPrint 需要的系统库（Pango）缺失或版本过低"
            f"（{exc}）。Debian/Ubuntu 请安装：apt-get install {PANGO_PACKAGES}"
        ) from None
    except ImportError:
        raise RenderError(
            "无法生成 PDF：未安装 WeasyPrint（pip install weasyprint==70.0）"
        ) from None
    return weasyprint


def refuse_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """A WeasyPrint ``url_fetcher`` that refuses every fetch (no network).

    Documents rendered here carry everything inline; nothing comes from outside.
    """
    raise ValueError(f"external resource refused: {url}")


@cache
def has_cjk_font() -> bool | None:
    """Whether fontconfig knows a Chinese font; ``None`` when it cannot be asked."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        result = subprocess.run(
            [fc_list, ":lang=zh", "family"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return bool(result.stdout.strip())


def html_to_pdf(html: str) -> bytes:
    """A self-contained HTML page as PDF: nothing fetched, and a clear error
    instead of boxes where no Chinese font is installed (reports, bulletins,
    assessments)."""
    weasyprint = load_weasyprint()
    if has_cjk_font() is False:
        raise RenderError(
            "无法生成 PDF：系统中没有中文字体，文字会显示为方框。"
            f"Debian/Ubuntu 请安装：apt-get install {FONT_PACKAGE}"
        )
    document = weasyprint.HTML(string=html, base_url=None, url_fetcher=refuse_fetch)
    pdf: bytes = document.write_pdf()
    return pdf


def render_pdf(report: Report) -> bytes:
    """The report as an A4 PDF with page numbers (— 1 —) and CJK fonts."""
    return html_to_pdf(render_html(report, standalone=True))
