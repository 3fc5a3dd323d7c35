"""The files Gongkai keeps in its default storage, and the ones nothing refers to.

Every file the application writes goes through ``default_storage`` (FileFields:
case attachments, letters' .docx/PDF, catalogue attachments), local or S3. A
file is written before the transaction that records it commits, so a committed
row never points at a missing file; when that transaction rolls back instead
(a letter whose case service failed after rendering, say), the file stays
behind unreferenced. ``gongkai prune_files`` removes those once they are older
than any transaction could be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.apps import apps
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.utils import timezone

#: Never pruned: content-addressed caches of generated documents live here.
KEEP_PREFIXES = ("cache/",)
#: /healthz writes, reads and deletes a probe file here.
PROBE_PREFIX = "healthz/"


def walk(storage: Storage | None = None, top: str = "") -> Iterator[str]:
    """Every file name in the storage, depth first, in a stable order."""
    storage = storage or default_storage
    try:
        directories, files = storage.listdir(top)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{top}{name}"
    for directory in sorted(directories):
        yield from walk(storage, f"{top}{directory}/")


def file_fields() -> list[tuple[type[models.Model], str]]:
    """(model, field name) of every FileField of every installed model."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]


def referenced_names() -> set[str]:
    """The names every FileField in the database refers to."""
    names: set[str] = set()
    for model, field in file_fields():
        names.update(
            name
            for name in model._default_manager.values_list(field, flat=True)
            if name
        )
    return names


def unreferenced(older_than: dt.timedelta) -> Iterator[str]:
    """Files no row refers to, last modified longer than ``older_than`` ago.

    The age keeps a file of a transaction still in progress out of reach.
    """
    referenced = referenced_names()
    cutoff = timezone.now() - older_than
    for name in walk():
        if name in referenced or name.startswith(KEEP_PREFIXES):
            continue
        if default_storage.get_modified_time(name) < cutoff:
            yield name
