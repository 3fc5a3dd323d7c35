"""The annual report's services: compile from the records, edit, workflow, lock, import."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from gongkai.annual import rules
from gongkai.annual.model import Report
from gongkai.cases.selectors import table3_report
from gongkai.disputes.selectors import table4_cells
from gongkai.reports.models import AnnualReport, ReportEvent
from gongkai.reports.selectors import (
    published_reports,
    report_data,
    report_findings,
)
from gongkai.reports.services import (
    ReportError,
    SubmissionBlocked,
    report_approve,
    report_compile,
    report_import,
    report_publish,
    report_return,
    report_set_sections,
    report_set_table2,
    report_submit,
)
from gongkai.reports.tests.helpers import YEAR, compiled, some_records

S = AnnualReport.Status


def _published(cast) -> AnnualReport:
    obj = compiled(cast)
    report_submit(obj=obj, acting_user=cast.admin, acknowledge_warnings=True)
    report_approve(obj=obj, acting_user=cast.head)
    return report_publish(obj=obj, acting_user=cast.head)


# -- compile ------------------------------------------------------------------------


def test_compiled_table3_equals_the_cases_selector_and_passes_every_rule(cast):
    some_records(cast)
    obj = compiled(cast)
    report = report_data(obj)
    assert report.table3 == table3_report(cast.office, YEAR).table3
    assert report.get("table3.new_received.total") == 4
    assert report.get("table3.granted.total") == 2
    assert report.get("table3.carried_forward.total") == 1
    assert report.table4 == table4_cells(cast.office, YEAR)
    assert report.get("table4.reconsideration_upheld") == 1
    assert rules.check(report) == []
    assert obj.agency == cast.office and obj.source == "compiled"
    assert obj.status == S.DRAFT


def test_the_2021_sixth_part_starts_with_the_fee_sentence(cast):
    obj = compiled(cast, filled=False)
    other = report_data(obj).sections["other"]
    assert "信息处理费" in other and "《政府信息公开信息处理费管理办法》" in other


def test_recompiling_refreshes_the_computed_tables_and_keeps_the_entered_figures(cast):
    obj = compiled(cast)
    obj = report_set_table2(
        obj=obj, values={"table2.licensing.decisions": 12}, acting_user=cast.handler
    )
    report_set_sections(
        obj=obj, sections={"overview": "本年度工作概述。"}, acting_user=cast.handler
    )
    some_records(cast)
    obj = report_compile(agency=cast.office, year=YEAR, acting_user=cast.handler)
    report = report_data(obj)
    assert report.get("table3.new_received.total") == 4
    assert report.get("table4.reconsideration_total") == 1
    assert report.get("table2.licensing.decisions") == 12
    assert report.sections["overview"] == "本年度工作概述。"
    kinds = list(obj.events.values_list("kind", flat=True))
    assert kinds[0] == "compiled" and kinds[-1] == "recompiled"
    assert AnnualReport.objects.count() == 1


@pytest.mark.parametrize("who", ["supervisor", "outsider"])
def test_only_the_agencys_staff_compile_and_edit(cast, who):
    user = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        report_compile(agency=cast.office, year=YEAR, acting_user=user)
    obj = compiled(cast)
    with pytest.raises(PermissionDenied):
        report_set_table2(obj=obj, values={}, acting_user=user)
    with pytest.raises(PermissionDenied):
        report_set_sections(obj=obj, sections={"overview": "x"}, acting_user=user)


def test_years_before_the_national_format_or_in_the_future_are_refused(cast):
    with pytest.raises(ReportError, match="2019"):
        report_compile(agency=cast.office, year=2018, acting_user=cast.handler)
    with pytest.raises(ReportError, match="尚未开始"):
        report_compile(agency=cast.office, year=YEAR + 1, acting_user=cast.handler)


def test_only_table2_cells_with_valid_values_are_entered(cast):
    obj = compiled(cast)
    with pytest.raises(ReportError):
        report_set_table2(
            obj=obj, values={"table3.granted.total": 9}, acting_user=cast.handler
        )
    with pytest.raises(ReportError, match="负数"):
        report_set_table2(
            obj=obj, values={"table2.licensing.decisions": -1}, acting_user=cast.handler
        )
    assert (
        report_data(AnnualReport.objects.get()).get("table2.licensing.decisions") == 0
    )


# -- workflow -----------------------------------------------------------------------


def test_the_workflow_from_draft_to_published_writes_one_event_per_step(cast):
    obj = _published(cast)
    assert obj.status == S.PUBLISHED and obj.locked
    assert obj.published_at is not None
    assert obj in published_reports()
    kinds = list(ReportEvent.objects.filter(report=obj).values_list("kind", flat=True))
    assert kinds[-3:] == ["submitted", "approved", "published"]
    event = ReportEvent.objects.get(report=obj, kind="published")
    assert (event.status_before, event.status_after, event.actor) == (
        "approved",
        "published",
        cast.head,
    )


def test_blank_cells_are_warnings_that_must_be_acknowledged(cast):
    obj = compiled(cast, filled=False)
    with pytest.raises(SubmissionBlocked, match="警告") as info:
        report_submit(obj=obj, acting_user=cast.admin)
    assert info.value.findings
    assert AnnualReport.objects.get().status == S.DRAFT
    obj = report_submit(obj=obj, acting_user=cast.admin, acknowledge_warnings=True)
    assert obj.status == S.SUBMITTED
    event = obj.events.get(kind="submitted")
    assert event.data["acknowledged_warnings"]


def test_an_error_blocks_submission_even_when_warnings_are_acknowledged(cast):
    obj = compiled(cast)
    obj.data["table3"]["granted"][0] = 5  # breaks the 勾稽关系
    obj.save()
    with pytest.raises(SubmissionBlocked, match="错误") as info:
        report_submit(obj=obj, acting_user=cast.admin, acknowledge_warnings=True)
    assert all(f.severity is rules.Severity.ERROR for f in info.value.findings)
    assert AnnualReport.objects.get().status == S.DRAFT


@pytest.mark.parametrize("who", ["registrar", "handler", "supervisor", "outsider"])
def test_only_the_administrator_or_the_head_submit(cast, who):
    obj = compiled(cast)
    with pytest.raises(PermissionDenied):
        report_submit(
            obj=obj, acting_user=getattr(cast, who), acknowledge_warnings=True
        )


@pytest.mark.parametrize("who", ["admin", "handler", "supervisor"])
def test_only_the_head_approves_or_returns(cast, who):
    obj = compiled(cast)
    report_submit(obj=obj, acting_user=cast.admin, acknowledge_warnings=True)
    with pytest.raises(PermissionDenied):
        report_approve(obj=obj, acting_user=getattr(cast, who))
    with pytest.raises(PermissionDenied):
        report_return(obj=obj, acting_user=getattr(cast, who), reason="再核对")


def test_a_returned_report_has_a_reason_and_can_be_edited_and_resubmitted(cast):
    obj = compiled(cast)
    report_submit(obj=obj, acting_user=cast.admin, acknowledge_warnings=True)
    with pytest.raises(ReportError, match="退回理由"):
        report_return(obj=obj, acting_user=cast.head, reason="  ")
    obj = report_return(obj=obj, acting_user=cast.head, reason="表二许可数量有误")
    assert obj.status == S.RETURNED and obj.return_reason == "表二许可数量有误"
    report_set_table2(
        obj=obj, values={"table2.licensing.decisions": 3}, acting_user=cast.handler
    )
    obj = report_submit(obj=obj, acting_user=cast.head, acknowledge_warnings=True)
    assert obj.status == S.SUBMITTED and obj.return_reason == ""


def test_transitions_out_of_order_are_refused(cast):
    obj = compiled(cast)
    with pytest.raises(ReportError, match="不能审核通过"):
        report_approve(obj=obj, acting_user=cast.head)
    with pytest.raises(ReportError, match="不能发布"):
        report_publish(obj=obj, acting_user=cast.head)
    with pytest.raises(ReportError, match="不能退回"):
        report_return(obj=obj, acting_user=cast.head, reason="x")
    report_submit(obj=obj, acting_user=cast.admin, acknowledge_warnings=True)
    with pytest.raises(ReportError, match="只有草稿或被退回"):
        report_set_table2(obj=obj, values={}, acting_user=cast.handler)
    with pytest.raises(ReportError):
        report_compile(agency=cast.office, year=YEAR, acting_user=cast.handler)
    with pytest.raises(ReportError, match="不能发布"):
        report_publish(obj=obj, acting_user=cast.head)


def test_a_published_report_is_locked(cast):
    obj = _published(cast)
    with pytest.raises(ReportError, match="锁定"):
        report_set_table2(obj=obj, values={}, acting_user=cast.handler)
    with pytest.raises(ReportError, match="锁定"):
        report_set_sections(obj=obj, sections={"overview": "x"}, acting_user=cast.head)
    with pytest.raises(ReportError, match="锁定"):
        report_compile(agency=cast.office, year=YEAR, acting_user=cast.handler)
    with pytest.raises(ReportError, match="锁定"):
        report_return(obj=obj, acting_user=cast.head, reason="x")
    assert AnnualReport.objects.get().status == S.PUBLISHED


# -- import and carry-over ------------------------------------------------------------


def _last_year(cast, carried_forward: int) -> Report:
    report = Report.blank(agency="某名称", year=YEAR - 1)
    for key in report.table3:
        report.table3[key] = [0] * 7
    report.table3["new_received"] = [carried_forward, 0, 0, 0, 0, 0, carried_forward]
    report.table3["carried_forward"] = [
        carried_forward,
        0,
        0,
        0,
        0,
        0,
        carried_forward,
    ]
    return report


def test_an_imported_report_is_stored_published_under_the_agency(cast):
    obj = report_import(
        agency=cast.office,
        year=YEAR - 1,
        report=_last_year(cast, 1),
        acting_user=cast.admin,
        filename="2025.html",
    )
    assert (obj.agency, obj.agency_name, obj.status, obj.source) == (
        cast.office,
        cast.office.name,
        S.PUBLISHED,
        "imported",
    )
    assert obj.events.get().data["parsed_agency"] == "某名称"


def test_the_carry_over_rule_compares_with_last_years_imported_report(cast):
    report_import(
        agency=cast.office,
        year=YEAR - 1,
        report=_last_year(cast, 3),
        acting_user=cast.head,
    )
    obj = compiled(cast)
    findings = report_findings(obj)
    assert any(f.rule == "table3.carry_over" for f in findings), findings


@pytest.mark.parametrize("who", ["handler", "registrar", "supervisor", "outsider"])
def test_only_the_head_or_administrator_import(cast, who):
    with pytest.raises(PermissionDenied):
        report_import(
            agency=cast.office,
            year=YEAR - 1,
            report=_last_year(cast, 0),
            acting_user=getattr(cast, who),
        )


def test_an_import_never_replaces_a_report_compiled_here(cast):
    compiled(cast)
    with pytest.raises(ReportError, match="不能用导入的报告替换"):
        report_import(
            agency=cast.office,
            year=YEAR,
            report=_last_year(cast, 0),
            acting_user=cast.head,
        )


def test_with_separation_on_the_submitter_cannot_approve(cast):
    """分权审批 (issue 11): the head who submitted the report does not approve it."""
    obj = compiled(cast)
    report_submit(obj=obj, acting_user=cast.head, acknowledge_warnings=True)
    with pytest.raises(ReportError, match="提交年度报告的人不能审核"):
        report_approve(obj=obj, acting_user=cast.head)
    cast.office.separation_of_duties = False
    cast.office.save(update_fields=["separation_of_duties"])
    obj = report_approve(obj=AnnualReport.objects.get(pk=obj.pk), acting_user=cast.head)
    assert obj.status == S.APPROVED
