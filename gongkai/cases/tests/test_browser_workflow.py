"""Acceptance of issue 9 (workflow) in a real browser.

The handler — who is also a 负责人 of the office, so that only 分权审批 stands
between them and approving their own work — asks for an extension and then
submits a draft reply. The head still finds the extension request in the queue
although a draft awaits approval, refuses it with a reason and hands the draft
back; the handler finds the draft as it was submitted. Throughout, the handler
is offered neither the approval of their own extension nor of their own draft,
and a forged POST is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.cases import services
from gongkai.cases.models import Case, Status
from gongkai.cases.tests.conftest import registered
from gongkai.cases.tests.test_browser_flow import Office, action, done, shot
from gongkai.testing import TODAY, Cast, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def office(browser: Any, live_server: Any, frozen_time: Any) -> Iterator[Office]:
    scene = Office(browser, live_server.url, frozen_time)
    yield scene
    scene.close()


def offered(page: Any) -> list[str]:
    """The titles of the action panels the case page offers."""
    return [
        t.strip() for t in page.locator("details.action > summary").all_inner_texts()
    ]


def test_extension_refused_and_draft_returned_with_separation(
    cast: Cast, office: Office
) -> None:
    handler = make_user("chengban-fuze", cast.office, Role.HANDLER, Role.HEAD)
    case = registered(cast)
    case = services.case_assign(case=case, assignee=handler, acting_user=cast.registrar)
    number = case.number
    office.on(TODAY)

    # 1. The handler asks for 10 more working days, then submits a draft reply.
    page = office.login(handler)
    case_url = office.url + reverse("cases:detail", args=[case.pk])
    page.goto(case_url)
    panel = action(page, "申请延期答复")
    panel.get_by_label("延长工作日数").fill("10")
    panel.get_by_label("延期理由").fill("需要调取多个年度的档案")
    panel.get_by_role("button", name="提交延期申请").click()
    done(page, "已提交延期申请")
    assert not any(t.startswith("批准延期答复") for t in offered(page))
    assert "不批准延期答复" not in offered(page)

    panel = action(page, "拟定答复")
    panel.get_by_label("处理结果").select_option(label="（一）予以公开")
    panel.get_by_label("法律依据（条、款、项）").select_option(index=1)
    ground = panel.get_by_label("法律依据（条、款、项）").input_value()
    # A 予以公开 ground asks for how to obtain the information, not for reasons.
    panel.get_by_label("获取政府信息的方式").fill("电子文件发送至申请人邮箱")
    panel.get_by_role("button", name="提交审批").click()
    done(page, "答复已提交负责人审批")
    # 分权审批: the author of the draft is not offered its approval …
    assert "审批答复" not in offered(page)
    assert "退回答复" in offered(page)  # returning one's own draft is harmless
    shot(page, "wf-01-handler-after-submit")
    # … and a forged POST is refused.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    version = page.locator("input[name=version]").first.input_value()
    forged = page.request.post(
        office.url + reverse("cases:approve-decision", args=[case.pk]),
        form={"csrfmiddlewaretoken": token, "version": version, "comment": ""},
        headers={"Referer": case_url},
    )
    assert forged.status == 403
    assert "分权审批" in forged.text()
    assert Case.objects.get(pk=case.pk).status == Status.DECIDED

    # 2. The head: the extension request is still in the queue.
    head = office.login(cast.head)
    queue = head.get_by_role("heading", name=re.compile("^待审批的延期申请"))
    queue.locator("xpath=following-sibling::*[1]").get_by_role(
        "link", name=number
    ).click()
    head.get_by_role("heading", name="期限").wait_for()
    assert head.locator("#extension-pending").is_visible()
    shot(head, "wf-02-head-sees-extension")
    panel = action(head, "不批准延期答复")
    panel.get_by_label("不批准的理由").fill("现有材料足以按期答复")
    panel.get_by_role("button", name="不批准").click()
    done(head, "已不批准延期申请")

    # 3. The head hands the draft back.
    panel = action(head, "退回答复")
    panel.get_by_label("理由").fill("请写明提供的文件名称")
    panel.get_by_role("button", name="退回承办人").click()
    done(head, "已退回承办人")

    # 4. The handler finds the draft as submitted, and why the extension failed.
    page.goto(case_url)
    assert "现有材料足以按期答复" in page.locator("#extension-refused").inner_text()
    panel = action(page, "拟定答复")
    outcome = panel.get_by_label("处理结果")
    assert outcome.locator("option:checked").inner_text() == "（一）予以公开"
    assert panel.get_by_label("法律依据（条、款、项）").input_value() == ground
    assert panel.get_by_label("获取政府信息的方式").input_value() == (
        "电子文件发送至申请人邮箱"
    )
    shot(page, "wf-03-draft-intact")
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == Status.IN_PROGRESS
    assert fresh.extension_requested_workdays is None and not fresh.extension_workdays
