"""The staff report pages: list with the deadline, the report, edits, workflow, import."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.annual.model import Report
from gongkai.annual.render import render_html
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import report_data
from gongkai.reports.tests.helpers import YEAR, compiled, some_records, zeros
from gongkai.testing import PASSWORD


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _t2(obj, **changes):
    data = {ref.replace(".", "__"): "0" for ref in zeros(obj)}
    data.update(changes)
    return data


def test_the_list_shows_the_users_reports_with_the_statutory_deadline(client, cast):
    obj = compiled(cast)
    _login(client, cast.handler)
    page = client.get(reverse("reports:list")).content.decode()
    assert obj.agency_name in page
    assert "2027年1月31日" in page  # 2026 report: 1月31日 of the next year
    assert "2026年1月31日" in page  # the 2025 report, due this year
    assert "由办理记录生成" in page


def test_an_outsider_neither_lists_nor_opens_the_report(client, cast):
    obj = compiled(cast)
    _login(client, cast.outsider)
    assert obj.agency_name not in client.get(reverse("reports:list")).content.decode()
    assert client.get(reverse("reports:detail", args=[obj.pk])).status_code == 404
    url = reverse("reports:download", args=[obj.pk, "json"])
    assert client.get(url).status_code == 404


def test_visitors_are_sent_to_log_in(client, cast):
    assert client.get(reverse("reports:list")).status_code == 302


def test_compiling_from_the_list_opens_the_report_in_the_official_layout(client, cast):
    some_records(cast)
    _login(client, cast.handler)
    response = client.post(
        reverse("reports:compile"), {"agency": cast.office.pk, "year": YEAR}
    )
    obj = AnnualReport.objects.get()
    assert response.status_code == 302
    page = client.get(reverse("reports:detail", args=[obj.pk])).content.decode()
    assert 'data-ref="table3.granted.total"' in page
    assert "三、收到和处理政府信息公开申请情况" in page
    # Blank table 二 cells are warnings, highlighted in the table (规章 and
    # 行政规范性文件 are counted from the catalogue, so not blank).
    assert 'data-ref="table2.licensing.decisions" class="gk-flag-' in page
    assert 'data-ref="table2.rules.issued" class=' not in page
    assert "本年制发件数" in page  # the table 二 form's labels come from formats
    assert "六、其他需要报告的事项" in page


def test_an_invalid_year_is_refused_in_chinese_and_nothing_is_saved(client, cast):
    _login(client, cast.handler)
    response = client.post(
        reverse("reports:compile"), {"agency": cast.office.pk, "year": 2018}
    )
    assert response.status_code == 400
    assert "不能早于2019年" in response.content.decode()
    assert AnnualReport.objects.count() == 0


def test_table2_figures_are_entered_and_bad_ones_refused(client, cast):
    obj = compiled(cast, filled=False)
    _login(client, cast.handler)
    url = reverse("reports:table2", args=[obj.pk])
    bad = client.post(url, _t2(obj, table2__licensing__decisions="-1"))
    assert bad.status_code == 400
    assert "件数不能为负数" in bad.content.decode()
    assert (
        report_data(AnnualReport.objects.get()).get("table2.licensing.decisions")
        is None
    )
    good = client.post(
        url,
        _t2(
            obj, table2__licensing__decisions="7", table2__fees_10k_yuan__amount="1.25"
        ),
    )
    assert good.status_code == 302
    report = report_data(AnnualReport.objects.get())
    assert report.get("table2.licensing.decisions") == 7
    assert str(report.get("table2.fees_10k_yuan.amount")) == "1.25"


def test_the_narrative_is_edited_in_the_browser(client, cast):
    obj = compiled(cast)
    _login(client, cast.handler)
    response = client.post(
        reverse("reports:sections", args=[obj.pk]),
        {"overview": "本年度总体情况。", "problems": "问题与改进。", "other": "无。"},
    )
    assert response.status_code == 302
    assert (
        report_data(AnnualReport.objects.get()).sections["problems"] == "问题与改进。"
    )


def test_a_supervisor_reads_the_report_but_cannot_change_it(client, cast):
    obj = compiled(cast)
    _login(client, cast.supervisor)
    page = client.get(reverse("reports:detail", args=[obj.pk])).content.decode()
    assert "保存表二" not in page and "提交审核" not in page
    response = client.post(reverse("reports:table2", args=[obj.pk]), _t2(obj))
    assert response.status_code == 403
    response = client.post(reverse("reports:submit", args=[obj.pk]))
    assert response.status_code == 403
    assert client.post(reverse("reports:recompile", args=[obj.pk])).status_code == 403


def test_warnings_block_submission_until_acknowledged(client, cast):
    obj = compiled(cast, filled=False)
    _login(client, cast.admin)
    url = reverse("reports:submit", args=[obj.pk])
    response = client.post(url)
    assert response.status_code == 400
    assert "请逐项核实" in response.content.decode()
    assert AnnualReport.objects.get().status == "draft"
    assert client.post(url, {"acknowledge_warnings": "on"}).status_code == 302
    assert AnnualReport.objects.get().status == "submitted"


def test_a_return_needs_a_reason(client, cast):
    obj = compiled(cast)
    _login(client, cast.head)
    client.post(reverse("reports:submit", args=[obj.pk]))
    response = client.post(reverse("reports:return", args=[obj.pk]))
    assert response.status_code == 400
    assert "请填写退回理由" in response.content.decode()
    assert AnnualReport.objects.get().status == "submitted"


def test_the_whole_workflow_through_the_pages_ends_on_the_portal(client, cast):
    some_records(cast)
    obj = compiled(cast)
    # 分权审批 (on by default): the head who submits may not approve.
    _login(client, cast.head)
    response = client.post(reverse("reports:submit", args=[obj.pk]))
    assert response.status_code == 302, response.content.decode()
    refused = client.post(reverse("reports:approve", args=[obj.pk]))
    assert refused.status_code == 400
    assert "提交年度报告的人不能审核" in refused.content.decode()
    client.post(reverse("reports:return", args=[obj.pk]), {"reason": "请复核"})
    _login(client, cast.admin)
    response = client.post(reverse("reports:submit", args=[obj.pk]))
    assert response.status_code == 302, response.content.decode()
    _login(client, cast.head)
    for action in ("approve", "publish"):
        response = client.post(reverse(f"reports:{action}", args=[obj.pk]))
        assert response.status_code == 302, response.content.decode()
    obj.refresh_from_db()
    assert obj.status == "published"
    page = client.get(reverse("reports:detail", args=[obj.pk])).content.decode()
    assert "已锁定" in page and "保存表二" not in page
    again = client.post(reverse("reports:approve", args=[obj.pk]))
    assert again.status_code == 400
    portal = client.get(reverse("portal:report-list")).content.decode()
    assert obj.agency_name in portal


def test_staff_download_the_report(client, cast):
    obj = compiled(cast)
    _login(client, cast.handler)
    docx = client.get(reverse("reports:download", args=[obj.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    data = client.get(reverse("reports:download", args=[obj.pk, "json"]))
    assert data.json()["schema"] == "gongkai-annual-report/1"
    assert (
        client.get(reverse("reports:download", args=[obj.pk, "exe"])).status_code == 404
    )


def _published_file() -> bytes:
    report = Report.blank(agency="示例市人民政府办公室", year=YEAR - 1)
    for key in report.table3:
        report.table3[key] = [0] * 7
    report.table3["new_received"] = [2, 0, 0, 0, 0, 0, 2]
    report.table3["granted"] = [2, 0, 0, 0, 0, 0, 2]
    report.table3["total"] = [2, 0, 0, 0, 0, 0, 2]
    for key in report.table2:
        report.table2[key] = [0] * len(report.table2[key])
    report.table4 = [0] * 15
    return render_html(report).encode()


def test_last_years_published_report_is_imported_after_a_preview(client, cast):
    _login(client, cast.admin)
    upload = SimpleUploadedFile("2025年报.html", _published_file(), "text/html")
    preview = client.post(
        reverse("reports:import"),
        {"agency": cast.office.pk, "year": YEAR - 1, "file": upload},
    )
    assert preview.status_code == 200
    assert "确认导入" in preview.content.decode()
    assert AnnualReport.objects.count() == 0
    response = client.post(reverse("reports:import-confirm"))
    assert response.status_code == 302
    obj = AnnualReport.objects.get()
    assert (obj.agency, obj.year, obj.status, obj.source) == (
        cast.office,
        YEAR - 1,
        "published",
        "imported",
    )
    assert report_data(obj).get("table3.granted.total") == 2


def test_an_unreadable_file_is_refused_in_chinese_and_nothing_is_saved(client, cast):
    _login(client, cast.admin)
    upload = SimpleUploadedFile("x.pdf", b"not a pdf at all", "application/pdf")
    response = client.post(
        reverse("reports:import"),
        {"agency": cast.office.pk, "year": YEAR - 1, "file": upload},
    )
    assert response.status_code == 400
    assert "无法读取该报告" in response.content.decode()
    assert AnnualReport.objects.count() == 0


def test_a_handler_cannot_import(client, cast):
    _login(client, cast.handler)
    assert client.get(reverse("reports:import")).status_code == 403
