"""Reads of the data center, always limited to the scopes a user may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from gongkai.accounts.users import AnyUser
from gongkai.agencies.models import Agency
from gongkai.datacenter.models import CollectedReport, ImportFile, ImportJob
from gongkai.datacenter.permissions import visible_scopes

EXTERNAL = "external"


def reports_visible_to(user: AnyUser) -> QuerySet[CollectedReport]:
    return CollectedReport.objects.filter(scope__in=visible_scopes(user))


def jobs_visible_to(user: AnyUser) -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(scope__in=visible_scopes(user)).select_related(
        "owner", "workspace"
    )


def files_visible_to(user: AnyUser) -> QuerySet[ImportFile]:
    return ImportFile.objects.filter(job__scope__in=visible_scopes(user))


@dataclass(frozen=True)
class Filters:
    region: str = ""  # an agency id, EXTERNAL, or "" for all
    year: int | None = None
    format: str = ""
    q: str = ""


def regions(reports: QuerySet[CollectedReport]) -> list[Agency]:
    """The agencies of the tree above or at the collected reports' agencies."""
    ids: set[int] = set()
    for path in (
        reports.exclude(region_path="").values_list("region_path", flat=True).distinct()
    ):
        ids.update(int(part) for part in path.strip("/").split("/") if part)
    return list(Agency.objects.filter(pk__in=ids).order_by("path"))


def in_region(
    reports: QuerySet[CollectedReport], region: str
) -> QuerySet[CollectedReport]:
    if region == EXTERNAL:
        return reports.filter(region_path="")
    if region.isascii() and region.isdigit() and len(region) <= 9:
        agency = Agency.objects.filter(pk=int(region)).first()
        if agency is None:
            return reports.none()
        return reports.filter(region_path__startswith=agency.path)
    return reports


def catalogue(user: AnyUser, filters: Filters) -> QuerySet[CollectedReport]:
    reports = in_region(reports_visible_to(user), filters.region)
    if filters.year:
        reports = reports.filter(year=filters.year)
    if filters.format:
        reports = reports.filter(format=filters.format)
    if filters.q:
        reports = reports.filter(agency_name__contains=filters.q)
    return reports.select_related("file").defer(
        "data", "parsed", "provenance", "units", "findings", "parse_findings"
    )


def job_progress(job: ImportJob) -> dict[str, int]:
    counts = dict(job.files.values_list("status").annotate(n=Count("pk")).order_by())
    return {status: counts.get(status, 0) for status in ImportFile.Status.values}


def not_imported(user: AnyUser) -> QuerySet[ImportFile]:
    """Files that did not become a report: templates, refused, unreadable."""
    return files_visible_to(user).filter(status__in=NOT_REPORTS)


NOT_REPORTS = (
    ImportFile.Status.TEMPLATE,
    ImportFile.Status.REFUSED,
    ImportFile.Status.UNREADABLE,
)
