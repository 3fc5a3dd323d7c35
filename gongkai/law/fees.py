"""信息处理费 — the schedules of 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号).

Pure functions. Art. 3: a fee is charged per application (按件) or per page
(按量), both on an excess-progressive basis (超额累进), one method per
application, never both. Amounts are in 元 (legal.md §5). The schedules are
data (:data:`PER_ITEM_TIERS`, :data:`PER_PAGE_TIERS`) so that the notice can
print the breakdown tier by tier for either method.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from gongkai.law import provisions as p
from gongkai.law.citations import Citation


class Method(StrEnum):
    PER_ITEM = "per_item"
    PER_PAGE = "per_page"

    @property
    def label_zh(self) -> str:
        return {Method.PER_ITEM: "按件计收", Method.PER_PAGE: "按量计收"}[self]

    @property
    def basis(self) -> Citation:
        return {Method.PER_ITEM: p.FEE_ART_4, Method.PER_PAGE: p.FEE_ART_5}[self]


@dataclass(frozen=True)
class FeeLine:
    """One tier of a fee: ``count`` units at ``price`` each."""

    first: int
    last: int
    price: Decimal
    unit: str  # 件 or 页

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> Decimal:
        return self.price * self.count

    @property
    def text_zh(self) -> str:
        span = (
            f"第{self.first}{self.unit}"
            if self.first == self.last
            else f"第{self.first}至{self.last}{self.unit}"
        )
        if not self.price:
            return f"{span}，共{self.count}{self.unit}，不收费"
        return (
            f"{span}，共{self.count}{self.unit}×{format_yuan(self.price)}"
            f"＝{format_yuan(self.amount)}"
        )


@dataclass(frozen=True)
class FeeQuote:
    method: Method
    amount: Decimal
    explanation_zh: str
    lines: tuple[FeeLine, ...] = ()

    @property
    def breakdown_zh(self) -> str:
        """Tier by tier, the same shape for 按件 and 按量: `第11至30件，共20件×100元＝2,000元；…`."""
        return "；".join(line.text_zh for line in self.lines)


#: 按件 (Art. 4): (first, last or None, price per 件), per applicant and calendar
#: month. "10件以下（含10件）的，不收费"; "11—30件（含30件）的部分：100元/件";
#: "31件以上的部分：以10件为一档，每增加一档，收费标准提高100元/件".
PER_ITEM_FREE = 10
PER_ITEM_FIRST_PAID_LAST = 30
PER_ITEM_BASE_PRICE = Decimal(100)
PER_ITEM_TIER_SIZE = 10
PER_ITEM_TIER_STEP = Decimal(100)

#: 按量 (Art. 5): (first page, last page or None, price per page).
PER_PAGE_TIERS: tuple[tuple[int, int | None, Decimal], ...] = (
    (1, 30, Decimal(0)),
    (31, 100, Decimal(10)),
    (101, 200, Decimal(20)),
    (201, None, Decimal(40)),
)


def per_item_price(nth: int) -> Decimal:
    """The price of the n-th application of one applicant in one calendar month.

    Fee measures Art. 4 (按件计收): 1–10 free, 11–30 100元, 31–40 200元, 41–50
    300元, and so on.
    """
    if nth < 1:
        raise ValueError("nth must be >= 1")
    if nth <= PER_ITEM_FREE:
        return Decimal(0)
    if nth <= PER_ITEM_FIRST_PAID_LAST:
        return PER_ITEM_BASE_PRICE
    tier = (nth - PER_ITEM_FIRST_PAID_LAST - 1) // PER_ITEM_TIER_SIZE + 1
    return PER_ITEM_BASE_PRICE + PER_ITEM_TIER_STEP * tier


def _lines(
    first: int, last: int, price_of: Callable[[int], Decimal], unit: str
) -> list[FeeLine]:
    lines: list[FeeLine] = []
    for n in range(first, last + 1):
        price = price_of(n)
        if lines and lines[-1].price == price and lines[-1].last == n - 1:
            lines[-1] = FeeLine(lines[-1].first, n, price, unit)
        else:
            lines.append(FeeLine(n, n, price, unit))
    return lines


def per_item_fee(*, earlier_in_month: int, items: int) -> FeeQuote:
    """The 按件 fee for ``items`` applications after ``earlier_in_month`` others.

    Fee measures Art. 4: counted per applicant per calendar month; a multi-item
    application is split "按照“一事一申请”原则，以合理的最小单位拆分计算件数", so
    ``items`` is the number of matters this application counts as.
    """
    if earlier_in_month < 0 or items < 1:
        raise ValueError("earlier_in_month must be >= 0 and items >= 1")
    first = earlier_in_month + 1
    last = earlier_in_month + items
    lines = tuple(_lines(first, last, per_item_price, "件"))
    amount = sum((line.amount for line in lines), Decimal(0))
    span = f"第{first}件" if items == 1 else f"第{first}至{last}件"
    text = (
        f"按件计收：该申请人本自然月内累计申请{last}件，本申请计{items}件（{span}），"
        f"按“{PER_ITEM_FREE}件以下不收费，{PER_ITEM_FREE + 1}—"
        f"{PER_ITEM_FIRST_PAID_LAST}件每件{format_yuan(PER_ITEM_BASE_PRICE)}，"
        f"{PER_ITEM_FIRST_PAID_LAST + 1}件起每{PER_ITEM_TIER_SIZE}件为一档、每档每件"
        f"提高{format_yuan(PER_ITEM_TIER_STEP)}”超额累进计算，共{format_yuan(amount)}。"
    )
    return FeeQuote(Method.PER_ITEM, amount, text, lines)


def per_page_fee(*, pages: int) -> FeeQuote:
    """The 按量 fee for ``pages`` pages.

    Fee measures Art. 5 (按量计收, for paper, e-mail or copied electronic data):
    ≤30 pages free; 31–100 10元/页; 101–200 20元/页; from 201 40元/页. E.g.
    2,219 pages = 70×10 + 100×20 + 2,019×40 = 83,460元.
    """
    if pages < 0:
        raise ValueError("pages must be >= 0")
    amount = Decimal(0)
    parts: list[str] = []
    lines: list[FeeLine] = []
    for first, last, price in PER_PAGE_TIERS:
        top = pages if last is None else min(pages, last)
        count = top - first + 1
        if count <= 0:
            break
        amount += count * price
        lines.append(FeeLine(first, top, price, "页"))
        if price:
            parts.append(f"{count}页×{price}元")
    free = PER_PAGE_TIERS[0][1]
    detail = "＋".join(parts) if parts else f"{free}页以下不收费"
    text = f"按量计收：共{pages}页，{detail}，共{format_yuan(amount)}。"
    return FeeQuote(Method.PER_PAGE, amount, text, tuple(lines))


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
