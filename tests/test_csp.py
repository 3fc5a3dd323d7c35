"""The Content Security Policy refuses inline styles, and no page needs one.

Every style is a file under ``gongkai/static/gongkai/``: no ``style``
attribute, no ``<style>`` element in a template a browser is shown (the
letter's and the bulletin's print templates are rendered by WeasyPrint, which
no page policy governs). The report's and the letter's stylesheets are
generated from code; their static copies must be the generated text. A browser
visits the key pages and fails on any CSP violation
(``gongkai/portal/tests/test_browser_csp.py``).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from django.conf import settings

REPO = Path(__file__).resolve().parents[1]
STATIC = REPO / "gongkai" / "static" / "gongkai"

#: Templates only WeasyPrint renders (PDF): no browser page policy applies.
PDF_ONLY = {
    "letters/templates/letters/pdf/letter.html",
    "supervision/templates/supervision/bulletin_print.html",
    "assessment/templates/assessment/_print_head.html",
}


def test_the_policy_allows_no_inline_style_or_script() -> None:
    assert settings.SECURE_CSP["style-src"] == ["'self'"]
    assert settings.SECURE_CSP["script-src"] == ["'self'"]


def test_no_template_a_browser_is_shown_has_an_inline_style() -> None:
    found = []
    for path in sorted((REPO / "gongkai").rglob("templates/**/*.html")):
        name = path.relative_to(REPO / "gongkai").as_posix()
        if name in PDF_ONLY:
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"""\sstyle\s*=|<style[\s>]""", text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{name}:{line}")
    assert found == []


def test_no_script_of_ours_writes_a_style_attribute() -> None:
    for path in sorted(STATIC.glob("*.js")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(
            r"""setAttribute\(\s*["']style|style\s*=\s*["']""", text
        ), path.name


def test_the_static_stylesheets_are_the_generated_ones() -> None:
    """Regenerate with: .venv/bin/python -c 'from tests.test_csp import
    write_stylesheets; write_stylesheets()' (after changing report.css, the
    layouts' widths or the letter's stylesheet)."""
    for name, text in generated_stylesheets().items():
        assert (STATIC / name).read_text(encoding="utf-8") == text, name


def generated_stylesheets() -> dict[str, str]:
    import django

    django.setup()
    from gongkai.annual.render.html import column_widths_css, stylesheet
    from gongkai.letters.generators.base import letter_stylesheet

    return {
        "report.css": stylesheet(),
        "report-columns.css": column_widths_css(),
        "letter.css": letter_stylesheet(),
    }


def write_stylesheets() -> None:  # pragma: no cover (a maintenance helper)
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    for name, text in generated_stylesheets().items():
        (STATIC / name).write_text(text, encoding="utf-8")


def test_the_standalone_report_allows_its_own_stylesheet_by_hash(client, cast) -> None:
    from django.urls import reverse

    from gongkai.reports.tests.helpers import compiled

    obj = compiled(cast)
    client.force_login(cast.handler)
    response = client.get(reverse("reports:download", args=[obj.pk, "html"]))
    assert response.status_code == 200
    html = response.content.decode()
    styles = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert len(styles) == 1 and " style=" not in html
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    style_src = re.search(r"style-src ([^;]*)", response["Content-Security-Policy"])
    assert style_src is not None
    assert style_src.group(1).split() == ["'self'", f"'sha256-{digest}'"]
    # Every other page keeps the plain policy.
    page = client.get(reverse("reports:detail", args=[obj.pk]))
    assert "sha256" not in page["Content-Security-Policy"]
    assert "<style" not in page.content.decode()
