"""Who may edit an agency's letter templates and download a stored letter."""

from __future__ import annotations

from typing import Any

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import has_role
from gongkai.cases.permissions import can_view_case
from gongkai.letters.models import Letter


def can_edit_letter_templates(user: Any, agency: Any) -> bool:
    """Only the agency's 机关管理员 edit its letter templates."""
    return has_role(user, agency, Role.ADMIN)


def can_download_letter(user: Any, letter: Letter) -> bool:
    """The case's readers: its agency's staff and the supervisors above it."""
    return can_view_case(user, letter.case)
