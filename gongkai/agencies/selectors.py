"""Reads over the agency tree."""

from __future__ import annotations

from django.db.models import Q


def agencies_below_any(paths: list[str]) -> Q:
    """A Q on Agency matching the agencies at or below any of ``paths``."""
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return q
