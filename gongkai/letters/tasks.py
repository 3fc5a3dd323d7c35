"""The letters' background job (`gongkai worker`): render a letter's PDF."""

from __future__ import annotations

from django.tasks import task


@task()
def render_letter_pdf(letter_id: int) -> str:
    """Render and store the PDF of letter ``letter_id``; returns its SHA-256."""
    from gongkai.letters.services import letter_render_pdf

    return letter_render_pdf(letter_id=letter_id).sha256
