"""Acceptance of issue 5 in a real browser: one online application, from the form to table 三.

A member of the public applies online and gets a query code; the registrar
confirms it; the handler asks for 补正, the registrar records the corrected
application; the handler consults a third party, whose reply arrives; the head
approves a 20-working-day extension that runs across the 劳动节 holidays; the
handler decides 部分公开 and the head approves it. The letters download as Word
and PDF and state the engine's dates; the applicant tracks the application with
the query code and the phone's last four digits; table 三 counts it.

Everything is done through the pages' visible labels and buttons. "Today" is
frozen (time_machine) and moved forward as the weeks pass; the expected dates are
computed here from the working-day calendar (gongkai.workdays), not read from
the pages.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from gongkai.testing import PASSWORD, Cast, at, confirm_dialogs
from gongkai.workdays import format_date_zh, package_calendar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CALENDAR = package_calendar()
SHOTS = Path("/tmp")

# The story's dates (2026; the calendar of that year is published).
APPLIED = dt.date(2026, 3, 9)  # Monday: the online form is sent
CONFIRMED = dt.date(2026, 3, 10)  # the registrar confirms it by phone (Art. 31 (三))
CORRECTION_NOTICE = dt.date(2026, 3, 12)  # 补正 requested, 10 working days to answer
CORRECTION_WORKDAYS = 10
CORRECTED = dt.date(2026, 3, 18)  # the corrected application arrives (Art. 30)
CONSULT_LETTER = dt.date(2026, 3, 20)  # 征求意见书 to the third party (Art. 32)
CONSULT_REPLY = dt.date(2026, 3, 27)  # the third party objects
EXTENSION_ASKED = dt.date(2026, 4, 9)
EXTENSION_NOTICE = dt.date(2026, 4, 10)  # the head approves; the applicant is told
EXTENSION_WORKDAYS = 20
DECIDED = dt.date(2026, 4, 20)
APPROVED = dt.date(2026, 4, 21)


def correction_due() -> dt.date:
    """The applicant's 补正 period: working days after the notice (Art. 30)."""
    return CALENDAR.add_workdays(CORRECTION_NOTICE, CORRECTION_WORKDAYS)


def third_party_due() -> dt.date:
    """The third party's 15 working days from the letter (Art. 32)."""
    return CALENDAR.add_workdays(CONSULT_LETTER, 15)


def consultation_pause_workdays() -> int:
    """Working days from the letter (excluded) to the reply (included): Art. 33 ¶3."""
    return CALENDAR.workdays_between(CONSULT_LETTER, CONSULT_REPLY)


def reply_due(*, extended: bool) -> dt.date:
    """20 working days from the corrected application (Arts. 30, 33 ¶2), the
    consultation's working days not counted (Art. 33 ¶3), plus the approved
    extension (Art. 33 ¶2). The pause lies wholly inside the period, so it simply
    adds its working days."""
    workdays = 20 + consultation_pause_workdays()
    if extended:
        workdays += EXTENSION_WORKDAYS
    return CALENDAR.add_workdays(CORRECTED, workdays)


def test_the_story_dates_are_the_ones_the_calendar_gives() -> None:
    """A readable anchor: 清明 (4月6日) inside the period, 劳动节 (5月1日—5日) and the
    调休 Saturday 5月9日 inside the extension."""
    assert correction_due() == dt.date(2026, 3, 26)
    assert third_party_due() == dt.date(2026, 4, 13)
    assert consultation_pause_workdays() == 5
    assert reply_due(extended=False) == dt.date(2026, 4, 23)
    assert reply_due(extended=True) == dt.date(2026, 5, 25)
    assert not CALENDAR.is_workday(dt.date(2026, 5, 5))
    assert CALENDAR.is_workday(dt.date(2026, 5, 9))


# -- driving the browser -------------------------------------------------------------


class Office:
    """The people of the scene, each in their own browser."""

    def __init__(self, browser: Any, url: str, frozen_time: Any) -> None:
        self.browser = browser
        self.url = url
        self.frozen_time = frozen_time
        self.contexts: list[Any] = []

    def new_page(self) -> Any:
        context = self.browser.new_context(
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
        )
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        confirm_dialogs(page)
        return page

    def on(self, day: dt.date, hour: int = 10) -> None:
        self.frozen_time.move_to(at(day, hour))

    def login(self, user: Any) -> Any:
        """A fresh browser for ``user`` (sessions end after two idle hours)."""
        page = self.new_page()
        page.goto(self.url + "/accounts/login/")
        page.get_by_label("用户名").fill(user.username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.get_by_role("heading", name="工作台").wait_for()
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def office(browser: Any, live_server: Any, frozen_time: Any) -> Iterator[Office]:
    scene = Office(browser, live_server.url, frozen_time)
    yield scene
    scene.close()


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"e2e-{name}.png"), full_page=True)


def action(page: Any, title: str) -> Any:
    """Open the action panel titled ``title`` on the case page and return it."""
    summary = page.locator("summary").filter(
        has_text=re.compile(f"^{re.escape(title)}$")
    )
    panel = page.locator("details").filter(has=summary)
    if panel.get_attribute("open") is None:
        summary.click()
    return panel


def done(page: Any, message: str) -> None:
    """The page reports success (and no form error)."""
    status = page.get_by_role("status")
    status.first.wait_for()
    assert message in status.first.inner_text(), status.first.inner_text()


def open_from_dashboard(page: Any, section: str, number: str) -> None:
    """Click the application in the dashboard's list headed ``section``."""
    heading = page.get_by_role("heading", name=re.compile(f"^{re.escape(section)}"))
    listing = heading.locator("xpath=following-sibling::*[1]")
    listing.get_by_role("link", name=number).click()
    page.get_by_role("heading", name="期限").wait_for()


def search_case(page: Any, number: str) -> None:
    """Find the application in 申请列表 by its number."""
    page.get_by_role("navigation", name="工作导航").get_by_role(
        "link", name="申请列表"
    ).click()
    page.get_by_label("查找").fill(number)
    page.get_by_role("button", name="筛选").click()
    page.get_by_role("link", name=number).click()
    page.get_by_role("heading", name="期限").wait_for()


def due_shown(page: Any) -> str:
    """The reply due date at the top of the case page's 期限 card."""
    card = page.get_by_role("region", name="期限")
    return card.locator("p").filter(has_text="答复期限：").inner_text()


def issue_letter(page: Any, label: str) -> None:
    page.get_by_label("制发文书").select_option(label=label)
    page.get_by_role("button", name="生成 Word 和 PDF").click()
    done(page, "已制发《")


def download_letter(page: Any, label: str, tmp_path: Path) -> tuple[str, str]:
    """Both files of the letter ``label``: (Word text, PDF text)."""
    row = page.get_by_role("row").filter(has_text=label)
    texts = []
    for link, ext in (("Word", "docx"), ("PDF", "pdf")):
        with page.expect_download() as info:
            row.get_by_role("link", name=link).click()
        download = info.value
        assert download.suggested_filename.endswith(f".{ext}")
        target = tmp_path / f"{label}.{ext}"
        download.save_as(target)
        if ext == "docx":
            doc = Document(str(target))
            parts = [p.text for p in doc.paragraphs]
            for table in doc.tables:
                parts.extend(cell.text for r in table.rows for cell in r.cells)
            texts.append("\n".join(parts))
        else:
            out = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", str(target), "-"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            texts.append(out)
    return texts[0], texts[1]


def zh(day: dt.date) -> str:
    return format_date_zh(day, weekday=False)


def letter_dated(letter: str) -> dt.date:
    """The date under the issuing body (成文日期): the last date before the 附注."""
    body = letter.split("附注：")[0]
    y, m, d = re.findall(r"(\d{4})年(\d{1,2})月(\d{1,2})日", body)[-1]
    return dt.date(int(y), int(m), int(d))


def flat(text: str) -> str:
    """Letters wrap lines anywhere; compare without whitespace."""
    return re.sub(r"\s+", "", text)


# -- the story -------------------------------------------------------------------------


def test_an_online_application_from_the_form_to_table_three(
    cast: Cast, office: Office, tmp_path: Path
) -> None:
    # 1. A member of the public applies online and gets a query code.
    office.on(APPLIED, 20)
    public = office.new_page()
    public.goto(office.url + "/apply/")
    public.get_by_label("向哪个机关申请").select_option(label="示例市人民政府办公室")
    public.get_by_label("自然人").check()
    public.get_by_label("姓名或名称").fill("李四")
    public.get_by_label("身份证明类型").select_option(label="居民身份证")
    public.get_by_label("证件号码").fill("11010519491231002X")
    public.get_by_label("联系电话").fill("13900001234")
    public.get_by_label("电子邮箱").fill("lisi@example.com")
    public.get_by_label("所需政府信息的名称").fill(
        "请公开示例路拓宽工程的征收补偿方案及补偿协议"
    )
    public.get_by_label("获取信息的形式").select_option(label="电子文件")
    public.get_by_label("获取信息的方式").select_option(label="电子邮件")
    public.get_by_label("我确认以上信息真实有效").check()
    shot(public, "01-apply")
    public.get_by_role("button", name="提交申请").click()
    public.get_by_role("heading", name="申请已提交").wait_for()
    code = public.locator("#query-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{6,}", code), code
    shot(public, "02-receipt")

    # 2. The registrar confirms the online application and assigns it.
    office.on(CONFIRMED)
    registrar = office.login(cast.registrar)
    open_from_dashboard(registrar, "待确认、待分办", code)
    panel = action(registrar, "确认收到申请（条例第三十一条）")
    panel.get_by_label("确认日期").fill(CONFIRMED.isoformat())
    panel.get_by_label("确认方式").fill("电话确认")
    panel.get_by_role("button", name="确认收到").click()
    done(registrar, "已确认收到申请")
    number = registrar.get_by_role("heading", level=1).inner_text().split()[0]
    panel = action(registrar, "分办")
    panel.get_by_label("承办人").select_option(label="handler")
    panel.get_by_role("button", name="分办").click()
    done(registrar, "已分办")

    # 3. The handler asks for 补正 (Art. 30).
    office.on(CORRECTION_NOTICE)
    handler = office.login(cast.handler)
    open_from_dashboard(handler, "我承办的申请", number)
    panel = action(handler, "告知补正（条例第三十条）")
    panel.get_by_label("需要补正的事项").fill("请写明工程的名称或批准文号")
    panel.get_by_label("告知日期").fill(CORRECTION_NOTICE.isoformat())
    panel.get_by_label("补正期限（工作日）").fill(str(CORRECTION_WORKDAYS))
    panel.get_by_role("button", name="告知补正").click()
    done(handler, "已告知补正")
    issue_letter(handler, "补正告知书")
    for text in download_letter(handler, "补正告知书", tmp_path):
        letter = flat(text)
        assert f"请您于{zh(correction_due())}前" in letter
        assert f"申请人补正期限：{format_date_zh(correction_due())}" in letter
        assert letter_dated(letter) == CORRECTION_NOTICE

    # 4. The corrected application arrives; the registrar records it.
    office.on(CORRECTED)
    registrar = office.login(cast.registrar)
    search_case(registrar, number)
    panel = action(registrar, "登记收到补正")
    panel.get_by_label("收到补正申请的日期").fill(CORRECTED.isoformat())
    panel.get_by_role("button", name="收到补正").click()
    done(registrar, "已登记补正")

    # 5. The handler consults the third party (Art. 32); the reply arrives.
    office.on(CONSULT_LETTER)
    handler = office.login(cast.handler)
    open_from_dashboard(handler, "我承办的申请", number)
    panel = action(handler, "征求意见（条例第三十二条、第三十四条）")
    panel.get_by_label("征求对象类型").select_option(label="第三方（条例第三十二条）")
    panel.get_by_label("征求对象名称").fill("示例置业有限公司")
    panel.get_by_label("征求意见书发出日期").fill(CONSULT_LETTER.isoformat())
    panel.get_by_role("button", name="发出征求意见书").click()
    done(handler, "已登记征求意见")
    issue_letter(handler, "征求意见书（第三方）")
    for text in download_letter(handler, "征求意见书", tmp_path):
        letter = flat(text)
        assert "自收到本征求意见书之日起15个工作日内" in letter
        assert f"征求意见答复期限：{format_date_zh(third_party_due())}" in letter
        assert letter_dated(letter) == CONSULT_LETTER

    office.on(CONSULT_REPLY)
    handler = office.login(cast.handler)
    open_from_dashboard(handler, "我承办的申请", number)
    panel = action(handler, "登记征求意见结果")
    panel.get_by_label(re.compile(r"^意见[:：]?$")).select_option(label="不同意公开")
    panel.get_by_label("回复日期").fill(CONSULT_REPLY.isoformat())
    panel.get_by_label("意见内容").fill("补偿协议涉及本公司商业秘密")
    panel.get_by_role("button", name="登记意见").click()
    done(handler, "已登记征求意见结果")

    # 6. The handler asks for an extension; the head approves it (Art. 33 ¶2).
    office.on(EXTENSION_ASKED)
    handler = office.login(cast.handler)
    open_from_dashboard(handler, "我承办的申请", number)
    panel = action(handler, "申请延期答复")
    panel.get_by_label("延长工作日数").fill(str(EXTENSION_WORKDAYS))
    panel.get_by_label("延期理由").fill("需要对补偿协议逐条区分处理")
    panel.get_by_role("button", name="提交延期申请").click()
    done(handler, "已提交延期申请")

    office.on(EXTENSION_NOTICE)
    head = office.login(cast.head)
    search_case(head, number)
    panel = action(head, "批准延期答复（条例第三十三条第二款）")
    panel.get_by_label("告知申请人的日期").fill(EXTENSION_NOTICE.isoformat())
    panel.get_by_role("button", name="批准延期").click()
    done(head, "已批准延期答复")
    assert due_shown(head) == f"答复期限：{format_date_zh(reply_due(extended=True))}"
    issue_letter(head, "延期答复告知书")
    shot(head, "04-extended")
    for text in download_letter(head, "延期答复告知书", tmp_path):
        letter = flat(text)
        assert zh(reply_due(extended=True)) in letter
        assert zh(reply_due(extended=False)) in letter  # the period before it
        assert "劳动节" in letter  # the holidays stepped over are explained
        assert letter_dated(letter) == EXTENSION_NOTICE

    # 7. The applicant tracks it: status and due date, nothing else.
    tracker = office.new_page()
    tracker.goto(office.url + "/track/")
    tracker.get_by_label("查询码").fill(code)
    tracker.get_by_label("联系电话后四位").fill("1234")
    tracker.get_by_role("button", name="查询").click()
    result = tracker.get_by_role("region", name="办理进度")
    assert "办理中" in result.inner_text()
    assert f"答复期限{format_date_zh(reply_due(extended=True))}" in flat(
        result.inner_text()
    )
    assert "李四" not in tracker.content()
    shot(tracker, "05-track")
    tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
    tracker.get_by_label("查询码").fill(tampered)
    tracker.get_by_label("联系电话后四位").fill("1234")
    with tracker.expect_navigation():
        tracker.get_by_role("button", name="查询").click()
    assert "没有找到" in tracker.get_by_role("alert").inner_text()
    assert tracker.get_by_role("region", name="办理进度").count() == 0

    # 8. The handler decides 部分公开; the head approves the reply.
    office.on(DECIDED)
    handler = office.login(cast.handler)
    open_from_dashboard(handler, "我承办的申请", number)
    panel = action(handler, "拟定答复")
    panel.get_by_label("处理结果").select_option(label="（二）部分公开")
    # Only the grounds the outcomes table allows for 部分公开 are offered, and
    # the only one is already chosen; the free-text basis is for （六）3.其他 only.
    ground = panel.get_by_label("法律依据（条、款、项）")
    offered = ground.locator("option:not([hidden])").all_inner_texts()
    assert offered == ["请选择法律依据", "区分处理，部分公开（第三十七条）"]
    assert ground.input_value() == "art37"
    panel.get_by_label(re.compile(r"^理由[:：]?$")).fill(
        "补偿协议涉及第三方商业秘密的条款不予公开"
    )
    panel.get_by_label("获取政府信息的方式").fill("通过电子邮件发送至申请人邮箱")
    panel.get_by_label("不予公开的内容").fill("补偿协议中涉及企业商业秘密的条款")
    # The form asks for exactly what a 部分公开 letter prints (gongkai.law.outcomes):
    # the withheld part's ground, and — the third party objected — why the rest
    # is disclosed (Art. 32); nothing of 行政查询 or 其他处理.
    assert not panel.get_by_label("依照有关法律、行政法规办理的途径").is_visible()
    assert not panel.get_by_label("处理决定（其他处理）").is_visible()
    assert not panel.get_by_label("负责公开该政府信息的行政机关名称").is_visible()
    panel.get_by_label("不予公开部分的依据").select_option(
        label="保护第三方合法权益（第十五条）"
    )
    panel.get_by_label("决定公开的理由").fill(
        "补偿标准关系被征收人的切身利益，不公开可能对公共利益造成重大影响"
    )
    shot(handler, "05b-decide-partial")
    panel.get_by_role("button", name="提交审批").click()
    done(handler, "答复已提交负责人审批")

    office.on(APPROVED)
    head = office.login(cast.head)
    open_from_dashboard(head, "待审批的答复", number)
    panel = action(head, "审批答复")
    panel.get_by_role("button", name="批准答复").click()
    done(head, "已批准答复")
    issue_letter(head, "答复书（部分公开）")
    shot(head, "06-replied")
    for text in download_letter(head, "政府信息公开申请答复书", tmp_path):
        letter = flat(text)
        assert "第三十七条" in letter and "第三十六条第二项" in letter
        assert "能够作区分处理" in letter
        assert "补偿协议中涉及企业商业秘密的条款" in letter
        assert "行政复议" in letter and "行政诉讼" in letter
        assert "第十五条的规定，不予公开" in letter
        assert "不予公开部分的决定不服" in letter and "其他内容不服" in letter
        assert letter_dated(letter) == APPROVED
    issue_letter(head, "决定公开告知书（第三方）")
    for text in download_letter(head, "政府信息公开决定告知书（第三方）", tmp_path):
        letter = flat(text)
        assert (
            "示例置业有限公司" in letter
            and "不公开可能对公共利益造成重大影响" in letter
        )

    # 9. The applicant sees the reply given.
    tracker.get_by_label("查询码").fill(code.lower())
    tracker.get_by_label("联系电话后四位").fill("1234")
    tracker.get_by_role("button", name="查询").click()
    result = tracker.get_by_role("region", name="办理进度")
    assert "已答复" in result.inner_text()
    assert f"答复日期{format_date_zh(APPROVED)}" in flat(result.inner_text())

    # 10. Table 三 counts it: 部分公开 × 自然人, and the figure lists it.
    head.get_by_role("navigation", name="工作导航").get_by_role(
        "link", name="表三统计"
    ).click()
    head.get_by_role("combobox", name=re.compile("^机关")).select_option(
        label="示例市人民政府办公室"
    )
    head.get_by_role("spinbutton", name=re.compile("^年度")).fill("2026")
    with head.expect_navigation():
        head.get_by_role("button", name="统计").click()
    assert head.get_by_text("勾稽关系全部通过").is_visible()
    table = head.get_by_role("table")
    for heading in ("申请人情况", "法人或其他组织", "三、本年度办理结果", "自然人"):
        assert (
            table.get_by_role("columnheader", name=heading)
            .or_(table.get_by_role("rowheader", name=heading))
            .count()
            == 1
        ), heading
    figure = table.get_by_role("link", name="（二）部分公开 × 自然人：1件")
    assert figure.inner_text().strip() == "1"
    shot(head, "07-table3")
    with head.expect_navigation():
        figure.click()
    listing = head.get_by_role("table")
    assert listing.get_by_role("link", name=number).is_visible()
    assert "共 1 件" in head.get_by_role("main").inner_text()
