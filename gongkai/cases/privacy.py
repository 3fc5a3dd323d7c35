"""Masking of applicants' personal data in lists, exports and to supervisors.

Identity numbers and phones are masked for everyone until a case worker of the
agency asks for the full view (which is logged). A natural person's name — the
applicant's, a company's 法定代表人, a third party consulted, the applicant or
plaintiff of a 复议/诉讼 — is shown to the agency's case workers, and masked for
everyone else who may read the record (supervisors, 机关管理员), on every page,
export and API answer: they never see it in full. The one document that holds
it in full, a letter as issued, is a logged personal-data view when one of them
downloads it (``gongkai/letters/views.py``).

Free text of a case (the request's description, reasons, notes) is written by
people and may repeat those names, an identity number or a phone number: for
everyone but the agency's case workers it is shown through ``text_for``, which
masks the case's known names wherever they occur and any identity or mobile
number in it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
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


#: An 18-character 居民身份证号码 (17 digits and a digit or X) standing alone.
ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
#: A mainland mobile number (11 digits from 13–19) standing alone.
MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def mask_names_in(text: str, names: Iterable[str]) -> str:
    """``text`` with every occurrence of each of ``names`` masked, and any
    identity or mobile number in it masked.

    Longer names are replaced first, so that 王小明 is not left half-masked by
    a shorter 王小 in the same list; one-character names are left alone (they
    would mask unrelated words).
    """
    for name in sorted(
        {n.strip() for n in names if len(n.strip()) >= 2}, key=len, reverse=True
    ):
        text = text.replace(name, mask_name(name))
    text = ID_NUMBER_IN_TEXT.sub(lambda m: mask_id_number(m.group()), text)
    return MOBILE_IN_TEXT.sub(lambda m: mask_phone(m.group()), text)


def personal_names(case: Case, others: Iterable[str] = ()) -> list[str]:
    """The natural persons' names a case's free text may repeat: the applicant
    (a natural person), a company's 法定代表人, and ``others`` (third parties
    consulted)."""
    names = [case.legal_representative, *others]
    if case.applicant_type == "natural_person":
        names.append(case.applicant_name)
    return [n for n in names if n]


def text_for(
    case: Case,
    text: str,
    casework_agencies: Collection[int],
    others: Iterable[str] = (),
) -> str:
    """A case's free text as the viewer may read it: as written for the
    agency's case workers, with names and numbers masked for everyone else."""
    if not text or case.agency_id in casework_agencies:
        return text
    return mask_names_in(text, personal_names(case, others))
