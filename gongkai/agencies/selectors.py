"""Reads over the agency tree."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongkai.agencies.models import Agency


def agency_subtree(agency: Agency) -> QuerySet[Agency]:
    """The agency and every agency below it."""
    return Agency.objects.filter(path__startswith=agency.path)


def agencies_below_any(paths: list[str]) -> Q:
    """A Q on Agency matching the agencies at or below any of ``paths``."""
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return q


def agencies_accepting_applications() -> QuerySet[Agency]:
    return Agency.objects.filter(accepts_applications=True).order_by("path")
