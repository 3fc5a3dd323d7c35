"""The statutory holidays of 《全国年节及纪念日放假办法》 (as amended 2024), as data.

Used for a *provisional* calendar only: when the year's 国务院办公厅 notice
(《国务院办公厅关于X年部分节假日安排的通知》) is not yet entered, the clocks count
on these days plus weekends and mark every date so computed 暂定 (docs/workdays.md,
"Provisional years"). The notice, once entered, always replaces them.

- Art. 2 (``provisions.HOLIDAYS_ART_2``): the seven holidays of all citizens and
  their days — 元旦 1 day (1 January); 春节 4 days (农历除夕 and 正月初一 to 初三);
  清明节 1 day (the day of the 清明 solar term); 劳动节 2 days (1–2 May); 端午节
  1 day (农历五月初五); 中秋节 1 day (农历八月十五); 国庆节 3 days (1–3 October).
- Art. 6 (``provisions.HOLIDAYS_ART_6``): a holiday of all citizens that falls on
  a Saturday or Sunday is made up on a working day (补假). Where the 办法 does not
  say which working day, the provisional calendar takes the first working days
  after the holiday — the way the notices have placed every 补假; the year then
  has as many working days as the notice will give it (checked on 2025 and 2026
  in ``gongkai/workdays/tests/test_provisional.py``).

The amended 办法 (国务院令第795号) is in force from 1 January 2025; earlier years
followed the old text (春节 3 days, 劳动节 1 day) and always have a notice, so
no provisional schedule is made for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from gongkai.law import provisions as p
from gongkai.law.citations import Citation

#: The first year the amended 办法 (国务院令第795号) governs.
IN_FORCE_FROM_YEAR = 2025


class Anchor(StrEnum):
    SOLAR = "solar"  # a Gregorian month and day
    LUNAR = "lunar"  # a month and day of the Chinese lunar calendar (not a leap month)
    SOLAR_TERM = "solar_term"  # the day of a solar term (节气)


@dataclass(frozen=True)
class StatutoryHoliday:
    """One holiday of all citizens: its name, where it falls and how many days.

    ``offset`` moves the first day from the anchor (春节 starts on 除夕, the day
    before 正月初一: offset -1).
    """

    name: str
    anchor: Anchor
    days: int
    month: int = 0
    day: int = 0
    term: str = ""
    offset: int = 0


#: Art. 2, in calendar order.
HOLIDAYS: tuple[StatutoryHoliday, ...] = (
    StatutoryHoliday("元旦", Anchor.SOLAR, 1, month=1, day=1),
    StatutoryHoliday("春节", Anchor.LUNAR, 4, month=1, day=1, offset=-1),
    StatutoryHoliday("清明节", Anchor.SOLAR_TERM, 1, term="清明"),
    StatutoryHoliday("劳动节", Anchor.SOLAR, 2, month=5, day=1),
    StatutoryHoliday("端午节", Anchor.LUNAR, 1, month=5, day=5),
    StatutoryHoliday("中秋节", Anchor.LUNAR, 1, month=8, day=15),
    StatutoryHoliday("国庆节", Anchor.SOLAR, 3, month=10, day=1),
)

#: Where the holidays and the 补假 rule come from.
HOLIDAYS_BASIS: Citation = p.HOLIDAYS_ART_2
MAKEUP_BASIS: Citation = p.HOLIDAYS_ART_6

#: The word that marks every date counted on a provisional year.
PROVISIONAL_ZH = "暂定"


def provisional_source_zh(year: int) -> str:
    """The ``source`` of a provisional year's schedule, as shown with its dates."""
    return (
        f"{PROVISIONAL_ZH}：尚未录入《国务院办公厅关于{year}年部分节假日安排的通知》，"
        f"按{HOLIDAYS_BASIS.cite_zh}规定的法定节假日、{MAKEUP_BASIS.article_zh}的补假"
        "和周末推算"
    )


def provisional_note_zh(years: tuple[int, ...] | list[int]) -> str:
    """The note printed under a deadline counted on provisional years."""
    names = "、".join(f"{y}年" for y in years)
    return (
        f"本期限为{PROVISIONAL_ZH}：{names}的节假日安排（国务院办公厅通知）尚未录入，"
        f"按{HOLIDAYS_BASIS.cite_zh}规定的法定节假日（含{MAKEUP_BASIS.article_zh}"
        "的补假）和周末推算，不含调休；录入通知后将重新计算。"
    )
