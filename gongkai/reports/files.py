"""A published report's .docx and PDF: rendered once per content, then stored
(``store_once``, which the supervision bulletins' files use too).

Rendering a PDF costs 0.3–1 s of CPU, so it never happens per request. The
file's name is the SHA-256 of the report's data (canonical JSON), the format
and ``RENDERER_VERSION``: the same content is rendered once, whoever asks; a
report whose data changes (a sample reloaded) gets a new name. Files live in
the default storage (``STORAGES``: local or S3) under ``cache/``, which
``gongkai prune_files`` never deletes (``gongkai/ops/files.py``).

``render_published`` (a task, enqueued when a report is published) renders
both formats in the worker; a download finds the stored file. If the worker
has not run yet, the first download renders it under a lock in the shared
cache, and concurrent downloads of the same file are asked to retry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import task

from gongkai.reports.exports import report_file
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import report_data

#: Stored formats. Bump RENDERER_VERSION when the renderers' output changes.
STORED = ("docx", "pdf")
RENDERER_VERSION = "1"
LOCK_SECONDS = 120


class RenderingInProgress(Exception):
    """Another request is rendering this file right now."""


def content_hash(obj: AnnualReport, ext: str) -> str:
    canonical = json.dumps(
        obj.data, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return digest(RENDERER_VERSION, ext, canonical)


def digest(version: str, ext: str, content: str) -> str:
    """The SHA-256 naming a stored file: renderer version, format, content."""
    return hashlib.sha256(f"{version}\n{ext}\n{content}".encode()).hexdigest()


def stored_name(obj: AnnualReport, ext: str) -> str:
    return f"cache/reports/{content_hash(obj, ext)}.{ext}"


def ensure_stored(obj: AnnualReport, ext: str, *, wait: bool = False) -> str:
    """The stored name of ``obj`` as ``ext``, rendering it first if needed.

    Raises ``RenderingInProgress`` when another process holds the lock and
    ``wait`` is false; ``RenderError`` when this server cannot render.
    """
    return store_once(
        stored_name(obj, ext),
        lambda: report_file(report_data(obj), ext)[0],
        wait=wait,
    )


def store_once(
    name: str, render: Callable[[], bytes | str], *, wait: bool = False
) -> str:
    """Store what ``render`` returns under ``name`` unless it is there already:
    the mechanism every rendered-once file uses (reports here, the
    supervision bulletins in ``gongkai/supervision/documents.py``). ``name``
    must name the content (a ``digest``), so a stored file is never stale.

    One process renders at a time (a lock in the shared cache); another asking
    meanwhile gets ``RenderingInProgress`` unless ``wait``.
    """
    if default_storage.exists(name):
        return name
    lock = f"render-lock:{name}"
    if not cache.add(lock, 1, LOCK_SECONDS):
        if not wait:
            raise RenderingInProgress(name)
    try:
        if not default_storage.exists(name):
            body = render()
            data = body.encode() if isinstance(body, str) else body
            saved = default_storage.save(name, ContentFile(data))
            if saved != name:  # someone else stored it meanwhile
                default_storage.delete(saved)
    finally:
        cache.delete(lock)
    return name


@task()
def render_published(report_id: int) -> list[str]:
    """Render and store every stored format of a published report."""
    obj = AnnualReport.objects.filter(
        pk=report_id, status=AnnualReport.Status.PUBLISHED
    ).first()
    if obj is None:
        return []
    return [ensure_stored(obj, ext, wait=True) for ext in STORED]
