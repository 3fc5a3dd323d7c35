"""Citations as data: an instrument, and an article with its 款 and 项 as numbers.

A :class:`Citation` renders the way a Chinese legal document cites a rule
(《中华人民共和国政府信息公开条例》第三十三条第二款): the article, paragraph and item
are numbers, so a citation can be compared, grouped and checked, and the text is
produced in one place. Where an article number is unverified (the fee measures'
payment rule, legal.md §5 and §8) the citation carries a ``label`` instead and is
cited by its words, never by a guessed number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 16 → 十六, 33 → 三十三, 201 → 二百零一 (1–999)."""
    if not 1 <= n <= 999:
        raise ValueError(f"article numbers run from 1 to 999, not {n}")
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    text = ""
    if hundreds:
        text += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            text += "零"
    if tens:
        text += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if units:
        text += _DIGITS[units]
    return text


@dataclass(frozen=True)
class Instrument:
    """A legal instrument: its title in 书名号, its number, and whether it binds.

    ``binding`` is False for texts forwarded "供工作中参考" (for reference only):
    a letter cites them with 参照, never with 根据. ``short`` is the name used
    after a first full citation and in labels (条例, 复议法).
    """

    key: str
    title: str
    number: str = ""
    short: str = ""
    binding: bool = True

    @property
    def title_with_number(self) -> str:
        return f"{self.title}（{self.number}）" if self.number else self.title


@dataclass(frozen=True)
class Citation:
    """One provision: instrument + 条 (+ 款) (+ 项), and the words carrying the rule.

    ``label`` replaces the article text where the article number is not verified;
    such a citation names the instrument and its number and quotes the words.
    """

    instrument: Instrument
    article: int | None = None
    paragraph: int | None = None
    item: int | None = None
    quote: str = ""
    label: str = ""

    def __post_init__(self) -> None:
        if self.article is None and not self.label:
            raise ValueError("a citation needs an article number or a label")
        if self.item is not None and self.article is None:
            raise ValueError("an item needs its article")

    # The texts are cached on the (immutable) citation: the clocks cite on
    # every deadline, and the bulk recompute builds tens of thousands.
    @cached_property
    def article_zh(self) -> str:
        """`第三十三条第二款`, `第三十六条第五项`; the label when there is no number."""
        if self.article is None:
            return self.label
        text = f"第{chinese_number(self.article)}条"
        if self.paragraph is not None:
            text += f"第{chinese_number(self.paragraph)}款"
        if self.item is not None:
            text += f"第{chinese_number(self.item)}项"
        return text

    @cached_property
    def cite_zh(self) -> str:
        """`《中华人民共和国政府信息公开条例》第三十三条第二款`."""
        if self.article is None:
            return f"{self.instrument.title}{self.label}"
        return f"{self.instrument.title}{self.article_zh}"

    @property
    def short_zh(self) -> str:
        """`条例第三十三条第二款`: for labels on screen, where the title would crowd."""
        name = self.instrument.short or self.instrument.title
        return f"{name}{self.article_zh}"

    @property
    def short_quoted_zh(self) -> str:
        """`《条例》第二十六条`: the short name in 书名号, as some screens print it."""
        name = self.instrument.short or self.instrument.title.strip("《》")
        return f"《{name}》{self.article_zh}"

    @property
    def verb(self) -> str:
        """根据 for a binding text, 参照 for one forwarded for reference only."""
        return "根据" if self.instrument.binding else "参照"

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.article or 0, self.paragraph or 0, self.item or 0)


def cite_all_zh(citations: Iterable[Citation], *, joiner: str = "；") -> str:
    """Citations grouped by instrument, in order, each article text once.

    `《…条例》第三十条、第三十三条第二款；《…民法典》第二百零一条`.
    """
    by_instrument: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    for c in citations:
        titles.setdefault(c.instrument.key, c.instrument.title)
        articles = by_instrument.setdefault(c.instrument.key, [])
        if c.article_zh not in articles:
            articles.append(c.article_zh)
    return joiner.join(
        f"{titles[key]}{'、'.join(articles)}" for key, articles in by_instrument.items()
    )
