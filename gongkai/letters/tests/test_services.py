"""letter_generate: stores the letter with its files, number and hashes."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from gongkai.letters.generators import LetterDataError
from gongkai.letters.kinds import LetterKind, reply_kind_for
from gongkai.letters.models import Letter, LetterSequence
from gongkai.letters.services import (
    letter_template_reset,
    letter_template_save,
)
from gongkai.letters.tests.conftest import docx_text, pdf_text
from gongkai.letters.tests.factories import generate_letter, make_case
from gongkai.testing import make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def agency():
    return make_agency(
        "临清市人民政府办公室",
        docno_prefix="临政办依申公开",
        reconsideration_body="聊城市人民政府",
    )


@pytest.fixture
def user(agency):
    return make_user("handler", agency)


def test_it_stores_the_receipt_with_both_files_and_a_number(agency, user) -> None:
    case = make_case(agency)
    letter = generate_letter(
        case=case,
        kind=LetterKind.RECEIPT,
        acting_user=user,
        issued_on=dt.date(2026, 3, 2),
    )
    assert letter.number == "临政办依申公开〔2026〕1号"
    assert letter.case == case and letter.created_by == user
    docx_bytes = letter.docx.read()
    pdf_bytes = letter.rendition.file.read()  # the task ran (immediate backend)
    assert hashlib.sha256(docx_bytes).hexdigest() == letter.docx_sha256
    assert hashlib.sha256(pdf_bytes).hexdigest() == letter.rendition.sha256
    assert letter.text_sha256 == hashlib.sha256(letter.text.encode()).hexdigest()
    assert "临政办依申公开〔2026〕1号" in docx_text(docx_bytes)
    assert case.query_code in pdf_text(pdf_bytes)
    assert "2026年3月2日收到您提出的政府信息公开申请" in letter.text


def test_numbers_run_per_agency_and_year(agency, user) -> None:
    case = make_case(agency)
    first = generate_letter(case=case, kind=LetterKind.RECEIPT, acting_user=user)
    second = generate_letter(case=case, kind=LetterKind.RECEIPT, acting_user=user)
    other = make_agency("临清市财政局")
    third = generate_letter(
        case=make_case(other), kind=LetterKind.RECEIPT, acting_user=user
    )
    assert second.serial == first.serial + 1
    assert third.serial == 1 and third.number.startswith("临清市财政局依申公开〔")


def test_bad_data_stores_nothing_and_uses_no_number(agency, user) -> None:
    case = make_case(agency)  # no correction items recorded
    with pytest.raises(LetterDataError, match="需要补正的事项"):
        generate_letter(case=case, kind=LetterKind.CORRECTION, acting_user=user)
    assert not Letter.objects.exists()
    assert not LetterSequence.objects.filter(last__gt=0).exists()


def test_the_reply_follows_the_case_outcome_and_legal_basis(agency, user) -> None:
    case = make_case(
        agency,
        outcome="unable_not_held",
        legal_basis="第三十六条第五项",
        reasons="该信息由市自然资源局制作并保存。",
        closed_on=dt.date(2026, 3, 20),
    )
    letter = generate_letter(
        case=case,
        kind=reply_kind_for(case.outcome),
        acting_user=user,
        extra={
            "reply": {
                "other_agency": "临清市自然资源局",
                "other_agency_contact": "电话0635-7654321",
            }
        },
    )
    assert letter.kind == LetterKind.REPLY_UNABLE
    assert "第三十六条第五项" in letter.text
    assert "行政机关为临清市自然资源局，联系方式：电话0635-7654321。" in letter.text
    assert "向聊城市人民政府申请行政复议" in letter.text
    assert letter.data["reply"]["ground"] == "art36_5"


def test_the_extension_letter_states_the_engine_due_date(agency, user) -> None:
    from gongkai.cases.clocks import case_clocks

    approver = make_user("head", agency)
    case = make_case(
        agency,
        extension_reason="需要调取档案",
        extension_workdays=20,
        extension_approved_by=approver,
        extension_approved_on=dt.date(2026, 3, 25),
        extension_notice_on=dt.date(2026, 3, 25),
    )
    due = case_clocks(case).reply
    letter = generate_letter(case=case, kind=LetterKind.EXTENSION, acting_user=user)
    if due is None:
        pytest.skip("clock engine has no calendar for 2026 in this database")
    assert f"延长至{due.due.year}年{due.due.month}月{due.due.day}日" in letter.text
    assert "期限计算说明" in letter.text


def test_an_agency_template_is_used_once_saved(agency, user) -> None:
    letter_template_save(
        agency=agency,
        kind=LetterKind.RECEIPT,
        title="依申请公开受理回执",
        body="已收到{{ applicant.name }}的申请，查询码{{ application.query_code }}。",
        acting_user=user,
    )
    case = make_case(agency)
    letter = generate_letter(case=case, kind=LetterKind.RECEIPT, acting_user=user)
    assert letter.title == "依申请公开受理回执"
    assert f"已收到张三的申请，查询码{case.query_code}。" in letter.text
    assert letter.template_source.startswith("agency:")
    letter_template_reset(agency=agency, kind=LetterKind.RECEIPT, acting_user=user)
    again = generate_letter(case=case, kind=LetterKind.RECEIPT, acting_user=user)
    assert again.title == "政府信息公开申请接收回执"
    assert again.template_source == "default"


def test_a_broken_template_is_not_saved(agency, user) -> None:
    with pytest.raises(LetterDataError, match="模板语法错误"):
        letter_template_save(
            agency=agency,
            kind=LetterKind.RECEIPT,
            title="回执",
            body="{% for %}",
            acting_user=user,
        )
    assert not agency.letter_templates.exists()


def test_a_stored_letter_cannot_be_changed(agency, user) -> None:
    letter = generate_letter(
        case=make_case(agency), kind=LetterKind.RECEIPT, acting_user=user
    )
    letter.text = "改"
    with pytest.raises(RuntimeError):
        letter.save()


def test_the_pdf_is_rendered_by_the_worker_from_the_stored_letter(
    agency, user, settings
) -> None:
    """Issuing stores the letter and its Word file and queues the PDF; the task
    renders it from the letter's stored template, even if the agency's template
    changed since, and a second run changes nothing."""
    from django_tasks_db.models import DBTaskResult

    from gongkai.letters.models import LetterPdf, LetterTemplate
    from gongkai.letters.services import letter_render_pdf

    # Tasks go to the database queue, as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    case = make_case(agency)
    letter = generate_letter(
        case=case,
        kind=LetterKind.RECEIPT,
        acting_user=user,
        issued_on=dt.date(2026, 3, 2),
    )
    assert letter.pdf_file is None and not LetterPdf.objects.exists()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "gongkai.letters.tasks.render_letter_pdf"
    assert queued.args_kwargs["args"] == [letter.pk]
    LetterTemplate.objects.create(
        agency=agency, kind=LetterKind.RECEIPT, title="改过的标题", body="改过的正文"
    )
    rendition = letter_render_pdf(letter_id=letter.pk)
    text = pdf_text(rendition.file.read())
    assert case.query_code in text and "改过的正文" not in text
    assert letter_render_pdf(letter_id=letter.pk).pk == rendition.pk
    assert LetterPdf.objects.count() == 1
