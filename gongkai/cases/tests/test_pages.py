"""The staff pages render in every state, with a constant number of queries on lists."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.cases.models import Status
from gongkai.cases.tests.states import make_case, post_data


@pytest.mark.parametrize("status", list(Status))
def test_the_case_page_renders_in_every_state_with_labelled_forms(cast, client, status):
    case = make_case(cast, status)
    client.force_login(cast.head)
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "办理记录" in html
    for _spec, form in response.context["action_forms"]:
        for field in form.visible_fields():
            assert f'for="{field.id_for_label}"' in html or getattr(
                field.field.widget, "input_type", ""
            ) in ("radio", "checkbox")


def _list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cases:list")).status_code == 200
    return len(queries)


def test_the_list_page_does_not_query_per_row(cast, client):
    client.force_login(cast.supervisor)
    make_case(cast, Status.IN_PROGRESS)
    few = _list_queries(client)
    for _ in range(5):
        make_case(cast, Status.IN_PROGRESS)
    assert _list_queries(client) == few


def test_the_dashboard_lists_overdue_and_paused(cast, client, frozen_time):
    import datetime as dt

    from gongkai.testing import at

    in_progress = make_case(cast, Status.IN_PROGRESS)
    paused = make_case(cast, Status.CONSULTING)
    frozen_time.move_to(at(dt.date(2026, 4, 15)))
    client.force_login(cast.handler)
    response = client.get(reverse("cases:dashboard"))
    assert in_progress in list(response.context["overdue"])
    assert paused in list(response.context["paused"])
    assert paused not in list(response.context["overdue"])


def test_the_table_three_page_links_each_figure(cast, client):
    make_case(cast, Status.REPLIED)
    client.force_login(cast.head)
    response = client.get(
        reverse("cases:table3"), {"agency": cast.office.pk, "year": 2026}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-ref="table3.granted.natural_person"' in html
    assert "勾稽关系全部通过" in html
    link = next(
        c["url"]
        for r in response.context["rows"]
        for c in r["cells"]
        if c["ref"] == "table3.granted.natural_person"
    )
    assert client.get(link).context["page"].paginator.count == 1


def test_the_table_three_page_has_the_official_layout(cast, client):
    """Corner note, 申请人情况 › 法人或其他组织, and the row groups span as in the template."""
    make_case(cast, Status.REPLIED)
    client.force_login(cast.head)
    html = client.get(
        reverse("cases:table3"), {"agency": cast.office.pk, "year": 2026}
    ).content.decode()
    assert 'rowspan="3" colspan="3">（本列数据的勾稽关系为' in html
    assert 'colspan="7">申请人情况</th>' in html
    assert 'colspan="5">法人或其他组织</th>' in html
    assert 'rowspan="22">三、本年度办理结果</th>' in html
    for group in (
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
        "（六）其他处理",
    ):
        assert f">{group}</th>" in html
    assert 'aria-label="（二）部分公开 × 自然人：0件"' in html


def test_the_timeline_speaks_chinese(cast, client):
    """Statuses by their labels, dates as 年月日, labels ending in the full-width colon."""
    case = make_case(cast, Status.IN_PROGRESS)
    client.force_login(cast.head)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    timeline = html.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    assert "（已登记待分办 → 办理中）" in timeline
    assert "registered" not in timeline.replace('data-kind="registered"', "")
    shown = re.sub(r'datetime="[^"]*"', "", timeline)
    assert "2026年3月" in shown and not re.search(r"\d{4}-\d{2}-\d{2}", shown)
    assert ":</label>" not in html and "：</label>" in html


@pytest.mark.parametrize("status", list(Status))
def test_every_element_id_on_the_case_page_is_unique(cast, client, status):
    """Each action form has its own ids (id_<action>_<field>), so a label names one input."""
    case = make_case(cast, status)
    for user in (cast.registrar, cast.handler, cast.head):
        client.force_login(user)
        response = client.get(reverse("cases:detail", args=[case.pk]))
        ids = re.findall(r'\sid="([^"]+)"', response.content.decode())
        assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
        for spec, form in response.context["action_forms"]:
            for field in form.visible_fields():
                assert field.auto_id.startswith(f"id_{spec.slug}_")


def test_the_case_header_hides_the_internal_version(cast, client):
    """The version counter guards concurrent edits; staff never see it, forms carry it."""
    case = make_case(cast, Status.IN_PROGRESS)
    client.force_login(cast.head)
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "版本" not in html
    assert f'type="hidden" name="version" value="{case.version}"' in html


def test_the_head_sees_pending_extension_requests_beside_replies_to_approve(
    cast, client
):
    """Only the head approves an extension (条例第三十三条第二款), so only the head has the queue."""
    case = make_case(cast, Status.IN_PROGRESS)
    client.force_login(cast.handler)
    response = client.post(
        reverse("cases:request-extension", args=[case.pk]),
        post_data(cast, case, "request-extension"),
    )
    assert response.status_code == 302
    dashboard = client.get(reverse("cases:dashboard"))
    assert dashboard.context["extensions"] is None
    assert "待审批的延期申请" not in dashboard.content.decode()

    client.force_login(cast.head)
    dashboard = client.get(reverse("cases:dashboard"))
    assert list(dashboard.context["extensions"]) == [case]
    assert "待审批的延期申请（1）" in dashboard.content.decode()


def test_the_dashboard_warns_when_next_years_holidays_are_missing(
    cast, client, monkeypatch
):
    client.force_login(cast.handler)
    monkeypatch.setattr(
        "gongkai.cases.views.staff.calendar_warnings",
        lambda: ["尚未录入2027年的节假日安排"],
    )
    html = client.get(reverse("cases:dashboard")).content.decode()
    assert 'role="alert">尚未录入2027年的节假日安排' in html
    monkeypatch.setattr("gongkai.cases.views.staff.calendar_warnings", lambda: [])
    html = client.get(reverse("cases:dashboard")).content.decode()
    assert 'class="alert-urgent"' not in html
