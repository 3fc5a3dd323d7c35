"""Hand-built records of the office for 2026, one or more behind every automatic
indicator, with what each figure and score must then be (counted by hand).

At ``TODAY`` (2 March 2026) the year runs, so "still overdue" is counted today.

Office (示例市人民政府办公室):

- applications: one received and answered today (on time); one received on
  5 January and answered today (late: its 20 working days ended in February);
  one received on 5 January and still unanswered (open, overdue);
  → on time 1 of 2 replies = 50%; overdue 1 late + 1 open = 2;
- 社会评议: the on-time reply 满意, the late one 不满意 → 1 of 2 = 50%;
- catalogue: one item made 27 February and published today (on time), one
  made 5 January and published today (late), one made 5 January still a draft
  (overdue) → 1 on time of 2 published + 1 overdue = 1/3;
- the 2025 annual report published 20 January (by its 31 January deadline),
  its stored rule check found 3 errors;
- disputes: a reconsideration 纠正 on 1 February (counts); one 维持 (does not);
  a litigation 纠正 where the office was only co-defendant (does not); one
  纠正 decided in 2025 (another year: does not) → 1;
- link check: a problem first seen 1 February, open (counts); one seen 1
  February and fixed 15 February (does not) → 1.

Bureau: nothing at all, and no 2025 annual report (its deadline has passed).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from gongkai.disputes.services import dispute_create
from gongkai.linkcheck.models import Problem
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import report_compile
from gongkai.supervision.services import evaluation_submit
from gongkai.supervision.tests.conftest import answered, assigned
from gongkai.testing import Cast, at

#: The office's figures (``indicators.measure``) and scores under the default set.
OFFICE_FIGURES = {
    "on_time_rate": "50.0%（1/2）",
    "overdue_count": "2",
    "publication_rate": "33.3%（1/3）",
    "report_on_time": "是",
    "report_errors": "3",
    "satisfaction_rate": "50.0%（1/2）",
    "disputes_corrected": "1",
    "bulletin_problems_unfixed": "0",
    "link_problems_open": "1",
}
OFFICE_SCORES = {
    "on_time": Decimal("7.50"),  # 15 × 50%
    "overdue": Decimal("6.00"),  # 10 − 2 × 2
    "publication": Decimal("0.00"),  # 33.3% ≤ 60%
    "report_on_time": Decimal("10.00"),
    "report_quality": Decimal("2.00"),  # 5 − 3 × 1
    "satisfaction": Decimal("0.00"),  # exactly the lower edge 50%
    "disputes": Decimal("5.00"),  # 10 − 1 × 5
    "rectification": Decimal("10.00"),
    "links": Decimal("4.00"),  # 5 − 1 × 1
    "work_plan": Decimal("0.00"),  # not yet scored
}
BUREAU_SCORES = {
    "on_time": Decimal("15.00"),  # no replies: full
    "overdue": Decimal("10.00"),
    "publication": Decimal("15.00"),  # nothing due: full
    "report_on_time": Decimal("0.00"),  # past its deadline, missing
    "report_quality": Decimal("0.00"),  # no report to check: zero
    "satisfaction": Decimal("10.00"),  # no evaluations: full
    "disputes": Decimal("10.00"),
    "rectification": Decimal("10.00"),
    "links": Decimal("5.00"),
    "work_plan": Decimal("0.00"),
}


def busy_office(cast: Cast) -> None:
    on_time = answered(cast)
    late = answered(cast, arrived_on=dt.date(2026, 1, 5))
    assigned(cast, arrived_on=dt.date(2026, 1, 5))
    evaluation_submit(case=on_time, rating="satisfied", reasons=[])
    evaluation_submit(case=late, rating="dissatisfied", reasons=["late"])
    cast.published(generated_on=dt.date(2026, 2, 27), title="按时公开的信息")
    cast.published(generated_on=dt.date(2026, 1, 5), title="超期公开的信息")
    cast.item(generated_on=dt.date(2026, 1, 5), title="逾期未公开的信息")
    report = report_compile(agency=cast.office, year=2025, acting_user=cast.handler)
    # Published on 20 January; its stored rule check (as report_publish stores it).
    AnnualReport.objects.filter(pk=report.pk).update(
        status=AnnualReport.Status.PUBLISHED,
        published_at=at(dt.date(2026, 1, 20)),
        findings_errors=3,
    )
    disputes = [
        ("reconsideration", "corrected", dt.date(2026, 2, 1), False),
        ("reconsideration", "upheld", dt.date(2026, 2, 1), False),
        ("litigation_direct", "corrected", dt.date(2026, 2, 1), True),
        ("reconsideration", "corrected", dt.date(2025, 12, 1), False),
    ]
    for kind, result, decided_on, co_defendant in disputes:
        dispute_create(
            agency=cast.office,
            acting_user=cast.handler,
            kind=kind,
            filed_on=dt.date(2025, 11, 1),
            result=result,
            decided_on=decided_on,
            co_defendant_only=co_defendant,
        )
    for key, fixed in (("open", None), ("fixed", at(dt.date(2026, 2, 15)))):
        Problem.objects.create(
            agency=cast.office,
            key=key,
            kind="broken",
            url=f"http://www.example.gov.cn/{key}.html",
            detail="服务器返回 404",
            first_seen_at=at(dt.date(2026, 2, 1)),
            last_seen_at=fixed or timezone.now(),
            fixed_at=fixed,
        )
