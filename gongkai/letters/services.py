"""Letter services: generate and store a letter; edit an agency's templates.

The letter, its 文号 and its Word file are made in the calling service's
transaction (tens of milliseconds), so it gets the stored ``Letter`` back with
its own ``CaseEvent``. The PDF (WeasyPrint, up to a second) is rendered by the
worker (``letters.tasks.render_letter_pdf``, queued in that same transaction)
from the letter's stored data and template, and its text is checked equal to
the letter's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.accounts import securitylog
from gongkai.letters.data import jsonable
from gongkai.letters.generators import (
    LetterDataError,
    check_body_template,
    default_body,
    generator_for,
)
from gongkai.letters.kinds import LetterKind
from gongkai.letters.models import Letter, LetterPdf, LetterSequence, LetterTemplate

__all__ = [
    "LetterDataError",
    "letter_generate",
    "letter_render_pdf",
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
    data: dict[str, Any],
    acting_user: Any,
    issued_on: dt.date,
) -> Letter:
    """Render a letter for ``case`` and store it (Word + PDF) with a new 文号.

    ``kind`` is a :class:`LetterKind`; for a 答复书 use
    ``kinds.reply_kind_for(case.outcome)``. ``data`` is the letter's plain data
    with a blank 文号 (``cases.letter_data.letter_data`` builds it from a case);
    this fills the 文号 it takes. ``case`` is only linked, never read.

    Raises :class:`LetterDataError` (Chinese message) if the data cannot make a
    lawful letter; then nothing is stored and no 文号 is used. The caller (a
    cases service) writes the ``CaseEvent`` in its own transaction.
    """
    kind = LetterKind(kind)
    agency = case.agency
    title, body, source = letter_template_for(agency, kind)

    # Render first with a placeholder number: bad data fails before a 文号 is taken.
    probe = generator_for(kind, data, body=body, title=title)
    probe.document()

    serial = _next_serial(agency, issued_on.year)
    number = number_format(agency, issued_on.year, serial)
    data = {**data, "letter": {**data.get("letter", {}), "number": number}}
    generator = generator_for(kind, data, body=body, title=title)
    document = generator.document()
    docx_bytes = generator.render_docx(document)
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
        data=jsonable(data),
        template_source=source,
        template_title=title,
        template_body=body,
        created_by=acting_user,
    )
    letter.docx.save("letter.docx", ContentFile(docx_bytes), save=False)
    try:
        letter.full_clean()
        letter.save()
    except Exception:
        letter.docx.delete(save=False)
        raise
    from gongkai.letters.tasks import render_letter_pdf

    # In this transaction: the database queue holds the task once the letter is
    # committed (and never for a letter rolled back).
    render_letter_pdf.enqueue(letter.pk)
    return letter


def letter_render_pdf(*, letter_id: int) -> LetterPdf:
    """The letter's PDF, rendered from its stored data and template and stored
    (the worker's task; a second run returns the first result)."""
    letter = Letter.objects.get(pk=letter_id)
    existing = LetterPdf.objects.filter(letter=letter).first()
    if existing is not None:
        return existing
    generator = generator_for(
        letter.kind,
        letter.data,
        body=letter.template_body,
        title=letter.template_title,
    )
    document = generator.document()
    if document.text() != letter.text:
        raise LetterDataError(
            f"文书（{letter.number}）重新排版所得文字与生成时不一致，未生成 PDF。"
        )
    pdf_bytes = generator.render_pdf(document)
    rendition = LetterPdf(letter=letter, sha256=_sha256(pdf_bytes))
    rendition.file.save("letter.pdf", ContentFile(pdf_bytes), save=False)
    try:
        with transaction.atomic():
            rendition.save()
    except Exception:
        rendition.file.delete(save=False)
        if LetterPdf.objects.filter(letter=letter).exists():  # a parallel run won
            return LetterPdf.objects.get(letter=letter)
        raise
    return rendition


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


def letter_log_personal_data_view(
    *, letter: Letter, acting_user: Any, ext: str, now: dt.datetime | None = None
) -> None:
    """Log that ``acting_user``, who does no case work in the letter's agency, read it.

    A letter as issued names the applicant in full (and their address): for a
    supervisor or a 机关管理员, who see the name masked everywhere else, opening
    it is a full view of personal data, written to the security log like the
    case page's.
    """
    securitylog.record(
        securitylog.Kind.PERSONAL_DATA_VIEWED,
        f"下载文书「{letter.title}」{letter.number}（{ext}，含申请人个人信息）",
        actor=acting_user,
        agency_id=letter.agency_id,
        detail={"case": letter.case_id, "letter": str(letter.uid), "format": ext},
        now=now,
    )
