"""Masking of applicants' personal data in lists, exports and to supervisors."""

from __future__ import annotations


def mask_id_number(number: str) -> str:
    """Keep the first 4 and the last 4 characters: 3701**********123X."""
    if len(number) <= 8:
        return number[:1] + "*" * max(len(number) - 2, 0) + number[-1:]
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(phone: str) -> str:
    """Keep the first 3 and the last 4 digits: 138****5678."""
    if len(phone) <= 7:
        return "*" * max(len(phone) - 4, 0) + phone[-4:]
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_name(name: str) -> str:
    """A natural person's name in public or cross-agency lists: 张*、欧阳**."""
    if len(name) <= 1:
        return name
    return name[0] + "*" * (len(name) - 1)
