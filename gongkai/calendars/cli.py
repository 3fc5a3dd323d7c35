"""Entry point for `gongkai workdays …` / `gongkai clock …` with a database.

The framework-free CLI (gongkai.workdays.cli) imports this module only when
DJANGO_SETTINGS_MODULE is set; it sets Django up, then reads the calendar.
"""

from __future__ import annotations

from gongkai.workdays import WorkCalendar


def calendar_for_cli() -> WorkCalendar:
    import django

    django.setup()
    from gongkai.calendars.loader import current_calendar

    return current_calendar()
