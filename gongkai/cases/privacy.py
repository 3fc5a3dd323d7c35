"""Masking of applicants' personal data in lists, exports and to supervisors.

Identity numbers and phones are masked for everyone until a case worker of the
agency asks for the full view (which is logged). A natural person's name — the
applicant's, a company's 法定代表人, a third party consulted, the applicant or
plaintiff of a 复议/诉讼 — is shown to the agency's case workers, and masked for
everyone else who may read the record (supervisors, 机关管理员), on every page,
export and API answer: they never see it in full. The one document that holds
it in full, a letter as issued, is a logged personal-data view when one of them
downloads it (``gongkai/letters/views.py``).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.cases.models import Case


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
    """Keep the first and, from three characters, the last: 张*, 欧*娜, 王**明."""
    name = name.strip()
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_email(address: str) -> str:
    """Keep the first character of the mailbox and the domain: z***@example.com."""
    local, at, domain = address.partition("@")
    if not at:
        return mask_name(address)
    return (local[:1] + "***" if local else "") + "@" + domain


def name_for(name: str, agency_id: int, casework_agencies: Collection[int]) -> str:
    """A natural person's name in a record of ``agency_id``, as the viewer may read it.

    In full for the agency's case workers, masked for everyone else.
    """
    if agency_id in casework_agencies:
        return name
    return mask_name(name)


def applicant_name_for(case: Case, casework_agencies: Collection[int]) -> str:
    """The name as a viewer doing case work in ``casework_agencies`` may read it.

    In full in their own agencies' cases and for a company or organisation
    (not personal data); masked otherwise.
    """
    if case.applicant_type != "natural_person" or case.agency_id in casework_agencies:
        return case.applicant_name
    return mask_name(case.applicant_name)
