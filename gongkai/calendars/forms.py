"""The calendar forms: a year's days off and 调休 days, one line each.

Lines read like the notice: `2027-02-06 至 2027-02-14 春节` (a block, every day
off) or `2027-02-15 春节` (one day). `..` may replace `至`. The national notice
form and a region's form share the day fields (`DayLinesForm`); each form's
`clean()` leaves the calendar to preview in `cleaned_data["calendar"]`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms

from gongkai.calendars.models import HolidayNotice, Region, days_by_kind
from gongkai.web.forms import IsoDateInput
from gongkai.workdays import (
    CalendarDataError,
    UnknownYearError,
    WorkCalendar,
    YearSchedule,
)

LINE = re.compile(
    r"^(?P<first>\d{4}-\d{1,2}-\d{1,2})\s*"
    r"(?:(?:至|\.\.|~|～)\s*(?P<last>\d{4}-\d{1,2}-\d{1,2}))?\s+(?P<name>\S.*)$"
)
MAX_BLOCK_DAYS = 31


def _date(text: str, lineno: int) -> dt.date:
    try:
        y, m, d = (int(p) for p in text.split("-"))
        return dt.date(y, m, d)
    except ValueError:
        raise forms.ValidationError(f"第{lineno}行：日期“{text}”不存在。") from None


def parse_day_lines(text: str) -> dict[dt.date, str]:
    days: dict[dt.date, str] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = LINE.match(line)
        if match is None:
            raise forms.ValidationError(
                f"第{lineno}行无法识别：“{line}”。格式为“2027-02-06 至 2027-02-14 春节”"
                "或“2027-02-15 春节”。"
            )
        first = _date(match["first"], lineno)
        last = _date(match["last"], lineno) if match["last"] else first
        if last < first or (last - first).days >= MAX_BLOCK_DAYS:
            raise forms.ValidationError(f"第{lineno}行的起止日期有误：“{line}”。")
        name = match["name"].strip()
        day = first
        while day <= last:
            if day in days:
                raise forms.ValidationError(
                    f"第{lineno}行：{day.isoformat()}重复录入。"
                )
            days[day] = name
            day += dt.timedelta(days=1)
    return days


def format_day_lines(days: Mapping[dt.date, str]) -> str:
    """The inverse of `parse_day_lines`, joining consecutive days of one holiday."""
    lines: list[str] = []
    run: list[dt.date] = []
    ordered = sorted(days)

    def flush() -> None:
        if run:
            first, last = run[0], run[-1]
            span = first.isoformat() if first == last else f"{first} 至 {last}"
            lines.append(f"{span} {days[first]}")

    for d in ordered:
        if run and (d - run[-1]).days == 1 and days[d] == days[run[-1]]:
            run.append(d)
        else:
            flush()
            run = [d]
    flush()
    return "\n".join(lines)


class DayLinesForm(forms.Form):
    """A year with its days off and its worked weekend days, one line each."""

    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    holidays = forms.CharField(
        label="放假日期",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="每行一段：“2027-02-06 至 2027-02-14 春节”或“2027-01-01 元旦”。"
        "假期中的周六、周日也请列入。",
    )
    workdays = forms.CharField(
        label="调休上班日期",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="每行一天：“2027-02-20 春节”（须为周六或周日）。",
    )

    def clean_holidays(self) -> dict[dt.date, str]:
        return parse_day_lines(self.cleaned_data.get("holidays") or "")

    def clean_workdays(self) -> dict[dt.date, str]:
        return parse_day_lines(self.cleaned_data.get("workdays") or "")

    def _schedule(self, data: Mapping[str, Any]) -> YearSchedule | None:
        """The year's days checked by the core, or None if a field already failed."""
        year, holidays = data.get("year"), data.get("holidays")
        if year is None or holidays is None or "workdays" not in data:
            return None
        try:
            return YearSchedule(year, holidays, data["workdays"])
        except CalendarDataError as exc:
            raise forms.ValidationError(exc.message_zh) from exc

    @staticmethod
    def day_lines_initial(rows: Iterable[Any]) -> dict[str, str]:
        holidays, workdays = days_by_kind(rows)
        return {
            "holidays": format_day_lines(holidays),
            "workdays": format_day_lines(workdays),
        }


class NoticeForm(DayLinesForm):
    """The State Council notice of one year (a new year or a correction)."""

    field_order = (
        "year",
        "title",
        "document_number",
        "issued_on",
        "source_url",
        "holidays",
        "workdays",
    )
    title = forms.CharField(
        label="通知标题",
        max_length=200,
        help_text="例如：国务院办公厅关于2027年部分节假日安排的通知",
    )
    document_number = forms.CharField(
        label="文号",
        max_length=100,
        required=False,
        help_text="例如：国办发明电〔2026〕X号",
    )
    issued_on = forms.DateField(label="发布日期", required=False, widget=IsoDateInput())
    source_url = forms.URLField(label="原文链接", required=False, assume_scheme="https")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("year") is not None and data.get("holidays") == {}:
            raise forms.ValidationError(f"{data['year']}年的安排中没有任何放假日。")
        schedule = self._schedule(data)
        if schedule is not None:
            data["calendar"] = WorkCalendar.from_schedules([schedule])
        return data

    @classmethod
    def initial_for(cls, notice: HolidayNotice) -> dict[str, object]:
        return {
            "year": notice.year,
            "title": notice.title,
            "document_number": notice.document_number,
            "issued_on": notice.issued_on,
            "source_url": notice.source_url,
            **cls.day_lines_initial(notice.days.all()),
        }


class RegionalDaysForm(DayLinesForm):
    """A region's own days of one year, applied on top of the national calendar.

    The year must already be known nationally: the preview, and later every
    deadline, is the national schedule with these days on top (no guessing).
    """

    field_order = ("year", "holidays", "workdays", "source")
    source = forms.CharField(
        label="依据",
        max_length=200,
        help_text="地区安排所依据的文件名称或文号，"
        "例如：西藏自治区人民政府办公厅关于2027年藏历新年放假的通知",
    )

    def __init__(self, *args: Any, national: WorkCalendar, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.national = national
        self.fields["holidays"].required = False
        self.fields["holidays"].help_text = (
            "本地区在全国安排之外另行放假的日期，每行一段："
            "“2027-02-08 至 2027-02-10 藏历新年”。两栏都留空即删除本地区该年的安排。"
        )
        self.fields[
            "workdays"
        ].help_text = (
            "本地区另行安排上班的周六、周日，每行一天：“2027-02-20 藏历新年”。"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        schedule = self._schedule(data)
        if schedule is None:
            return data
        if not self.national.knows_year(schedule.year):
            raise forms.ValidationError(UnknownYearError(schedule.year).message_zh)
        data["calendar"] = self.national.with_overrides(
            holidays=schedule.holidays,
            workdays=schedule.workdays,
            source=data.get("source", ""),
        )
        return data

    @classmethod
    def initial_for(cls, region: Region, year: int) -> dict[str, object]:
        rows = list(region.days.filter(date__year=year))
        return {
            "year": year,
            "source": rows[0].source if rows else "",
            **cls.day_lines_initial(rows),
        }


class RegionForm(forms.ModelForm):
    RESERVED_CODES = frozenset({"new"})

    class Meta:
        model = Region
        fields = ("code", "name", "agency")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = "代码创建后不能修改。"

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if not self.instance.pk and code in self.RESERVED_CODES:
            raise forms.ValidationError(f"“{code}”是保留字，请换一个代码。")
        return code
