"""Changes to the agency tree."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.agencies.models import Agency


@transaction.atomic
def agency_create(
    *,
    name: str,
    code: str,
    kind: str,
    parent: Agency | None = None,
    **fields: Any,
) -> Agency:
    """Create an agency under ``parent`` and fix its tree path."""
    agency = Agency(name=name, code=code, kind=kind, parent=parent, **fields)
    agency.full_clean(exclude=["path"])
    agency.save()
    agency.path = agency.compute_path()
    agency.save(update_fields=["path"])
    return agency


@transaction.atomic
def agency_move(*, agency: Agency, parent: Agency | None) -> Agency:
    """Put an agency (and everything below it) under a new parent."""
    if parent is not None and parent.path.startswith(agency.path):
        from django.core.exceptions import ValidationError

        raise ValidationError("不能把机关移到它自己或它的下级机关之下。")
    old = agency.path
    agency.parent = parent
    agency.path = agency.compute_path()
    agency.save(update_fields=["parent", "path"])
    for sub in Agency.objects.filter(path__startswith=old).exclude(pk=agency.pk):
        sub.path = agency.path + sub.path[len(old) :]
        sub.save(update_fields=["path"])
    return agency
