"""Applications and disputes made through the services, and a compiled report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.cases.models import Status
from gongkai.cases.tests.states import make_case
from gongkai.disputes.services import dispute_create
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import report_compile, report_set_table2

YEAR = 2026  # the cast's frozen "today" is 2 March 2026


def some_records(cast: Any) -> None:
    """Two granted (archived) applications, one lapsed 补正, one in progress, a dispute."""
    make_case(cast, Status.ARCHIVED)
    make_case(cast, Status.ARCHIVED)
    make_case(cast, Status.CLOSED)
    make_case(cast, Status.IN_PROGRESS)
    dispute_create(
        agency=cast.office,
        acting_user=cast.handler,
        kind="reconsideration",
        filed_on=dt.date(2026, 2, 1),
        result="upheld",
        decided_on=dt.date(2026, 3, 1),
    )


def zeros(obj: AnnualReport) -> dict[str, Any]:
    from gongkai.reports.selectors import report_data

    report = report_data(obj)
    return {c.ref: 0 for c in report.cells() if c.table == "table2"}


def compiled(cast: Any, *, filled: bool = True) -> AnnualReport:
    obj = report_compile(agency=cast.office, year=YEAR, acting_user=cast.handler)
    if filled:
        obj = report_set_table2(obj=obj, values=zeros(obj), acting_user=cast.handler)
    return obj
