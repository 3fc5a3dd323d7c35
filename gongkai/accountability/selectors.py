"""Reads of 责任追究 records: the list one may see, and the year's counts."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from gongkai.accountability.models import Measure, Record
from gongkai.accounts.models import Membership, Role
from gongkai.accounts.permissions import supervised_paths
from gongkai.accounts.users import AnyUser, is_active_user
from gongkai.agencies.models import Agency
from gongkai.law.accountability import report_sentence


def visible_records(user: AnyUser) -> QuerySet[Record]:
    """Records of agencies one supervises or heads/administers, or decided by one's agency."""
    if not is_active_user(user):
        return Record.objects.none()
    q = Q(pk__in=[])
    for path in supervised_paths(user):
        q |= Q(agency__path__startswith=path)
    own = Membership.objects.filter(user=user, role__in=[Role.HEAD, Role.ADMIN])
    q |= Q(agency__in=own.values("agency_id"))
    heads = Membership.objects.filter(user=user, role=Role.HEAD)
    q |= Q(decided_by__in=heads.values("agency_id"))
    return Record.objects.filter(q).select_related("agency", "decided_by")


def counts(agency: Agency, year: int) -> dict[str, int]:
    """Approved measures taken against people of ``agency`` in ``year``, by measure."""
    rows = (
        Record.objects.filter(
            agency=agency, status=Record.Status.APPROVED, decided_on__year=year
        )
        .values("measure")
        .annotate(n=Count("pk"))
    )
    return {row["measure"]: row["n"] for row in rows}


def annual_report_sentence(agency: Agency, year: int) -> str:
    """The 责任追究 part of the annual report's narrative (Art. 50 item 4)."""
    return report_sentence(year, counts(agency, year), dict(Measure.choices))
