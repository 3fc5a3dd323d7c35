"""The one place where the disclosure app talks to the clocks engine (Art. 26)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.agencies.models import Agency
from gongkai.workdays import clocks as engine
from gongkai.workdays.errors import GongkaiError


@dataclass(frozen=True)
class PublicationDue:
    """The Art. 26 due date, or why it cannot be computed (never a guess)."""

    due: dt.date | None
    problem: str = ""
    deadline: engine.Deadline | None = None


def publication_deadline(agency: Agency, generated_on: dt.date) -> engine.Deadline:
    """Art. 26: 20 working days from the day the information was made or changed.

    Counted by the engine on the agency's calendar (its region's, else the
    national one) with the agency's day-one rule.
    """
    from gongkai.calendars.loader import calendar_for_agency

    settings = engine.ClockSettings(day_one=engine.DayOneRule(agency.day_one_rule))
    return engine.proactive_publication_due(
        calendar_for_agency(agency), made_or_changed_on=generated_on, settings=settings
    )


def publication_due(agency: Agency, generated_on: dt.date) -> PublicationDue:
    try:
        deadline = publication_deadline(agency, generated_on)
    except GongkaiError as exc:
        return PublicationDue(None, exc.message_zh[:300])
    return PublicationDue(deadline.due, "", deadline)
