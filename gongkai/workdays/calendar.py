"""The working-day calendar: weekdays, minus holiday blocks, plus 调休 workdays.

A working day (工作日) is a Monday–Friday that is not in a holiday block, or a
Saturday/Sunday that the yearly 国务院办公厅 notice designates "上班" (调休). The
calendar is data, one `YearSchedule` per year, because the blocks change every
year (legal.md §4.11, §7.1). A date in a year without a schedule raises
`UnknownYearError`; there is no weekday fallback.

Arithmetic runs on a sorted array of working-day ordinals with `bisect`, so each
query is O(log n) whatever the distance between the dates.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from gongkai.workdays.errors import CalendarDataError, UnknownYearError

WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def format_date_zh(d: dt.date, *, weekday: bool = True) -> str:
    """`2026年10月26日（星期一）`: the form used in letters and on screen."""
    text = f"{d.year}年{d.month}月{d.day}日"
    return f"{text}（{WEEKDAYS_ZH[d.weekday()]}）" if weekday else text


class DayKind(StrEnum):
    WEEKDAY = "weekday"  # ordinary Monday–Friday working day
    WEEKEND = "weekend"  # ordinary Saturday/Sunday off
    HOLIDAY = "holiday"  # day off inside a holiday block (放假调休)
    ADJUSTED_WORKDAY = "adjusted_workday"  # Saturday/Sunday worked (调休上班)

    @property
    def label_zh(self) -> str:
        return {
            DayKind.WEEKDAY: "普通工作日",
            DayKind.WEEKEND: "周末休息日",
            DayKind.HOLIDAY: "节假日放假",
            DayKind.ADJUSTED_WORKDAY: "调休上班日",
        }[self]


@dataclass(frozen=True)
class YearSchedule:
    """One year's schedule as set by the State Council notice (or a correction).

    `holidays` maps each day off of a holiday block to the holiday's name (weekend
    days inside a block may be listed or not: they are off either way);
    `workdays` maps each Saturday/Sunday that is worked (调休) to the holiday it
    makes up for. `source` says where the data came from (notice title and 文号,
    or the package and version it was seeded from).
    """

    year: int
    holidays: Mapping[dt.date, str]
    workdays: Mapping[dt.date, str]
    source: str = ""
    #: True for a year computed from the statutory holidays alone
    #: (`gongkai.workdays.provisional`): every date counted on it is 暂定.
    provisional: bool = False

    def __post_init__(self) -> None:
        for d in (*self.holidays, *self.workdays):
            if d.year != self.year:
                raise CalendarDataError(
                    f"{self.year}年的节假日安排中出现了其他年份的日期：{d.isoformat()}。"
                )
        both = set(self.holidays) & set(self.workdays)
        if both:
            days = "、".join(sorted(d.isoformat() for d in both))
            raise CalendarDataError(f"以下日期既被列为放假又被列为调休上班：{days}。")
        weekdays = [d for d in self.workdays if d.weekday() < 5]
        if weekdays:
            days = "、".join(sorted(d.isoformat() for d in weekdays))
            raise CalendarDataError(
                f"调休上班日必须是周六或周日，以下日期本来就是工作日：{days}。"
            )


@dataclass(frozen=True)
class DayExplanation:
    """Why a date is or is not a working day."""

    date: dt.date
    is_workday: bool
    kind: DayKind
    name: str = ""  # holiday name for HOLIDAY and ADJUSTED_WORKDAY
    source: str = ""

    @property
    def text_zh(self) -> str:
        head = format_date_zh(self.date)
        if self.kind is DayKind.HOLIDAY:
            why = f"{self.name}放假"
        elif self.kind is DayKind.ADJUSTED_WORKDAY:
            why = f"{self.name}调休上班"
        elif self.kind is DayKind.WEEKEND:
            why = "周末"
        else:
            why = "周一至周五，不在节假日内"
        status = "工作日" if self.is_workday else "休息日"
        return f"{head}是{status}：{why}。"


@dataclass(frozen=True)
class WorkCalendar:
    """A working-day calendar over a set of known years.

    Build it from data with `WorkCalendar.from_schedules(...)`. Every query first
    checks that each year it touches is known and raises `UnknownYearError`
    naming the first unknown year otherwise.
    """

    schedules: Mapping[int, YearSchedule]
    label: str = ""
    _holidays: dict[dt.date, str] = field(init=False, repr=False, compare=False)
    _workdays: dict[dt.date, str] = field(init=False, repr=False, compare=False)
    _ords: list[int] = field(init=False, repr=False, compare=False)
    _special: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        holidays: dict[dt.date, str] = {}
        workdays: dict[dt.date, str] = {}
        for year, sched in self.schedules.items():
            if sched.year != year:
                raise CalendarDataError(f"年份不一致：{year} 与 {sched.year}。")
            holidays.update(sched.holidays)
            workdays.update(sched.workdays)
        ords: list[int] = []
        for year in sorted(self.schedules):
            day = dt.date(year, 1, 1).toordinal()
            end = dt.date(year, 12, 31).toordinal()
            while day <= end:
                d = dt.date.fromordinal(day)
                if d in workdays or (d.weekday() < 5 and d not in holidays):
                    ords.append(day)
                day += 1
        object.__setattr__(self, "_holidays", holidays)
        object.__setattr__(self, "_workdays", workdays)
        object.__setattr__(self, "_ords", ords)
        special = sorted(d.toordinal() for d in (*holidays, *workdays))
        object.__setattr__(self, "_special", special)

    @classmethod
    def from_schedules(
        cls, schedules: Iterable[YearSchedule], *, label: str = ""
    ) -> WorkCalendar:
        return cls({s.year: s for s in schedules}, label=label)

    def with_overrides(
        self,
        *,
        holidays: Mapping[dt.date, str] | None = None,
        workdays: Mapping[dt.date, str] | None = None,
        source: str = "",
        label: str = "",
    ) -> WorkCalendar:
        """A copy with extra days off and/or extra worked weekend days.

        Used for regional overrides (e.g. an autonomous region's own holiday):
        the national schedule stays, the override days win.
        """
        extra_off = dict(holidays or {})
        extra_on = dict(workdays or {})
        for d in (*extra_off, *extra_on):
            self._require_year(d.year)
        new: dict[int, YearSchedule] = {}
        for year, sched in self.schedules.items():
            off = {d: n for d, n in sched.holidays.items() if d not in extra_on}
            on = {d: n for d, n in sched.workdays.items() if d not in extra_off}
            off.update({d: n for d, n in extra_off.items() if d.year == year})
            on.update({d: n for d, n in extra_on.items() if d.year == year})
            touched = any(d.year == year for d in (*extra_off, *extra_on))
            src = f"{sched.source}；{source}" if touched and source else sched.source
            new[year] = YearSchedule(year, off, on, src, provisional=sched.provisional)
        return WorkCalendar(new, label=label or self.label)

    # -- known years -------------------------------------------------------

    @property
    def known_years(self) -> frozenset[int]:
        """Years with a schedule, provisional ones included."""
        return frozenset(self.schedules)

    @property
    def provisional_years(self) -> frozenset[int]:
        """Years whose schedule is provisional (no notice entered yet)."""
        return frozenset(y for y, s in self.schedules.items() if s.provisional)

    def provisional_in(self, a: dt.date, b: dt.date) -> tuple[int, ...]:
        """The provisional years touched by the span from `a` to `b`, in order."""
        lo, hi = (a, b) if a <= b else (b, a)
        return tuple(
            y
            for y in range(lo.year, hi.year + 1)
            if y in self.schedules and self.schedules[y].provisional
        )

    def knows_year(self, year: int) -> bool:
        return year in self.schedules

    def _require_year(self, year: int) -> None:
        if year not in self.schedules:
            raise UnknownYearError(year)

    def _require_span(self, a: dt.date, b: dt.date) -> None:
        lo, hi = (a, b) if a <= b else (b, a)
        for year in range(lo.year, hi.year + 1):
            self._require_year(year)

    def _first_unknown_from(self, year: int) -> int:
        while year in self.schedules:
            year += 1
        return year

    # -- queries -------------------------------------------------------------

    def is_workday(self, d: dt.date) -> bool:
        self._require_year(d.year)
        if d in self._workdays:
            return True
        return d.weekday() < 5 and d not in self._holidays

    def explain_day(self, d: dt.date) -> DayExplanation:
        self._require_year(d.year)
        source = self.schedules[d.year].source
        if d in self._workdays:
            return DayExplanation(
                d, True, DayKind.ADJUSTED_WORKDAY, self._workdays[d], source
            )
        if d in self._holidays:
            return DayExplanation(d, False, DayKind.HOLIDAY, self._holidays[d], source)
        if d.weekday() >= 5:
            return DayExplanation(d, False, DayKind.WEEKEND, "", source)
        return DayExplanation(d, True, DayKind.WEEKDAY, "", source)

    def add_workdays(self, d: dt.date, n: int) -> dt.date:
        """The n-th working day after `d` (n ≥ 0; `d` itself is never counted).

        n = 0 returns `d` unchanged. Raises `UnknownYearError` if `d` or any year
        up to the result has no schedule.
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        self._require_year(d.year)
        if n == 0:
            return d
        idx = bisect_right(self._ords, d.toordinal()) + n - 1
        if idx >= len(self._ords):
            raise UnknownYearError(self._first_unknown_from(d.year))
        result = dt.date.fromordinal(self._ords[idx])
        self._require_span(d, result)
        return result

    def workdays_between(self, a: dt.date, b: dt.date) -> int:
        """Working days d with a < d ≤ b (negative if b < a).

        So that `workdays_between(a, add_workdays(a, n)) == n`.
        """
        self._require_span(a, b)
        if b < a:
            return -self.workdays_between(b, a)
        return bisect_right(self._ords, b.toordinal()) - bisect_right(
            self._ords, a.toordinal()
        )

    def days_off_between(self, a: dt.date, b: dt.date) -> Iterator[DayExplanation]:
        """Explanations of the holiday-block days and 调休 workdays in (a, b]."""
        self._require_span(a, b)
        lo = bisect_right(self._special, a.toordinal())
        hi = bisect_right(self._special, b.toordinal())
        for ordinal in self._special[lo:hi]:
            yield self.explain_day(dt.date.fromordinal(ordinal))

    def year_days(self, year: int) -> list[DayExplanation]:
        """Every day of a known year, explained (for month-by-month previews)."""
        self._require_year(year)
        start = dt.date(year, 1, 1)
        count = (dt.date(year, 12, 31) - start).days + 1
        return [self.explain_day(start + dt.timedelta(days=i)) for i in range(count)]

    def count_workdays_in_year(self, year: int) -> int:
        self._require_year(year)
        lo = bisect_right(self._ords, dt.date(year - 1, 12, 31).toordinal())
        return bisect_right(self._ords, dt.date(year, 12, 31).toordinal()) - lo
