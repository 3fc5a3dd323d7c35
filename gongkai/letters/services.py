"""Letter services: generate and store a letter; edit an agency's templates.

Generation is synchronous: a letter is a one- or two-page document (about a
second for both files), so the calling service gets the stored ``Letter`` back
in the same transaction as its own ``CaseEvent``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.letters.context import jsonable, letter_data
from gongkai.letters.generators import (
    LetterDataError,
    check_body_template,
    default_body,
    generator_for,
)
from gongkai.letters.kinds import LetterKind
from gongkai.letters.models import Letter, LetterSequence, LetterTemplate

__all__ = [
    "LetterDataError",
    "letter_generate",
    "letter_template_for",
    "letter_template_reset",
    "letter_template_save",
]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def letter_template_for(agency: Any, kind: str) -> tuple[str, str, str]:
    """(title, body, source) of the agency's template, or the shipped default."""
    template = LetterTemplate.objects.filter(agency=agency, kind=kind).first()
    if template is not None:
        stamp = template.updated_at.isoformat() if template.updated_at else ""
        return template.title, template.body, f"agency:{template.pk}@{stamp}"
    generator = generator_for(kind, {})
    return generator.default_title, default_body(kind), "default"


def number_format(agency: Any, year: int, serial: int) -> str:
    """文号: `<前缀>〔<年>〕<序号>号`; prefix from the agency, else its short name."""
    prefix = getattr(agency, "docno_prefix", "") or (
        f"{getattr(agency, 'short_name', '') or agency.name}依申公开"
    )
    return f"{prefix}〔{year}〕{serial}号"


def _next_serial(agency: Any, year: int) -> int:
    """Claim the next serial under a row lock (one counter per agency and year)."""
    LetterSequence.objects.get_or_create(agency=agency, year=year)
    sequence = LetterSequence.objects.select_for_update().get(agency=agency, year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


@transaction.atomic
def letter_generate(
    *,
    case: Any,
    kind: str,
    acting_user: Any,
    extra: dict[str, Any] | None = None,
    issued_on: dt.date | None = None,
) -> Letter:
    """Render a letter for ``case`` and store it (Word + PDF) with a new 文号.

    ``kind`` is a :class:`LetterKind`; for a 答复书 use
    ``kinds.reply_kind_for(case.outcome)``. ``extra`` adds or overrides data by
    section, e.g. ``{"reply": {"access": "…"}, "fee": {"payment": "…"},
    "deadline": <workdays Deadline>, "consultation_id": 3}``.

    Raises :class:`LetterDataError` (Chinese message) if the data cannot make a
    lawful letter; then nothing is stored and no 文号 is used. The caller (a
    cases service) writes the ``CaseEvent`` in its own transaction.
    """
    kind = LetterKind(kind)
    agency = case.agency
    issued_on = issued_on or timezone.localdate()
    title, body, source = letter_template_for(agency, kind)

    # Render first with a placeholder number: bad data fails before a 文号 is taken.
    probe = generator_for(
        kind,
        letter_data(case, kind, number="", issued_on=issued_on, extra=extra),
        body=body,
        title=title,
    )
    probe.document()

    serial = _next_serial(agency, issued_on.year)
    number = number_format(agency, issued_on.year, serial)
    data = letter_data(case, kind, number=number, issued_on=issued_on, extra=extra)
    generator = generator_for(kind, data, body=body, title=title)
    document = generator.document()
    docx_bytes = generator.render_docx(document)
    pdf_bytes = generator.render_pdf(document)
    text = document.text()

    letter = Letter(
        case=case,
        agency=agency,
        kind=kind,
        title=document.title,
        number=number,
        year=issued_on.year,
        serial=serial,
        issued_on=issued_on,
        text=text,
        text_sha256=_sha256(text.encode("utf-8")),
        docx_sha256=_sha256(docx_bytes),
        pdf_sha256=_sha256(pdf_bytes),
        data=jsonable(data),
        template_source=source,
        created_by=acting_user,
    )
    letter.docx.save("letter.docx", ContentFile(docx_bytes), save=False)
    letter.pdf.save("letter.pdf", ContentFile(pdf_bytes), save=False)
    try:
        letter.full_clean()
        letter.save()
    except Exception:
        letter.docx.delete(save=False)
        letter.pdf.delete(save=False)
        raise
    return letter


@transaction.atomic
def letter_template_save(
    *, agency: Any, kind: str, title: str, body: str, acting_user: Any
) -> LetterTemplate:
    """Store an agency's wording of ``kind`` after checking that it renders."""
    kind = LetterKind(kind)
    title = title.strip()
    if not title:
        raise LetterDataError("标题不能为空。")
    check_body_template(body)
    from gongkai.letters.samples import sample_data

    generator_for(kind, sample_data(kind, agency), body=body, title=title).document()
    template, _created = LetterTemplate.objects.get_or_create(
        agency=agency,
        kind=kind,
        defaults={"title": title, "body": body, "updated_by": acting_user},
    )
    template.title, template.body, template.updated_by = title, body, acting_user
    template.full_clean()
    template.save(update_fields=["title", "body", "updated_by", "updated_at"])
    return template


@transaction.atomic
def letter_template_reset(*, agency: Any, kind: str, acting_user: Any) -> None:
    """Go back to the shipped default for ``kind``."""
    LetterTemplate.objects.filter(agency=agency, kind=LetterKind(kind)).delete()
