"""The data a letter is built from, read off the case."""

from __future__ import annotations

from types import SimpleNamespace

from gongkai.cases.letter_data import _fee_breakdown
from gongkai.law.fees import per_page_fee


def test_a_per_page_fee_notice_states_the_page_breakdown() -> None:
    """国办函〔2020〕109号 第五条 (按量计收): the notice shows how the pages were priced."""
    case = SimpleNamespace(fee_method="per_page", fee_pages=2219, fee_items=None)
    breakdown = _fee_breakdown(case)
    assert breakdown.startswith(per_page_fee(pages=2219).explanation_zh)
    assert breakdown.startswith("按量计收：共2219页")
    assert "明细：第1至30页，共30页，不收费；第31至100页" in breakdown


def test_a_per_item_fee_notice_has_its_tier_breakdown(monkeypatch) -> None:
    """按件 shows its tiers as 按量 does (fee measures Art. 4)."""
    import gongkai.cases.letter_data as letter_data

    monkeypatch.setattr(letter_data, "fee_count_earlier_in_month", lambda case: 25)
    case = SimpleNamespace(fee_method="per_item", fee_pages=None, fee_items=10)
    breakdown = _fee_breakdown(case)
    assert breakdown.startswith("按件计收：该申请人本自然月内累计申请35件")
    assert (
        "明细：第26至30件，共5件×100元＝500元；第31至35件，共5件×200元＝1,000元。"
        in (breakdown)
    )
