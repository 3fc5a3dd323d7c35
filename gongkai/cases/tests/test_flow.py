"""The whole life of an online application, driven through the web pages with plain POSTs."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from gongkai.cases.clocks import case_clocks
from gongkai.cases.models import Case, CaseEvent, Status
from gongkai.cases.selectors import table3_report
from gongkai.testing import PASSWORD, at


def _apply_data(cast, client, **overrides):
    page = client.get(reverse("apply:form"))
    token = page.context["form"].initial["token"]
    data = {
        "agency": cast.office.pk,
        "applicant_type": "natural_person",
        "applicant_name": "李四",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13900001234",
        "email": "lisi@example.com",
        "description": "请公开示例路拓宽工程的征收补偿方案",
        "info_form": "electronic",
        "delivery_way": "email",
        "token": str(token),
        "confirm_truthful": "on",
    }
    data.update(overrides)
    return data


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _travel(frozen_time, client, user, day):
    """Move the clock; sessions expire (SESSION_COOKIE_AGE), so log in again."""
    frozen_time.move_to(at(day))
    _login(client, user)


def _post(client, case, slug, **data):
    case.refresh_from_db()
    data.setdefault("version", case.version)
    response = client.post(reverse(f"cases:{slug}", args=[case.pk]), data, follow=True)
    notes = [str(m) for m in response.context["messages"]]
    assert not any("刷新" in n for n in notes), notes
    if response.redirect_chain:
        assert response.redirect_chain[-1][0] == reverse(
            "cases:detail", args=[case.pk]
        ), response.redirect_chain
        return type("Redirected", (), {"status_code": 302})()
    print(notes)
    return response


def test_an_online_application_from_form_to_table_three(cast, client, frozen_time):
    # The public applies online and gets a query code.
    response = client.post(reverse("apply:form"), _apply_data(cast, client))
    assert response.status_code == 302
    receipt = client.get(response["Location"])
    code = re.search(r'id="query-code">(\w+)<', receipt.content.decode()).group(1)
    case = Case.objects.get(query_code=code)
    assert case.status == Status.SUBMITTED and case.received_on is None

    staff = client.__class__()
    _login(staff, cast.registrar)
    assert (
        _post(
            staff,
            case,
            "confirm",
            confirmed_on="2026-03-02",
            confirmation_method="电话确认",
        ).status_code
        == 302
    )
    assert _post(staff, case, "assign", assignee=cast.handler.pk).status_code == 302

    _login(staff, cast.handler)
    _travel(frozen_time, staff, cast.handler, dt.date(2026, 3, 3))
    assert (
        _post(
            staff,
            case,
            "request-correction",
            items="请说明工程名称",
            notice_on="2026-03-03",
            period_workdays=10,
        ).status_code
        == 302
    )
    _travel(frozen_time, staff, cast.handler, dt.date(2026, 3, 9))
    assert (
        _post(staff, case, "receive-correction", received_on="2026-03-09").status_code
        == 302
    )
    assert (
        _post(
            staff,
            case,
            "consult",
            kind="third_party",
            party="示例置业有限公司",
            letter_on="2026-03-09",
        ).status_code
        == 302
    )
    _travel(frozen_time, staff, cast.handler, dt.date(2026, 3, 20))
    assert (
        _post(
            staff,
            case,
            "consultation-reply",
            opinion="object",
            reply_on="2026-03-20",
            opinion_text="涉及商业秘密",
        ).status_code
        == 302
    )
    assert (
        _post(
            staff, case, "request-extension", workdays=20, reason="需要区分处理"
        ).status_code
        == 302
    )

    _login(staff, cast.head)
    assert (
        _post(staff, case, "approve-extension", notice_on="2026-03-20").status_code
        == 302
    )
    case.refresh_from_db()
    assert case.extension_workdays == 20

    _login(staff, cast.handler)
    _travel(frozen_time, staff, cast.handler, dt.date(2026, 4, 1))
    response = _post(
        staff,
        case,
        "decide",
        outcome="partially_granted",
        ground="art37",
        reasons="涉及第三方商业秘密的部分不予公开",
        access_info="通过电子邮件发送至申请人邮箱",
        withheld_part="补偿协议中涉及企业商业秘密的条款",
        withheld_ground="art15",
        disclosure_reason="补偿标准关系被征收人的切身利益，不公开可能对公共利益造成重大影响",
    )
    assert response.status_code == 302
    _login(staff, cast.head)
    assert _post(staff, case, "approve-decision").status_code == 302
    case.refresh_from_db()
    assert case.status == Status.REPLIED and case.closed_on == dt.date(2026, 4, 1)

    # The letters download as .docx and PDF, dated on the day of the act.
    for kind in ("extension", "reply_partial", "third_party_decision"):
        response = staff.post(
            reverse("cases:letter-issue", args=[case.pk]), {"kind": kind}, follow=True
        )
        notes = [str(m) for m in response.context["messages"]]
        assert any("已制发" in n for n in notes), notes
    letters = {letter.kind: letter for letter in case.letters.all()}
    assert letters["extension"].issued_on == dt.date(2026, 3, 20)
    assert letters["reply_partial"].issued_on == dt.date(2026, 4, 1)
    # The third party that objected is told of the decision and why (Art. 32).
    notice = letters["third_party_decision"]
    assert notice.text.splitlines()[2] == "示例置业有限公司："
    assert "不公开可能对公共利益造成重大影响" in notice.text
    assert "第三十二条" in notice.text and "2026年3月20日提出不同意公开" in notice.text
    for ext, magic in (("docx", b"PK"), ("pdf", b"%PDF")):
        download = staff.get(
            reverse("letters:download", args=[letters["reply_partial"].uid, ext])
        )
        assert download.status_code == 200
        assert b"".join(download.streaming_content).startswith(magic)

    # The page's due date is the engine's.
    page = staff.get(reverse("cases:detail", args=[case.pk]))
    assert page.status_code == 200
    engine_due = case_clocks(case).due_on
    assert f'data-date="{engine_due.isoformat()}"' in page.content.decode()

    # The applicant tracks it.
    public = client.__class__()
    tracked = public.post(
        reverse("track:track"), {"query_code": code, "phone_last4": "1234"}
    )
    assert "已答复" in tracked.content.decode()

    # Table 三 counts it in the right cell, and the cell links to it.
    report = table3_report(cast.office, 2026)
    assert report.get("table3.partially_granted.natural_person") == 1
    assert report.get("table3.new_received.total") == 1
    listing = staff.get(
        reverse("cases:list"),
        {
            "agency": cast.office.pk,
            "year": 2026,
            "row": "partially_granted",
            "col": "natural_person",
        },
    )
    assert listing.context["page"].paginator.count == 1

    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds[0] == CaseEvent.Kind.SUBMITTED
    assert CaseEvent.Kind.DECISION_APPROVED in kinds
