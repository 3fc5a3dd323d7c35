"""The 汇总, the deadlines of legal.md §2.7, the supervisor's overview, the demo seed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse

from gongkai.accounts.models import Membership, Role
from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_create
from gongkai.demo.reports import report_demo_seed
from gongkai.law.reports import Level, statutory_deadline
from gongkai.reports.models import AnnualReport, ReportEvent, ReportSettings
from gongkai.reports.selectors import government_level, report_data, report_deadline
from gongkai.reports.services import (
    ReportError,
    compilation,
    report_aggregate,
    report_approve,
    report_compile,
    report_publish,
    report_set_sections,
    report_set_table2,
    report_submit,
)
from gongkai.reports.tests.helpers import YEAR, compiled, some_records
from gongkai.testing import PASSWORD, at

Kind = Agency.Kind


def approved(cast, *, publish: bool = False) -> AnnualReport:
    obj = compiled(cast)
    report_submit(obj=obj, acting_user=cast.admin, acknowledge_warnings=True)
    obj = report_approve(obj=obj, acting_user=cast.head)
    if publish:
        obj = report_publish(obj=obj, acting_user=cast.head)
    return obj


def bureau_report(cast, status: str, **cells) -> AnnualReport:
    obj = report_compile(agency=cast.bureau, year=YEAR, acting_user=cast.outsider)
    report = report_data(obj)
    values = {c.ref: 0 for c in report.cells() if c.table == "table2"}
    values.update(cells)
    obj = report_set_table2(obj=obj, values=values, acting_user=cast.outsider)
    AnnualReport.objects.filter(pk=obj.pk).update(status=status)
    obj.refresh_from_db()
    return obj


# -- deadlines (legal.md §2.7) ----------------------------------------------------


@pytest.mark.parametrize("kind", [Kind.DEPARTMENT, Kind.TOWN, Kind.OFFICE, Kind.OTHER])
def test_departments_townships_and_the_office_publish_by_31_january(kind):
    deadline = statutory_deadline(2025, government=kind == Kind.GOVERNMENT)
    assert deadline.date == dt.date(2026, 1, 31)
    assert "第四十九条第一款" in deadline.basis


@pytest.mark.parametrize(
    ("level", "day"),
    [
        (Level.COUNTY, dt.date(2026, 2, 20)),
        (Level.PREFECTURE, dt.date(2026, 3, 10)),
        (Level.PROVINCE, dt.date(2026, 3, 31)),
    ],
)
def test_the_aggregated_report_is_due_by_the_level_of_the_government(level, day):
    deadline = statutory_deadline(2025, government=True, aggregated=True, level=level)
    assert deadline.date == day
    assert "国办公开办函〔2021〕30号" in deadline.basis


def test_the_governments_own_report_is_due_by_31_march():
    deadline = statutory_deadline(2025, government=True)
    assert deadline.date == dt.date(2026, 3, 31)
    assert "第四十九条第二款" in deadline.basis


def test_the_level_is_read_from_the_tree_unless_configured(cast):
    assert government_level(cast.city) == Level.COUNTY
    county = agency_create(
        name="示例县人民政府", code="county", kind=Kind.GOVERNMENT, parent=cast.city
    )
    assert government_level(cast.city) == Level.PREFECTURE
    agency_create(name="某镇人民政府", code="town", kind=Kind.TOWN, parent=county)
    assert government_level(county) == Level.COUNTY
    ReportSettings.objects.create(agency=cast.city, level=Level.PROVINCE)
    assert government_level(cast.city) == Level.PROVINCE
    assert report_deadline(cast.city, 2025, aggregated=True).date == dt.date(
        2026, 3, 31
    )


def test_an_earlier_local_deadline_is_used(cast):
    ReportSettings.objects.create(agency=cast.office, own_month=1, own_day=26)
    deadline = report_deadline(cast.office, 2025)
    assert deadline.date == dt.date(2026, 1, 26)
    assert deadline.national == dt.date(2026, 1, 31)
    assert deadline.is_local


def test_a_local_deadline_never_exceeds_the_national_one(cast):
    settings = ReportSettings(agency=cast.office, own_month=2, own_day=5)
    with pytest.raises(ValidationError, match="不能晚于国家规定的期限（1月31日）"):
        settings.full_clean()
    settings.save()  # saved around the form: still never used
    assert report_deadline(cast.office, 2025).date == dt.date(2026, 1, 31)
    half = ReportSettings(agency=cast.bureau, aggregate_month=2)
    with pytest.raises(ValidationError, match="请同时填写月和日"):
        half.full_clean()


# -- the 汇总 ---------------------------------------------------------------------


def test_the_aggregate_adds_the_approved_reports_and_lists_the_missing(cast):
    some_records(cast)
    office = approved(cast)
    obj = report_aggregate(agency=cast.city, year=YEAR, acting_user=cast.supervisor)
    assert obj.source == AnnualReport.Source.AGGREGATED
    assert obj.status == AnnualReport.Status.DRAFT
    assert obj.agency == cast.city
    total, part = report_data(obj), report_data(office)
    for info in total.cells():
        assert info.value == part.get(info.ref), info.ref
    event = obj.events.get(kind=ReportEvent.Kind.AGGREGATED)
    assert event.data["included"] == [cast.office.name]
    assert event.data["missing"] == [
        {"agency": cast.bureau.name, "status": "未编制", "deadline": "2027-01-31"}
    ]


def test_drafts_do_not_count_and_literals_count_as_zero_with_a_note(cast):
    some_records(cast)
    office = approved(cast, publish=True)
    bureau_report(cast, AnnualReport.Status.APPROVED, **{"table2.rules.issued": "/"})
    obj = report_aggregate(agency=cast.city, year=YEAR, acting_user=cast.supervisor)
    assert report_data(obj).get("table2.rules.issued") == 0
    event = obj.events.get()
    assert event.data["missing"] == []
    (note,) = event.data["notes"]
    assert cast.bureau.name in note and "“/”" in note and "按 0 计算" in note
    assert report_data(obj).get("table3.granted.total") == report_data(office).get(
        "table3.granted.total"
    )


def test_a_lower_government_takes_part_with_its_own_aggregate(cast):
    county = agency_create(
        name="示例县人民政府", code="county", kind=Kind.GOVERNMENT, parent=cast.city
    )
    report_aggregate(agency=county, year=YEAR, acting_user=cast.supervisor)
    obj = report_aggregate(agency=cast.city, year=YEAR, acting_user=cast.supervisor)
    missing = {m["agency"]: m for m in obj.events.get().data["missing"]}
    assert missing[county.name]["status"] == "草稿"
    assert missing[county.name]["deadline"] == "2027-02-20"  # 县级汇总


def test_re_aggregating_keeps_the_narrative_and_stops_once_submitted(cast):
    obj = report_aggregate(agency=cast.city, year=YEAR, acting_user=cast.supervisor)
    report_set_sections(
        obj=obj, sections={"overview": "全市总体情况。"}, acting_user=cast.supervisor
    )
    obj = report_aggregate(agency=cast.city, year=YEAR, acting_user=cast.supervisor)
    assert report_data(obj).sections["overview"] == "全市总体情况。"
    assert AnnualReport.objects.filter(source="aggregated").count() == 1
    report_submit(obj=obj, acting_user=cast.supervisor, acknowledge_warnings=True)
    with pytest.raises(ReportError, match="已提交"):
        report_aggregate(agency=cast.city, year=YEAR, acting_user=cast.supervisor)


def test_the_aggregate_has_its_own_workflow_and_the_figures_are_not_typed(cast):
    obj = report_aggregate(agency=cast.city, year=YEAR, acting_user=cast.supervisor)
    with pytest.raises(PermissionDenied):
        report_set_table2(
            obj=obj, values={"table2.rules.issued": 1}, acting_user=cast.supervisor
        )
    city_head = cast.city_head
    with pytest.raises(ReportError, match="不能直接修改"):
        report_set_table2(
            obj=obj, values={"table2.rules.issued": 1}, acting_user=city_head
        )
    obj = report_submit(obj=obj, acting_user=cast.supervisor, acknowledge_warnings=True)
    with pytest.raises(PermissionDenied):
        report_approve(obj=obj, acting_user=cast.supervisor)
    obj = report_approve(obj=obj, acting_user=city_head)
    obj = report_publish(obj=obj, acting_user=city_head)
    assert obj.locked
    # the city's own report and its 汇总 live side by side
    assert compilation.agency_reports(cast.city, YEAR).count() == 0


@pytest.mark.parametrize("who", ["outsider", "head", "handler"])
def test_only_the_supervising_office_or_the_governments_head_aggregate(cast, who):
    with pytest.raises(PermissionDenied):
        report_aggregate(agency=cast.city, year=YEAR, acting_user=getattr(cast, who))


def test_the_aggregate_of_a_year_not_begun_is_refused(cast):
    with pytest.raises(ReportError, match="尚未开始"):
        report_aggregate(agency=cast.city, year=YEAR + 1, acting_user=cast.supervisor)


# -- two compiles at once -----------------------------------------------------------


def test_two_simultaneous_compiles_of_a_new_year_end_in_a_chinese_message(
    cast, monkeypatch
):
    """The second compile did not see the first one's row: the unique constraint
    refuses it, and the user is asked to reload; nothing is half-written."""
    compiled(cast, filled=False)
    monkeypatch.setattr(
        compilation, "agency_reports", lambda a, y: AnnualReport.objects.none()
    )
    with pytest.raises(ReportError, match="正由他人同时生成"):
        report_compile(agency=cast.office, year=YEAR, acting_user=cast.handler)
    assert AnnualReport.objects.count() == 1
    assert ReportEvent.objects.count() == 1


def test_the_compile_page_answers_a_race_in_chinese(client, cast, monkeypatch):
    def racing(**kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(compilation, "_compile", racing)
    assert client.login(username=cast.handler.username, password=PASSWORD)
    response = client.post(
        reverse("reports:compile"), {"agency": cast.office.pk, "year": YEAR}
    )
    assert response.status_code == 400
    assert "正由他人同时生成" in response.content.decode()


# -- the supervisor's overview ---------------------------------------------------------


def test_the_overview_lists_every_agency_below_with_status_findings_and_days(
    client, cast
):
    obj = compiled(cast)
    assert client.login(username=cast.supervisor.username, password=PASSWORD)
    page = client.get(reverse("reports:overview"), {"year": YEAR}).content.decode()
    for agency in (cast.city, cast.office, cast.bureau):
        assert agency.name in page
    assert reverse("reports:detail", args=[obj.pk]) in page
    assert "2027年1月31日" in page  # office and bureau
    assert "2027年2月20日" in page  # the city's 汇总 (县级 by the tree)
    assert 'aria-label="汇总示例市人民政府"' in page
    assert 'data-overdue="true"' not in page


def test_the_overview_shows_overdue_reports_in_red(client, cast, frozen_time):
    compiled(cast)
    frozen_time.move_to(at(dt.date(2027, 2, 3)))
    assert client.login(username=cast.supervisor.username, password=PASSWORD)
    page = client.get(reverse("reports:overview"), {"year": YEAR}).content.decode()
    assert page.count('data-overdue="true"') == 2  # office and bureau; 汇总 not yet
    assert "已逾期 3 天" in page


def test_only_supervisors_open_the_overview(client, cast):
    assert client.login(username=cast.head.username, password=PASSWORD)
    assert client.get(reverse("reports:overview")).status_code == 403


def test_the_supervisor_builds_the_aggregate_from_the_overview(client, cast):
    approved(cast)
    assert client.login(username=cast.supervisor.username, password=PASSWORD)
    response = client.post(
        reverse("reports:aggregate"), {"agency": cast.city.pk, "year": YEAR}
    )
    obj = AnnualReport.objects.get(source="aggregated")
    assert response.url == reverse("reports:detail", args=[obj.pk])
    page = client.get(response.url).content.decode()
    assert "汇总范围" in page and "（未计入）" in page and "重新汇总" in page
    assert "还有 1 个机关的报告未到齐" in page
    outsider = client.__class__()
    assert outsider.login(username=cast.outsider.username, password=PASSWORD)
    refused = outsider.post(
        reverse("reports:aggregate"), {"agency": cast.city.pk, "year": YEAR}
    )
    assert refused.status_code == 403


# -- the demo -------------------------------------------------------------------------


def test_the_demo_seed_compiles_the_demo_offices_report_once(cast):
    assert report_demo_seed() is None  # no demo loaded
    Agency.objects.filter(pk=cast.office.pk).update(code="demo-office")
    obj = report_demo_seed(year=YEAR)
    assert obj is not None and obj.status == AnnualReport.Status.DRAFT
    report = report_data(obj)
    assert all(c.value is not None for c in report.cells() if c.table == "table2")
    assert "演示数据" in report.sections["overview"]
    assert report_demo_seed(year=YEAR) == obj
    assert Membership.objects.filter(agency=cast.office, role=Role.ADMIN).exists()


def test_an_incomplete_aggregate_is_warned_not_passed(client, cast):
    """Issue 10: a 汇总 missing agencies, with 一、五、六 empty, showed 全部规则通过."""
    from gongkai.reports.selectors import report_findings
    from gongkai.reports.services import report_set_sections

    some_records(cast)
    approved(cast)
    obj = report_aggregate(agency=cast.city, year=YEAR, acting_user=cast.supervisor)
    rules = {f.rule: f for f in report_findings(obj)}
    assert rules["aggregate.missing_parts"].message.endswith(
        f"未计入：{cast.bureau.name}（报告未审核或未编制）"
    )
    assert "一、总体情况、五、存在的主要问题及改进情况、六、其他需要报告的事项" in (
        rules["aggregate.empty_sections"].message
    )
    assert client.login(username=cast.supervisor.username, password=PASSWORD)
    page = client.get(reverse("reports:detail", args=[obj.pk])).content.decode()
    assert "全部规则通过" not in page and "未计入" in page
    obj = report_set_sections(
        obj=obj,
        sections={"overview": "总体情况。", "problems": "问题。", "other": "无。"},
        acting_user=cast.supervisor,
    )
    rules = {f.rule for f in report_findings(obj)}
    assert "aggregate.empty_sections" not in rules
    assert "aggregate.missing_parts" in rules
