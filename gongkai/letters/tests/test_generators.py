"""Each kind of letter: its context, and the text read back from Word and PDF."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from gongkai.letters.generators import (
    GENERATORS,
    LetterDataError,
    generator_for,
    rmb_upper,
)
from gongkai.letters.kinds import LetterKind, reply_kind_for
from gongkai.letters.tests.conftest import docx_text, pdf_text

pytestmark = pytest.mark.django_db(databases=[])


def test_there_is_one_generator_per_kind() -> None:
    assert set(GENERATORS) == set(LetterKind.values)


def test_receipt_states_receipt_date_query_code_and_due_date(base_data) -> None:
    doc = generator_for(LetterKind.RECEIPT, base_data).document()
    text = doc.text()
    assert doc.title == "政府信息公开申请接收回执"
    assert "2026年3月2日收到您提出的政府信息公开申请" in text
    assert "LQ-2026-ABCD" in text
    assert "即于2026年3月30日前作出答复" in text
    assert doc.notes[0] == "期限计算说明"  # the clock explanation as 附注
    assert "起算：2026年3月2日当面提交" in doc.notes


def test_correction_notice_lists_items_and_deadline(base_data) -> None:
    data = {**base_data, "correction": {"items": "请写明文号。\n请写明年份。"}}
    data["deadline"] = {
        "due": dt.date(2026, 3, 27),
        "text_zh": "补正期限：2026年3月27日",
    }
    gen = generator_for(LetterKind.CORRECTION, data)
    context = gen.get_context_data()
    assert context["correction"]["due_zh"] == "2026年3月27日"
    doc = gen.document()
    assert "请写明文号。" in doc.paragraphs and "请写明年份。" in doc.paragraphs
    assert "第三十条" in doc.text() and "视为放弃申请" in doc.text()


def test_correction_notice_without_items_is_refused(base_data) -> None:
    with pytest.raises(LetterDataError, match="需要补正的事项"):
        generator_for(LetterKind.CORRECTION, base_data).document()


def test_extension_notice_states_new_due_date_and_how_counted(base_data) -> None:
    data = {**base_data, "extension": {"reason": "需要调取档案"}}
    data["deadline"] = {
        "due": dt.date(2026, 4, 28),
        "due_before_extension": dt.date(2026, 3, 30),
        "extension_workdays": 20,
        "text_zh": "答复期限：2026年4月28日\n计算：20个工作日，另延长20个工作日",
    }
    doc = generator_for(LetterKind.EXTENSION, data).document()
    text = doc.text()
    assert "答复期限延长20个工作日，由2026年3月30日延长至2026年4月28日" in text
    assert "负责人同意" in text and "第三十三条第二款" in text
    assert "计算：20个工作日，另延长20个工作日" in doc.notes


def test_an_extension_beyond_twenty_workdays_is_refused(base_data) -> None:
    data = {**base_data, "extension": {"reason": "x", "workdays": 25}}
    with pytest.raises(LetterDataError, match="最长不得超过20个工作日"):
        generator_for(LetterKind.EXTENSION, data).document()


def test_third_party_consultation_is_addressed_to_the_third_party(base_data) -> None:
    data = {**base_data, "consultation": {"addressee": "某某有限公司"}}
    doc = generator_for(LetterKind.CONSULT_THIRD_PARTY, data).document()
    assert doc.addressee == "某某有限公司："
    assert "张三" not in doc.text()  # the applicant is not named to the third party
    assert "第三十二条" in doc.text() and "15个工作日内" in doc.text()


def test_agency_consultation_says_silence_is_consent(base_data) -> None:
    data = {**base_data, "consultation": {"addressee": "临清市财政局"}}
    text = generator_for(LetterKind.CONSULT_AGENCY, data).document().text()
    assert "第三十四条" in text and "逾期未提出意见的，视为同意公开" in text


def test_fee_notice_states_amount_basis_and_twenty_day_deadline(base_data) -> None:
    data = {
        **base_data,
        "fee": {"amount": Decimal("3000"), "method": "per_item", "payment": "缴入国库"},
    }
    text = generator_for(LetterKind.FEE_NOTICE, data).document().text()
    assert "人民币3,000.00元（大写：叁仟元整）" in text
    assert "《政府信息公开信息处理费管理办法》" in text and "按件计收" in text
    assert "自收到本通知次日起20个工作日内缴纳" in text


def test_a_fee_of_zero_is_refused(base_data) -> None:
    data = {**base_data, "fee": {"amount": "0", "method": "per_item", "payment": "x"}}
    with pytest.raises(LetterDataError, match="应大于零"):
        generator_for(LetterKind.FEE_NOTICE, data).document()


@pytest.mark.parametrize(
    ("amount", "upper"),
    [
        ("3000", "叁仟元整"),
        ("83460", "捌万叁仟肆佰陆拾元整"),
        ("100.5", "壹佰元伍角整"),
        ("1005.07", "壹仟零伍元零柒分"),
        ("100000", "壹拾万元整"),
    ],
)
def test_rmb_upper(amount: str, upper: str) -> None:
    assert rmb_upper(Decimal(amount)) == upper


def _reply(base_data: dict[str, Any], **reply: Any) -> dict[str, Any]:
    return {**base_data, "reply": reply}


def test_withheld_reply_carries_every_element_of_6_1(base_data) -> None:
    """Title, 文号, applicant, facts, basis, decision, rights, issuer, date, seal."""
    data = _reply(base_data, outcome="withheld_third_party", reasons="含个人隐私。")
    gen = generator_for(reply_kind_for("withheld_third_party"), data)
    doc = gen.document()
    text = doc.text()
    assert doc.title == "政府信息公开申请答复书"
    assert doc.number == "临政办依申公开〔2026〕12号"
    assert doc.addressee == "张三："
    assert "2026年3月2日收到" in text and "2025年本市老旧小区改造项目清单" in text
    assert "第十五条、第三十六条第三项的规定" in text
    assert "本机关决定不予公开" in text and "含个人隐私。" in text
    assert "应当先自收到本答复书之日起60日内向聊城市人民政府申请行政复议" in text
    assert "临清市人民法院" in text
    assert doc.issuer == "临清市人民政府办公室" and doc.date_zh == "2026年3月20日"
    assert doc.seal == "（印章）"
    assert doc.notes == ()  # a reply states no clock


def test_rights_notice_comes_before_the_closing_line(base_data) -> None:
    data = _reply(base_data, outcome="unable_not_held", reasons="检索了档案系统。")
    paragraphs = generator_for(LetterKind.REPLY_UNABLE, data).document().paragraphs
    assert paragraphs[-1] == "特此答复。"
    assert "行政诉讼" in paragraphs[-2]


def test_an_edited_body_cannot_drop_the_rights_notice(base_data) -> None:
    data = _reply(base_data, outcome="unable_not_held", reasons="检索了档案系统。")
    gen = generator_for(LetterKind.REPLY_UNABLE, data, body="{{ reply.decision }}")
    assert "6个月内" in gen.document().paragraphs[-1]


def test_granted_reply_needs_the_way_to_obtain(base_data) -> None:
    with pytest.raises(LetterDataError, match="获取政府信息的方式、途径"):
        generator_for(
            LetterKind.REPLY_GRANTED, _reply(base_data, outcome="granted")
        ).document()


def test_granted_reply_under_art_36_item_1(base_data) -> None:
    data = _reply(
        base_data, outcome="granted", ground="art36_1", access="见本机关网站。"
    )
    text = generator_for(LetterKind.REPLY_GRANTED, data).document().text()
    assert "第三十六条第一项" in text and "已经主动公开" in text
    assert "获取方式、途径：见本机关网站。" in text
    assert "6个月内" in text and "应当先" not in text


def test_partial_reply_cites_art_37_and_the_withheld_ground(base_data) -> None:
    data = _reply(
        base_data,
        outcome="partially_granted",
        access="电子邮件发送。",
        withheld_part="身份证号码",
        reasons="属于个人隐私。",
        withheld_ground="art15",
    )
    text = generator_for(LetterKind.REPLY_PARTIAL, data).document().text()
    assert "第三十七条" in text
    assert "该部分内容涉及商业秘密、个人隐私等" in text
    assert "根据《中华人民共和国政府信息公开条例》第十五条的规定，不予公开。" in text


def test_reply_kind_must_match_the_outcome_family(base_data) -> None:
    data = _reply(base_data, outcome="withheld_third_party", reasons="x")
    with pytest.raises(LetterDataError, match="不能生成“予以公开”答复书"):
        generator_for(LetterKind.REPLY_GRANTED, data).document()


def test_lapse_reply_deems_the_application_abandoned(base_data) -> None:
    data = _reply(base_data, outcome="other_overdue_correction", reasons="逾期。")
    text = generator_for(LetterKind.REPLY_OTHER, data).document().text()
    assert "第三十条的规定" in text and "视为放弃申请" in text


def test_fee_non_payment_reply(base_data) -> None:
    data = _reply(base_data, outcome="other_unpaid_fee", reasons="逾期未缴费。")
    text = generator_for(LetterKind.REPLY_OTHER, data).document().text()
    assert "第四十二条第一款和《政府信息公开信息处理费管理办法》" in text
    assert "逾期未按收费通知要求缴纳信息处理费" in text


def test_other_other_needs_a_stated_basis(base_data) -> None:
    with pytest.raises(LetterDataError, match="处理决定、理由"):
        generator_for(
            LetterKind.REPLY_OTHER, _reply(base_data, outcome="other_other")
        ).document()


def test_a_broken_template_is_refused_in_chinese(base_data) -> None:
    gen = generator_for(LetterKind.RECEIPT, base_data, body="{% if %}")
    with pytest.raises(LetterDataError, match="模板语法错误"):
        gen.document()


def test_a_body_template_cannot_include_other_templates(base_data) -> None:
    gen = generator_for(
        LetterKind.RECEIPT, base_data, body='{% include "base_public.html" %}'
    )
    with pytest.raises(Exception):  # noqa: B017 - TemplateDoesNotExist
        gen.document()


def test_docx_reads_back_the_same_letter(base_data) -> None:
    data = _reply(base_data, outcome="withheld_process_info", reasons="属于请示报告。")
    gen = generator_for(LetterKind.REPLY_WITHHELD, data)
    doc = gen.document()
    text = docx_text(gen.render_docx(doc))
    for line in (doc.title, doc.number, doc.addressee, *doc.paragraphs, doc.issuer):
        assert line in text
    assert "2026年3月20日" in text and "（印章）" in text


def test_docx_uses_the_official_fonts_and_a4_margins(base_data) -> None:
    import io

    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm

    gen = generator_for(LetterKind.RECEIPT, base_data)
    document = Document(io.BytesIO(gen.render_docx()))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.top_margin - Mm(37)) < Mm(1)
    assert abs(section.left_margin - Mm(28)) < Mm(1)
    title_run = document.paragraphs[0].runs[0]
    assert title_run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body_run = document.paragraphs[4].runs[0]
    assert body_run._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_pdf_reads_back_the_same_letter(base_data) -> None:
    data = {**base_data, "extension": {"reason": "需要调取档案"}}
    gen = generator_for(LetterKind.EXTENSION, data)
    doc = gen.document()
    text = pdf_text(gen.render_pdf(doc))
    for line in (doc.title, doc.addressee, doc.issuer, doc.date_zh, *doc.notes):
        assert "".join(line.split()) in text
    assert "延长后的答复期限至2026年3月30日" in text


def test_free_text_cannot_replace_the_tables_citation(base_data) -> None:
    """Only （六）3.其他 takes a typed basis; other outcomes cite the table."""
    data = _reply(
        base_data,
        outcome="withheld_state_secret",
        reasons="x",
        basis_text="第九十九条",
        decision_text="予以公开。",
    )
    text = generator_for(LetterKind.REPLY_WITHHELD, data).document().text()
    assert "第九十九条" not in text and "予以公开。" not in text
    assert "第十四条、第三十六条第三项" in text
