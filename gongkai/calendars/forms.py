"""The notice form: a year's holiday blocks and 调休 days, one line each.

Lines read like the notice: `2027-02-06 至 2027-02-14 春节` (a block, every day
off) or `2027-02-15 春节` (one day). `..` may replace `至`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from django import forms

from gongkai.calendars.models import HolidayNotice
from gongkai.workdays import CalendarDataError, YearSchedule

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


class NoticeForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
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
    issued_on = forms.DateField(label="发布日期", required=False)
    source_url = forms.URLField(label="原文链接", required=False, assume_scheme="https")
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
        return parse_day_lines(self.cleaned_data["holidays"])

    def clean_workdays(self) -> dict[dt.date, str]:
        return parse_day_lines(self.cleaned_data.get("workdays") or "")

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        year, holidays = data.get("year"), data.get("holidays")
        if year is None or holidays is None or "workdays" not in data:
            return data
        if not holidays:
            raise forms.ValidationError(f"{year}年的安排中没有任何放假日。")
        try:
            data["schedule"] = YearSchedule(year, holidays, data["workdays"])
        except CalendarDataError as exc:
            raise forms.ValidationError(exc.message_zh) from exc
        return data

    @classmethod
    def initial_for(cls, notice: HolidayNotice) -> dict[str, object]:
        holidays = {d.date: d.name for d in notice.days.all() if d.kind == "holiday"}
        workdays = {d.date: d.name for d in notice.days.all() if d.kind == "workday"}
        return {
            "year": notice.year,
            "title": notice.title,
            "document_number": notice.document_number,
            "issued_on": notice.issued_on,
            "source_url": notice.source_url,
            "holidays": format_day_lines(holidays),
            "workdays": format_day_lines(workdays),
        }
