"""The ranking's and the sheets' .docx and PDF: rendered once per content, stored.

As the annual reports' and the bulletins' files (``gongkai.reports.files.store_once``):
a PDF costs up to a second of CPU, so it is rendered in the worker
(``render_assessment``, a task enqueued when the assessment is approved) and
stored in the default storage under ``cache/assessment/``, named by the
SHA-256 of what it shows (the stored indicators, sheets and status), the
format and ``RENDERER_VERSION``. A download finds the stored file; if the
worker has not run yet, the first download renders it under the shared lock
and concurrent downloads are asked to retry. Only an approved or published
assessment is offered as .docx/PDF, so its files never change.
"""

from __future__ import annotations

import json

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.tasks import task

from gongkai.assessment import documents
from gongkai.assessment.models import Assessment, ScoreSheet
from gongkai.reports.files import RenderingInProgress, digest, store_once

__all__ = [
    "RenderingInProgress",
    "download",
    "ensure_stored",
    "render_assessment",
    "stored_name",
]

STORED = ("docx", "pdf")
#: Bump when the renderers' output changes (stored files get new names).
RENDERER_VERSION = "1"


def _content(obj: Assessment | ScoreSheet) -> object:
    assessment = obj.assessment if isinstance(obj, ScoreSheet) else obj
    head = {
        "agency": assessment.agency.name,
        "year": assessment.year,
        "status": assessment.status,
        "approved_at": assessment.approved_at.isoformat()
        if assessment.approved_at
        else "",
        "indicators": [
            [i.key, i.name, i.kind, i.figure, str(i.max_score), str(i.weight), i.params]
            for i in assessment.indicators.order_by("position", "pk")
        ],
    }
    if isinstance(obj, ScoreSheet):
        return head | {
            "sheet": [obj.agency.name, obj.scores, str(obj.total), obj.rank],
            "count": assessment.sheets.count(),
        }
    sheets = assessment.sheets.select_related("agency").order_by("rank", "agency__path")
    return head | {
        "sheets": [[s.agency.name, s.scores, str(s.total), s.rank] for s in sheets]
    }


def content_hash(obj: Assessment | ScoreSheet, ext: str) -> str:
    canonical = json.dumps(
        _content(obj), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return digest(RENDERER_VERSION, ext, canonical)


def stored_name(obj: Assessment | ScoreSheet, ext: str) -> str:
    return f"cache/assessment/{content_hash(obj, ext)}.{ext}"


def ensure_stored(obj: Assessment | ScoreSheet, ext: str, *, wait: bool = False) -> str:
    """The stored name of ``obj`` as ``ext``, rendering it first if needed.

    Raises ``RenderingInProgress`` when another process holds the lock and
    ``wait`` is false; ``RenderError`` when this server cannot render.
    """
    return store_once(
        stored_name(obj, ext), lambda: documents.render(obj, ext), wait=wait
    )


def download(obj: Assessment | ScoreSheet, ext: str) -> FileResponse:
    """The stored file as an attachment with its Chinese name (rendered first
    if the worker has not yet); ``ensure_stored``'s exceptions pass through."""
    name = ensure_stored(obj, ext)
    response = FileResponse(
        default_storage.open(name, "rb"), content_type=documents.CONTENT_TYPES[ext]
    )
    response["Content-Disposition"] = documents.content_disposition(
        *documents.filename(obj, ext)
    )
    return response


@task()
def render_assessment(assessment_id: int) -> list[str]:
    """Render and store the ranking and every sheet of an approved assessment."""
    assessment = Assessment.objects.filter(
        pk=assessment_id,
        status__in=(Assessment.Status.APPROVED, Assessment.Status.PUBLISHED),
    ).first()
    if assessment is None:
        return []
    names = []
    documents_: list[Assessment | ScoreSheet] = [
        assessment,
        *assessment.sheets.select_related("agency"),
    ]
    for obj in documents_:
        for ext in STORED:
            try:
                names.append(ensure_stored(obj, ext, wait=True))
            except documents.RenderError:
                pass  # no CJK font here: the download says so when asked
    return names
