"""The demo command: every state present, table 三 of the demo year passes every rule, idempotent."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import time_machine
from django.core.management import call_command

from gongkai.agencies.models import Agency
from gongkai.cases.models import Case, Status
from gongkai.cases.selectors import table3_findings, table3_report
from gongkai.demo.province import ACCOUNTS, DEMO_PASSWORD
from gongkai.testing import at

DEMO_TODAY = dt.date(2026, 11, 20)


def test_the_demo_year(db, client):
    out = StringIO()
    with time_machine.travel(at(DEMO_TODAY), tick=False):
        call_command("demo", "--no-letters", stdout=out)
    text = out.getvalue()
    assert DEMO_PASSWORD in text and all(username in text for username, *_ in ACCOUNTS)
    assert set(Case.objects.values_list("status", flat=True)) == set(Status.values)

    for agency in Agency.objects.all():
        for year in (DEMO_TODAY.year - 1, DEMO_TODAY.year):
            report = table3_report(agency, year)
            assert table3_findings(agency, year, report) == [], (agency.code, year)
    office = Agency.objects.get(code="demo-office")
    assert table3_report(office, DEMO_TODAY.year).get("table3.total.total") > 20

    from gongkai.assessment.models import Assessment

    assessment = Assessment.objects.get(agency__code="demo-city")
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.sheets.count() == 5  # every agency below the city
    assert "绩效考核" in text

    count = Case.objects.count()
    with time_machine.travel(at(DEMO_TODAY), tick=False):
        call_command("demo", "--no-letters", stdout=StringIO())
    assert Case.objects.count() == count
    assert client.login(username="jiandu", password=DEMO_PASSWORD)
