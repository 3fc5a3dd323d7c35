"""Citations render as a Chinese legal text cites: 第三十三条第二款, 第三十六条第五项."""

from __future__ import annotations

import pytest

from gongkai.annual.formats import FORMAT_2019, FORMAT_2021
from gongkai.law import periods, provisions
from gongkai.law.citations import Citation, chinese_number, cite_all_zh
from gongkai.law.instruments import ALL, REGULATION


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (16, "十六"),
        (20, "二十"),
        (33, "三十三"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (201, "二百零一"),
    ],
)
def test_it_writes_article_numbers_in_chinese(n: int, text: str) -> None:
    assert chinese_number(n) == text


def test_it_cites_article_paragraph_and_item() -> None:
    assert (
        provisions.ART_33_2.cite_zh
        == "《中华人民共和国政府信息公开条例》第三十三条第二款"
    )
    assert provisions.ART_36_5.article_zh == "第三十六条第五项"
    assert provisions.RECON_23_1_4.article_zh == "第二十三条第一款第四项"
    assert provisions.CIVIL_CODE_201.article_zh == "第二百零一条"
    assert provisions.ART_33_2.short_zh == "条例第三十三条第二款"
    assert provisions.ART_26.short_quoted_zh == "《条例》第二十六条"


def test_an_unverified_article_is_cited_by_its_words_never_by_a_number() -> None:
    """legal.md §5: the fee measures' payment article is not verified."""
    fee = provisions.FEE_PAYMENT
    assert fee.article is None
    assert fee.cite_zh == "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
    assert "次日起20个工作日内" in fee.quote


def test_a_reference_norm_is_cited_with_canzhao() -> None:
    assert provisions.JIANGSU_CONFIRM.verb == "参照"
    assert provisions.ART_37.verb == "根据"


def test_a_citation_needs_an_article_or_a_label() -> None:
    with pytest.raises(ValueError):
        Citation(REGULATION)
    with pytest.raises(ValueError):
        Citation(REGULATION, label="x", item=2)


def test_citations_group_by_instrument_each_article_once() -> None:
    text = cite_all_zh(
        [
            provisions.ART_30_RESTART,
            provisions.ART_33_2,
            provisions.ART_33_2_EXTENSION,
            provisions.CIVIL_CODE_201,
        ]
    )
    assert text == (
        "《中华人民共和国政府信息公开条例》第三十条、第三十三条第二款；"
        "《中华人民共和国民法典》第二百零一条"
    )


def test_every_quotation_is_present_and_instruments_are_unique() -> None:
    cited = [v for v in vars(provisions).values() if isinstance(v, Citation)]
    assert len(cited) > 40
    assert all(c.quote for c in cited)
    assert len({i.key for i in ALL}) == len(ALL)


def test_the_periods_are_the_regulations_numbers() -> None:
    assert periods.REPLY.workdays == 20
    assert "20个工作日" in periods.REPLY.basis.quote
    assert periods.EXTENSION_MAX.workdays == 20
    assert "最长不得超过20个工作日" in periods.EXTENSION_MAX.basis.quote
    assert periods.CORRECTION_NOTICE.workdays == 7
    assert "7个工作日" in periods.CORRECTION_NOTICE.basis.quote
    assert periods.THIRD_PARTY_CONSULTATION.workdays == 15
    assert periods.FEE_PAYMENT.workdays == 20
    assert periods.PUBLICATION.workdays == 20
    assert periods.extension_cap_message(25) == (
        "延长的期限最长不得超过20个工作日（条例第三十三条第二款），收到的是25个。"
    )
    assert not periods.extension_in_range(21)
    assert periods.extension_in_range(20)


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("granted", "（一）予以公开"),
        ("partially_granted", "（二）部分公开"),
        ("withheld_state_secret", "（三）1.属于国家秘密"),
        ("withheld_three_safety_one_stability", "（三）3.危及“三安全一稳定”"),
        ("other_other", "（六）3.其他"),
    ],
)
def test_a_leaf_row_as_a_choice_keeps_its_official_numbers(
    key: str, label: str
) -> None:
    assert FORMAT_2021.outcome_label(key) == label


def test_every_row_has_a_short_name() -> None:
    assert FORMAT_2019.outcome_label("other") == "（六）其他处理"
    rows = FORMAT_2021.table3_by_key
    assert rows["new_received"].short == "本年新收"
    assert rows["carried_over"].number == "二、"
    assert rows["total"].short == "办理结果总计"
    assert rows["carried_forward"].short == "结转下年度"
    assert rows["unable_not_held"].short == "本机关不掌握相关政府信息"
    assert all(row.short for row in FORMAT_2021.table3_rows)
