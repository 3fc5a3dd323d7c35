"""Who may see and do what with an application: pure functions, in pairs.

- ``can_view_case`` / ``cases_visible_to``: the agency's own staff (any role but
  supervisor) and the supervisors of the agency or of any agency above it.
- ``can_view_personal_data``: only the agency's case workers (登记员, 承办人, 负责人).
- ``can_perform(user, case, action)``: the role an action needs (``ACTION_ROLES``);
  承办人 act on the applications assigned to them, 负责人 on every one of the agency.

A case that is not visible is a 404; a visible case with a forbidden action is a 403.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Q, QuerySet

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.permissions import (
    CASEWORK_ROLES,
    AnyUser,
    agencies_visible_to,
    can_view_agency,
    has_role,
)
from gongkai.agencies.models import Agency
from gongkai.cases.models import Case


class Action(StrEnum):
    REGISTER = "register"
    CONFIRM = "confirm"
    DISCARD = "discard"
    ASSIGN = "assign"
    REQUEST_CORRECTION = "request_correction"
    RECEIVE_CORRECTION = "receive_correction"
    LAPSE_CORRECTION = "lapse_correction"
    START_CONSULTATION = "start_consultation"
    RECORD_CONSULTATION_REPLY = "record_consultation_reply"
    REQUEST_EXTENSION = "request_extension"
    APPROVE_EXTENSION = "approve_extension"
    REQUEST_REASONS = "request_reasons"
    SET_ART35_DELAY = "set_art35_delay"
    SEND_FEE_NOTICE = "send_fee_notice"
    RECORD_FEE_PAYMENT = "record_fee_payment"
    RECORD_FEE_NONPAYMENT = "record_fee_nonpayment"
    DECIDE = "decide"
    APPROVE_DECISION = "approve_decision"
    RETURN_DECISION = "return_decision"
    RECORD_DELIVERY = "record_delivery"
    ARCHIVE = "archive"
    ADD_ATTACHMENT = "add_attachment"
    GENERATE_LETTER = "generate_letter"


INTAKE = frozenset({Role.REGISTRAR, Role.HEAD})
#: "HANDLER" below means: a 承办人 of the agency to whom the case is assigned.
HANDLING = frozenset({Role.HANDLER, Role.HEAD})
HEAD_ONLY = frozenset({Role.HEAD})

ACTION_ROLES: dict[Action, frozenset[Role]] = {
    Action.REGISTER: INTAKE,
    Action.CONFIRM: INTAKE,
    Action.DISCARD: INTAKE,
    Action.ASSIGN: INTAKE,
    Action.REQUEST_CORRECTION: HANDLING | {Role.REGISTRAR},
    Action.RECEIVE_CORRECTION: HANDLING | {Role.REGISTRAR},
    Action.LAPSE_CORRECTION: HANDLING,
    Action.START_CONSULTATION: HANDLING,
    Action.RECORD_CONSULTATION_REPLY: HANDLING | {Role.REGISTRAR},
    Action.REQUEST_EXTENSION: HANDLING,
    Action.APPROVE_EXTENSION: HEAD_ONLY,
    Action.REQUEST_REASONS: HANDLING,
    Action.SET_ART35_DELAY: HANDLING,
    Action.SEND_FEE_NOTICE: HANDLING,
    Action.RECORD_FEE_PAYMENT: HANDLING | {Role.REGISTRAR},
    Action.RECORD_FEE_NONPAYMENT: HANDLING,
    Action.DECIDE: HANDLING,
    Action.APPROVE_DECISION: HEAD_ONLY,
    Action.RETURN_DECISION: HEAD_ONLY,
    Action.RECORD_DELIVERY: HANDLING | {Role.REGISTRAR},
    Action.ARCHIVE: HANDLING | {Role.REGISTRAR},
    Action.ADD_ATTACHMENT: CASEWORK_ROLES,
    Action.GENERATE_LETTER: HANDLING | {Role.REGISTRAR},
}


def cases_visible_to(user: AnyUser) -> QuerySet[Case]:
    """Every application ``user`` may open (list pages, counts, statistics)."""
    return Case.objects.filter(agency__in=agencies_visible_to(user))


def can_view_case(user: AnyUser, case: Case) -> bool:
    return can_view_agency(user, case.agency)


def can_view_personal_data(user: AnyUser, case: Case) -> bool:
    """Identity numbers and phone numbers in full: only the agency's case workers."""
    return has_role(user, case.agency, *CASEWORK_ROLES)


def can_perform(user: AnyUser, case: Case, action: Action) -> bool:
    """May ``user`` take ``action`` on ``case`` (ignoring the case's state)?"""
    if not (user.is_authenticated and user.is_active):
        return False
    allowed = set(ACTION_ROLES[action])
    held = {
        Role(r)
        for r in Membership.objects.filter(user=user, agency=case.agency).values_list(
            "role", flat=True
        )
    }
    if held & (allowed - {Role.HANDLER}):
        return True
    if Role.HANDLER in allowed and Role.HANDLER in held:
        return case.assignee_id == user.pk
    return False


def can_register_in(user: AnyUser, agency: Agency) -> bool:
    return has_role(user, agency, *INTAKE)


def agencies_for_registration(user: AnyUser) -> QuerySet[Agency]:
    if not (user.is_authenticated and user.is_active):
        return Agency.objects.none()
    ids = Membership.objects.filter(user=user, role__in=INTAKE).values("agency_id")
    return Agency.objects.filter(pk__in=ids)


def handlers_of(agency: Agency) -> Q:
    """A Q on User: the 承办人 of ``agency``."""
    return Q(memberships__agency=agency, memberships__role=Role.HANDLER)
