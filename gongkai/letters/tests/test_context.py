"""The data a letter is built from, read off the case."""

from __future__ import annotations

from types import SimpleNamespace

from gongkai.cases.fees import per_page_fee
from gongkai.letters.context import _fee_breakdown


def test_a_per_page_fee_notice_states_the_page_breakdown() -> None:
    """国办函〔2020〕109号 第五条 (按量计收): the notice shows how the pages were priced."""
    case = SimpleNamespace(fee_method="per_page", fee_pages=2219)
    breakdown = _fee_breakdown(case)
    assert breakdown == per_page_fee(pages=2219).explanation_zh
    assert breakdown.startswith("按量计收：共2219页")


def test_a_per_item_fee_notice_has_no_page_breakdown() -> None:
    case = SimpleNamespace(fee_method="per_item", fee_pages=None)
    assert _fee_breakdown(case) == ""
