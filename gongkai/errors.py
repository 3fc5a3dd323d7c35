"""The base of every business-rule error: a refusal with a Chinese message.

A service that refuses an operation because a rule forbids it (the state does not
allow it, a date is unlawful, a figure is inconsistent) raises a subclass of
:class:`DomainError`. The web layer shows ``message_zh`` as is (see
``gongkai/web/actions.py``), the CLI prints it without a traceback. Each app keeps
its own subclasses (``CaseError``, ``ReportError``, ``DisclosureError``, …) so that
callers can tell them apart.

Field validation stays in forms (Django's ``ValidationError``); model invariants
checked by ``full_clean()`` stay ``ValidationError`` too. This module is pure
Python: the framework-free packages (``gongkai.workdays``) subclass it as well.
"""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the operation; ``message_zh`` is shown to the user.

    ``field`` optionally names the form field the message belongs to (a form shows
    it beside that field when it has one, else above the form).
    """

    def __init__(self, message_zh: str, *, field: str | None = None) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh
        self.field = field


class StaleError(DomainError):
    """Someone else changed the object since the page was loaded.

    The web layer does not show the submitted form again (it was filled in against
    an old state): it shows the message and reloads the object's page.
    """
