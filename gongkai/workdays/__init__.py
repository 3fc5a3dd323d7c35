"""Working days and statutory clocks for 政府信息公开 — framework-free.

Imports no Django. The calendar (`WorkCalendar`) is built from data: the
packaged schedules (`package_calendar()`) or, in the web app, the database
(`gongkai.calendars.loader`). The clocks (`gongkai.workdays.clocks`) are pure
functions returning a `Deadline` that explains itself.
"""

from gongkai.workdays.calendar import (
    DayExplanation,
    DayKind,
    WorkCalendar,
    YearSchedule,
    format_date_zh,
)
from gongkai.workdays.data import package_calendar, package_schedules
from gongkai.workdays.errors import (
    CalendarDataError,
    ClockInputError,
    GongkaiError,
    ReceiptNotConfirmedError,
    UnknownYearError,
)

__all__ = [
    "CalendarDataError",
    "ClockInputError",
    "DayExplanation",
    "DayKind",
    "GongkaiError",
    "ReceiptNotConfirmedError",
    "UnknownYearError",
    "WorkCalendar",
    "YearSchedule",
    "format_date_zh",
    "package_calendar",
    "package_schedules",
]
