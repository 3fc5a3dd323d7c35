"""信息处理费 — the fee schedules of 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号).

Pure functions, no Django. Art. 3: a fee is charged per application (按件) or per
page (按量), both on an excess-progressive basis (超额累进), one method per
application, never both. The amounts are in 元 (legal.md §5).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Method(StrEnum):
    PER_ITEM = "per_item"
    PER_PAGE = "per_page"


@dataclass(frozen=True)
class FeeQuote:
    method: Method
    amount: Decimal
    explanation_zh: str


def per_item_price(nth: int) -> Decimal:
    """The price of the n-th application of one applicant in one calendar month.

    国办函〔2020〕109号 第四条 (按件计收): "同一申请人一个自然月内累计申请10件以下
    （含10件）的，不收费"; "11—30件（含30件）的部分：100元/件"; "31件以上的部分：以10件
    为一档，每增加一档，收费标准提高100元/件". So 1–10 free, 11–30 100元, 31–40 200元,
    41–50 300元, and so on.
    """
    if nth < 1:
        raise ValueError("nth must be >= 1")
    if nth <= 10:
        return Decimal(0)
    if nth <= 30:
        return Decimal(100)
    return Decimal(100) * (2 + (nth - 31) // 10)


def per_item_fee(*, earlier_in_month: int, items: int) -> FeeQuote:
    """The 按件 fee for ``items`` applications after ``earlier_in_month`` others.

    国办函〔2020〕109号 第四条: counted per applicant per calendar month; a
    multi-item application is split "按照“一事一申请”原则，以合理的最小单位拆分计算
    件数", so ``items`` is the number of matters this application counts as.
    """
    if earlier_in_month < 0 or items < 1:
        raise ValueError("earlier_in_month must be >= 0 and items >= 1")
    first = earlier_in_month + 1
    last = earlier_in_month + items
    amount = sum((per_item_price(n) for n in range(first, last + 1)), Decimal(0))
    span = f"第{first}件" if items == 1 else f"第{first}至{last}件"
    text = (
        f"按件计收：该申请人本自然月内累计申请{last}件，本申请计{items}件（{span}），"
        f"按“10件以下不收费，11—30件每件100元，31件起每10件为一档、每档每件提高100元”"
        f"超额累进计算，共{format_yuan(amount)}。"
    )
    return FeeQuote(Method.PER_ITEM, amount, text)


#: 按量 tiers: (first page, last page or None, price per page).
PER_PAGE_TIERS: tuple[tuple[int, int | None, Decimal], ...] = (
    (1, 30, Decimal(0)),
    (31, 100, Decimal(10)),
    (101, 200, Decimal(20)),
    (201, None, Decimal(40)),
)


def per_page_fee(*, pages: int) -> FeeQuote:
    """The 按量 fee for ``pages`` pages.

    国办函〔2020〕109号 第五条 (按量计收, for paper, e-mail or copied electronic
    data): "30页以下（含30页）的，不收费"; "31—100页（含100页）的部分：10元/页";
    "101—200页（含200页）的部分：20元/页"; "201页以上的部分：40元/页". E.g. 2,219
    pages = 70×10 + 100×20 + 2,019×40 = 83,460元.
    """
    if pages < 0:
        raise ValueError("pages must be >= 0")
    amount = Decimal(0)
    parts: list[str] = []
    for first, last, price in PER_PAGE_TIERS:
        top = pages if last is None else min(pages, last)
        count = top - first + 1
        if count <= 0:
            break
        amount += count * price
        if price:
            parts.append(f"{count}页×{price}元")
    detail = "＋".join(parts) if parts else "30页以下不收费"
    text = f"按量计收：共{pages}页，{detail}，共{format_yuan(amount)}。"
    return FeeQuote(Method.PER_PAGE, amount, text)


def quote(
    *, method: Method | str, earlier_in_month: int = 0, items: int = 1, pages: int = 0
) -> FeeQuote:
    """The fee by the one method chosen for this application (Art. 3: never both)."""
    method = Method(method)
    if method is Method.PER_ITEM:
        return per_item_fee(earlier_in_month=earlier_in_month, items=items)
    return per_page_fee(pages=pages)


def format_yuan(amount: Decimal) -> str:
    return f"{amount:,.2f}元".replace(".00元", "元")
