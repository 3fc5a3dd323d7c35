"""政务公开工作要点: tasks, progress, completion; supervisors read, outsiders see nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.planning.models import PlanEvent, PlanTask, TaskProgress, WorkPlan
from gongkai.planning.selectors import plan_progress
from gongkai.planning.services import (
    plan_create,
    progress_add,
    task_add,
    task_update,
)
from gongkai.testing import PASSWORD


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _plan(cast):
    return plan_create(
        agency=cast.office,
        acting_user=cast.handler,
        year=2026,
        title="示例市人民政府办公室2026年政务公开工作要点",
        doc_number="示政办发〔2026〕3号",
    )


def _task(cast, plan, due=dt.date(2026, 6, 30), **extra):
    return task_add(
        plan=plan,
        acting_user=cast.handler,
        content="做好政策解读，重要政策文件解读率达到100%",
        responsible=cast.office,
        due_on=due,
        **extra,
    )


def test_completion_and_overdue_tasks(cast):
    plan = _plan(cast)
    _task(cast, plan, status="done")
    late = _task(cast, plan, due=dt.date(2026, 2, 1))  # today is 2026-03-02
    _task(cast, plan)
    _task(cast, plan, due=dt.date(2026, 1, 15), status="done")
    progress = plan_progress(plan)
    assert (progress.total, progress.done, progress.percent) == (4, 2, 50)
    assert progress.overdue == [late]


def test_a_postponed_task_needs_a_reason(cast):
    task = _task(cast, _plan(cast))
    with pytest.raises(ValidationError):
        task_update(task=task, acting_user=cast.handler, status="postponed")
    task = task_update(
        task=task,
        acting_user=cast.handler,
        status="postponed",
        postpone_reason="等待上级统一部署",
    )
    assert task.status == "postponed"


def test_every_change_writes_an_event(cast):
    plan = _plan(cast)
    task = _task(cast, plan)
    task_update(task=task, acting_user=cast.handler, status="in_progress")
    progress_add(
        task=task, acting_user=cast.handler, on=dt.date(2026, 3, 1), text="已起草"
    )
    kinds = list(PlanEvent.objects.values_list("kind", flat=True))
    assert kinds == ["created", "task_added", "task_updated", "progress"]


@pytest.mark.parametrize("who", ["supervisor", "outsider"])
def test_only_the_agencys_staff_edit_a_plan(cast, who):
    user = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        plan_create(agency=cast.office, acting_user=user, year=2026, title="要点")
    plan = _plan(cast)
    with pytest.raises(PermissionDenied):
        task_add(
            plan=plan,
            acting_user=user,
            content="任务",
            responsible=cast.office,
            due_on=dt.date(2026, 6, 30),
        )
    assert PlanTask.objects.count() == 0


def test_one_plan_per_agency_and_year(client, cast):
    _plan(cast)
    _login(client, cast.handler)
    response = client.post(
        reverse("planning:plan-create"),
        {"agency": cast.office.pk, "year": "2026", "title": "另一份要点"},
    )
    assert response.status_code == 400
    assert "该年度的政务公开工作要点已经登记" in response.content.decode()
    assert WorkPlan.objects.count() == 1


def test_staff_add_a_task_and_report_progress(client, cast):
    plan = _plan(cast)
    _login(client, cast.handler)
    response = client.post(
        reverse("planning:plan", args=[plan.pk]),
        {
            "content": "更新政府信息公开指南",
            "responsible": cast.bureau.pk,
            "due_on": "2026-02-28",
            "status": "in_progress",
        },
    )
    assert response.status_code == 302
    task = PlanTask.objects.get()
    response = client.post(
        reverse("planning:task-progress", args=[task.pk]),
        {"on": "2026-03-01", "text": "已完成初稿"},
    )
    assert response.status_code == 302
    page = client.get(reverse("planning:plan", args=[plan.pk])).content.decode()
    assert "已超期" in page
    assert "0%" in page
    assert "已完成初稿" in page


def test_invalid_task_input_is_refused_in_chinese_and_nothing_saved(client, cast):
    plan = _plan(cast)
    _login(client, cast.handler)
    response = client.post(
        reverse("planning:plan", args=[plan.pk]),
        {
            "content": "任务",
            "responsible": cast.office.pk,
            "due_on": "2026-06-30",
            "status": "postponed",
        },
    )
    assert response.status_code == 400
    assert "延期的任务应说明延期原因" in response.content.decode()
    assert PlanTask.objects.count() == 0
    task = _task(cast, plan)
    response = client.post(
        reverse("planning:task-progress", args=[task.pk]),
        {"on": "2027-01-01", "text": "未来的进展"},
    )
    assert response.status_code == 400
    assert "进展日期不能晚于今天" in response.content.decode()
    assert TaskProgress.objects.count() == 0


def test_a_supervisor_reads_the_plan_below_but_cannot_change_it(client, cast):
    plan = _plan(cast)
    task = _task(cast, plan)
    _login(client, cast.supervisor)
    page = client.get(reverse("planning:plan", args=[plan.pk]))
    assert page.status_code == 200
    assert "您只能查看本工作要点" in page.content.decode()
    assert (
        "示政办发〔2026〕3号" in client.get(reverse("planning:plans")).content.decode()
    )
    response = client.post(
        reverse("planning:task", args=[task.pk]),
        {
            "content": "改",
            "responsible": cast.office.pk,
            "due_on": "2026-06-30",
            "status": "done",
        },
    )
    assert response.status_code == 403
    assert PlanTask.objects.get().status == "not_started"


def test_an_outsider_sees_nothing(client, cast):
    plan = _plan(cast)
    task = _task(cast, plan)
    _login(client, cast.outsider)
    assert client.get(reverse("planning:plan", args=[plan.pk])).status_code == 404
    assert client.get(reverse("planning:task", args=[task.pk])).status_code == 404
    response = client.post(
        reverse("planning:task-progress", args=[task.pk]),
        {"on": "2026-03-01", "text": "x"},
    )
    assert response.status_code == 404
    assert TaskProgress.objects.count() == 0
