"""Acceptance of issue 10 in a real browser: the applicant is kept informed and acts online.

An applicant applies online with an e-mail address and gets the confirmation
e-mail; the registrar confirms and assigns; the handler asks for 补正 and the
applicant is e-mailed; the applicant sends the 补正 on the tracking page with an
attachment; the registrar, told in the inbox, records its receipt and the reply
clock restarts from that day; the reply is approved and issued; the applicant
downloads the 答复书 from the tracking page.

Mail goes through Django's file backend into a temporary outbox (as in the demo,
where it is var/outbox/); the worker is django.tasks' immediate backend.
"""

from __future__ import annotations

import datetime as dt
import email
import re
import subprocess
from collections.abc import Iterator
from email import policy
from pathlib import Path
from typing import Any

import pytest

from gongkai.cases.tests.test_browser_flow import (
    Office,
    action,
    done,
    flat,
    issue_letter,
    search_case,
    shot,
    zh,
)
from gongkai.testing import Cast
from gongkai.workdays import format_date_zh, package_calendar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CALENDAR = package_calendar()
APPLIED = dt.date(2026, 3, 9)
CONFIRMED = dt.date(2026, 3, 10)
CORRECTION_NOTICE = dt.date(2026, 3, 12)
CORRECTION_SENT = dt.date(2026, 3, 16)  # the applicant sends it online, Monday
DECIDED = dt.date(2026, 3, 20)
APPROVED = dt.date(2026, 3, 23)


@pytest.fixture
def scene(browser: Any, live_server: Any, frozen_time: Any) -> Iterator[Office]:
    office = Office(browser, live_server.url, frozen_time)
    yield office
    office.close()


def outbox(folder: Path) -> list[Any]:
    """The e-mails the file backend wrote, oldest first, parsed."""
    messages = []
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
        raw = path.read_bytes()
        for chunk in raw.split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk, policy=policy.default))
    return messages


def mail_to(folder: Path, address: str) -> list[tuple[str, str]]:
    return [
        (str(m["Subject"]), m.get_content())
        for m in outbox(folder)
        if m["To"] == address
    ]


def track(office: Office, code: str) -> Any:
    page = office.new_page()
    page.goto(office.url + "/track/")
    page.get_by_label("查询码").fill(code)
    page.get_by_label("联系电话后四位").fill("1234")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("region", name="办理进度").wait_for()
    return page


def test_the_applicant_is_told_corrects_online_and_downloads_the_reply(
    cast: Cast, scene: Office, tmp_path: Path, settings: Any
) -> None:
    office = scene
    mailbox = tmp_path / "outbox"
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(mailbox)},
        }
    }
    applicant = "wangwu@example.com"

    # 1. The applicant applies online, with an e-mail address.
    office.on(APPLIED, 20)
    public = office.new_page()
    public.goto(office.url + "/apply/")
    public.get_by_label("向哪个机关申请").select_option(label="示例市人民政府办公室")
    public.get_by_label("自然人").check()
    public.get_by_label("姓名或名称").fill("王五")
    public.get_by_label("身份证明类型").select_option(label="居民身份证")
    public.get_by_label("证件号码").fill("11010519491231002X")
    public.get_by_label("联系电话").fill("13900001234")
    public.get_by_label("电子邮箱").fill(applicant)
    public.get_by_label("所需政府信息的名称").fill(
        "请公开示例河道整治工程的环境影响评价文件"
    )
    public.get_by_label("获取信息的形式").select_option(label="电子文件")
    public.get_by_label("获取信息的方式").select_option(label="电子邮件")
    public.get_by_label("我确认以上信息真实有效").check()
    public.get_by_role("button", name="提交申请").click()
    public.get_by_role("heading", name="申请已提交").wait_for()
    code = public.locator("#query-code").inner_text().strip()
    ((subject, body),) = mail_to(mailbox, applicant)
    assert "已收到您的在线申请" in subject and code in body

    # 2. The registrar confirms it: the applicant is told the receipt date.
    office.on(CONFIRMED)
    registrar = office.login(cast.registrar)
    registrar.locator("#inbox-link").click()
    registrar.get_by_role("link", name=re.compile("新的在线申请待确认")).click()
    registrar.get_by_role("heading", name="期限").wait_for()
    panel = action(registrar, "确认收到申请（条例第三十一条）")
    panel.get_by_label("确认日期").fill(CONFIRMED.isoformat())
    panel.get_by_label("确认方式").fill("电话确认")
    panel.get_by_role("button", name="确认收到").click()
    done(registrar, "已确认收到申请")
    number = registrar.get_by_role("heading", level=1).inner_text().split()[0]
    panel = action(registrar, "分办")
    panel.get_by_label("承办人").select_option(value=str(cast.handler.pk))
    panel.get_by_role("button", name="分办").click()
    done(registrar, "已分办")
    subject, body = mail_to(mailbox, applicant)[-1]
    assert f"您的申请已受理（{number}）" in subject
    assert f"收到申请之日为{zh(CONFIRMED)}" in body

    # 3. The handler asks for 补正: the applicant is e-mailed the items and the date.
    office.on(CORRECTION_NOTICE)
    handler = office.login(cast.handler)
    search_case(handler, number)
    panel = action(handler, "告知补正（条例第三十条）")
    panel.get_by_label("需要补正的事项").fill("请写明工程的名称或批准文号")
    panel.get_by_label("告知日期").fill(CORRECTION_NOTICE.isoformat())
    panel.get_by_label("补正期限（工作日）").fill("10")
    panel.get_by_role("button", name="告知补正").click()
    done(handler, "已告知补正")
    issue_letter(handler, "补正告知书")
    correction_due = CALENDAR.add_workdays(CORRECTION_NOTICE, 10)
    subject, body = mail_to(mailbox, applicant)[-1]
    assert "请补正您的申请" in subject
    assert "请写明工程的名称或批准文号" in body and zh(correction_due) in body
    assert "/track/" in body

    # 4. The applicant sends the 补正 on the tracking page, with a file.
    office.on(CORRECTION_SENT)
    tracker = track(office, code)
    assert "待申请人补正" in tracker.locator("#track-status").inner_text()
    form = tracker.get_by_role("region", name="在线补正")
    form.get_by_label("补正内容").fill(
        "工程名称：示例河道整治工程（示发改〔2025〕12号）"
    )
    scan = tmp_path / "批复.txt"
    scan.write_text("示发改〔2025〕12号 关于示例河道整治工程的批复", encoding="utf-8")
    form.get_by_label("补正材料").set_input_files(str(scan))
    shot(tracker, "applicant-01-correction")
    form.get_by_role("button", name="提交补正").click()
    tracker.locator(".messages", has_text="补正已提交").wait_for()
    history = tracker.locator("#track-history").inner_text()
    assert "您在网上提交了补正（附材料1份），等待工作人员确认收到" in history

    # 5. The registrar is told in the inbox and records the 补正: the clock restarts.
    registrar = office.login(cast.registrar)
    registrar.locator("#inbox-link").click()
    registrar.get_by_role("link", name=re.compile("申请人已在线提交补正")).first.click()
    registrar.get_by_role("heading", name="期限").wait_for()
    assert "批复.txt" in registrar.get_by_role("region", name="材料").inner_text()
    panel = action(registrar, "登记收到补正")
    panel.get_by_label("收到补正申请的日期").fill(CORRECTION_SENT.isoformat())
    panel.get_by_role("button", name="收到补正").click()
    done(registrar, "已登记补正")
    restarted = CALENDAR.add_workdays(CORRECTION_SENT, 20)
    tracker = track(office, code)
    assert tracker.locator("#track-due").inner_text() == format_date_zh(restarted)
    assert "答复期限自该日起重新计算" in tracker.locator("#track-history").inner_text()

    # 6. The reply: decided, approved, issued.
    office.on(DECIDED)
    handler = office.login(cast.handler)
    search_case(handler, number)
    panel = action(handler, "拟定答复")
    panel.get_by_label("处理结果").select_option(label="（一）予以公开")
    panel.get_by_label("法律依据（条、款、项）").select_option(value="art36_2")
    panel.get_by_label("获取政府信息的方式").fill("通过电子邮件发送至申请人邮箱")
    panel.get_by_role("button", name="提交审批").click()
    done(handler, "答复已提交负责人审批")
    office.on(APPROVED)
    head = office.login(cast.head)
    search_case(head, number)
    panel = action(head, "审批答复")
    panel.get_by_role("button", name="批准答复").click()
    done(head, "已批准答复")
    issue_letter(head, "答复书（予以公开）")
    subjects = [s for s, _ in mail_to(mailbox, applicant)]
    assert any("您的申请已答复" in s for s in subjects)
    assert any("答复书已制发" in s for s in subjects)

    # 7. The applicant downloads the 答复书 from the tracking page.
    tracker = track(office, code)
    shot(tracker, "applicant-02-replied")
    letters = tracker.locator("#track-letters")
    row = letters.locator("li").filter(has_text="答复书")
    with tracker.expect_download() as info:
        row.get_by_role("link", name="下载 PDF").click()
    target = tmp_path / "reply.pdf"
    info.value.save_as(target)
    text = flat(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(target), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    assert "第三十六条第二项" in text and "通过电子邮件发送至申请人邮箱" in text
    history = tracker.locator("#track-history").inner_text()
    assert "作出答复，处理结果：（一）予以公开" in history
    assert tracker.locator("#track-evaluate").count() == 1
    assert "王五" not in tracker.content()
