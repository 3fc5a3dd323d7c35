"""Who may edit an agency's letter templates and download a stored letter."""

from __future__ import annotations

from typing import Any

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import CASEWORK_ROLES, can_view_agency, has_role
from gongkai.letters.models import Letter


def can_edit_letter_templates(user: Any, agency: Any) -> bool:
    """Only the agency's 机关管理员 edit its letter templates."""
    return has_role(user, agency, Role.ADMIN)


def can_download_letter(user: Any, letter: Letter) -> bool:
    """The case's readers: its agency's staff and the supervisors above it.

    The same rule as ``cases.permissions.can_view_case``, which letters may not
    import (cases depends on letters): a letter's agency is its case's.
    """
    return can_view_agency(user, letter.agency)


def letter_download_is_logged(user: Any, letter: Letter) -> bool:
    """A reader who does no case work in the letter's agency sees names masked
    everywhere else: their download of the letter is a logged full view."""
    return not has_role(user, letter.agency, *CASEWORK_ROLES)
