"""The applicant's page behind query code + phone digits: history, 补正 online, letters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.cases import services
from gongkai.cases.models import Attachment, Case, CaseEvent, Status
from gongkai.cases.tests.states import make_case
from gongkai.notifications.models import Channel, Notification
from gongkai.testing import TODAY, Cast, at


def _look_up(client: Any, case: Case, last4: str = "5678") -> Any:
    return client.post(
        reverse("track:track"), {"query_code": case.query_code, "phone_last4": last4}
    )


def test_the_page_opens_only_after_a_lookup_in_this_browser(
    cast: Cast, client: Any
) -> None:
    case = make_case(cast, Status.AWAITING_CORRECTION)
    page = reverse("track:case", args=[case.pk])
    assert client.get(page)["Location"] == reverse("track:track")
    assert _look_up(client, case, "0000").status_code == 404
    assert client.get(page).status_code == 302
    assert _look_up(client, case).status_code == 200
    html = client.get(page).content.decode()
    assert "请写明文件名称" in html and 'id="h-correction"' in html
    assert case.applicant_name not in html and case.description not in html


def test_the_history_is_plain_chinese_and_leaves_internal_steps_out(
    cast: Cast, client: Any
) -> None:
    case = make_case(cast, Status.CONSULTING)
    _look_up(client, case)
    html = client.get(reverse("track:case", args=[case.pk])).content.decode()
    assert "登记了您的申请，收到申请之日为2026年3月2日" in html
    assert "征求第三方意见，征求意见期间不计入答复期限（暂停计算）" in html
    assert "分办" not in html and cast.handler.username not in html
    assert "某公司" not in html  # the consulted party is not named


def test_a_correction_sent_online_waits_for_the_registrar_then_restarts_the_clock(
    cast: Cast, client: Any, frozen_time: Any
) -> None:
    case = make_case(cast, Status.AWAITING_CORRECTION)
    frozen_time.move_to(at(dt.date(2026, 3, 4)))
    _look_up(client, case)
    upload = SimpleUploadedFile(
        "补正.txt", "文件名称：老旧小区改造资金".encode(), "text/plain"
    )
    response = client.post(
        reverse("track:correction", args=[case.pk]),
        {"text": "所需文件为2025年老旧小区改造资金分配方案", "attachments": [upload]},
    )
    assert response["Location"] == reverse("track:case", args=[case.pk])
    case.refresh_from_db()
    assert case.status == Status.AWAITING_CORRECTION
    (attachment,) = case.attachments.filter(kind=Attachment.Kind.CORRECTION)
    assert attachment.original_name == "补正.txt" and attachment.uploaded_by is None
    event = case.events.get(kind=CaseEvent.Kind.CORRECTION_SUBMITTED)
    assert event.actor_label == "申请人（互联网）"
    inbox = Notification.objects.filter(
        topic="staff.correction_submitted", channel=Channel.INBOX
    )
    assert {n.recipient for n in inbox} == {cast.handler, cast.registrar}
    # The registrar confirms the day it arrived: the clock restarts from it.
    case = services.case_receive_correction(
        case=case,
        received_on=dt.date(2026, 3, 4),
        acting_user=cast.registrar,
        now=at(dt.date(2026, 3, 4)),
    )
    assert case.due_on == dt.date(2026, 4, 1)  # 20 working days from 3月4日
    html = client.get(reverse("track:case", args=[case.pk])).content.decode()
    assert "您在网上提交了补正（附材料1份）" in html
    assert "答复期限自该日起重新计算。答复期限为2026年4月1日" in html
    assert 'id="h-correction"' not in html


def test_bad_corrections_are_refused_and_nothing_is_saved(
    cast: Cast, client: Any
) -> None:
    case = make_case(cast, Status.AWAITING_CORRECTION)
    _look_up(client, case)
    url = reverse("track:correction", args=[case.pk])
    fake_pdf = SimpleUploadedFile("a.pdf", b"not a pdf at all", "application/pdf")
    for data, says in (
        ({"text": "  "}, "请填写补正内容或上传补正材料"),
        ({"text": "见附件", "attachments": [fake_pdf]}, "附件内容与其文件类型不符"),
    ):
        response = client.post(url, data)
        assert response.status_code == 400 and says in response.content.decode()
    assert not case.events.filter(kind=CaseEvent.Kind.CORRECTION_SUBMITTED).exists()
    assert not case.attachments.exists()


def test_a_correction_is_refused_once_the_case_moved_on(
    cast: Cast, client: Any
) -> None:
    case = make_case(cast, Status.IN_PROGRESS)
    _look_up(client, case)
    response = client.post(
        reverse("track:correction", args=[case.pk]), {"text": "补充"}
    )
    assert response.status_code == 400 and "不能提交补正" in response.content.decode()


def test_letters_and_disclosed_files_download_for_this_browser_only(
    cast: Cast, client: Any, django_user_model: Any
) -> None:
    case = make_case(cast, Status.REPLIED)
    letter = services.case_issue_letter(
        case=case, kind="reply_granted", acting_user=cast.head, now=at(TODAY)
    )
    services.case_add_attachment(
        case=case,
        kind=Attachment.Kind.DISCLOSED,
        upload=SimpleUploadedFile("方案.txt", "资金分配方案".encode(), "text/plain"),
        acting_user=cast.handler,
        now=at(TODAY),
    )
    url = reverse("track:letter", args=[case.pk, letter.uid, "pdf"])
    assert client.get(url).status_code == 404
    _look_up(client, case)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    html = client.get(reverse("track:case", args=[case.pk])).content.decode()
    assert (
        letter.number in html and "方案.txt" in html and 'id="track-evaluate"' in html
    )
    attachment = case.attachments.get(kind=Attachment.Kind.DISCLOSED)
    download = client.get(reverse("track:disclosed", args=[case.pk, attachment.pk]))
    assert b"".join(download.streaming_content) == "资金分配方案".encode()
    # Other files of the case (the applicant's own ID, search records) are not offered.
    other = make_case(cast, Status.REPLIED)
    assert client.get(reverse("track:case", args=[other.pk])).status_code == 302
