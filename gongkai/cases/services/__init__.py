"""Every change to an application: one service per transition.

Each service is ``@transaction.atomic``, takes keyword-only arguments, locks the
case and checks the version the user saw (optimistic concurrency: a stale page
raises ``StaleCase``), checks the permission (``PermissionDenied`` → 403) and the
state machine (``TransitionNotAllowed``), recomputes the clocks through
``gongkai.cases.clocks``, saves with a conditional update, and writes exactly one
append-only ``CaseEvent`` with the clocks before and after.

The services live in one module per area; this package exports them all, so
callers keep importing from ``gongkai.cases.services``. The domain names the
single module used to re-export (models, errors, permissions) stay available too.
"""

from __future__ import annotations

from gongkai.accounts.models import Membership, Role
from gongkai.agencies.models import Agency
from gongkai.cases import clocks as case_clocks_mod
from gongkai.cases.errors import CaseInputError, StaleCase, TransitionNotAllowed
from gongkai.cases.models import (
    ALLOWED_TRANSITIONS,
    DECISION_OUTCOMES,
    OPEN_STATUSES,
    Attachment,
    Case,
    CaseEvent,
    Channel,
    Consultation,
    FeeMethod,
    Outcome,
    Status,
)
from gongkai.cases.permissions import Action, can_perform, can_register_in
from gongkai.cases.selectors import fee_count_earlier_in_month, find_possible_duplicate
from gongkai.cases.services._common import User
from gongkai.cases.services.art35 import case_request_reasons, case_set_art35_delay
from gongkai.cases.services.consultation import (
    case_record_consultation_reply,
    case_start_consultation,
)
from gongkai.cases.services.correction import (
    case_lapse_correction,
    case_receive_correction,
    case_request_correction,
    case_submit_correction_online,
)
from gongkai.cases.services.decision import (
    case_approve_decision,
    case_decide,
    case_return_decision,
    decision_ground,
)
from gongkai.cases.services.delivery import case_archive, case_record_delivery
from gongkai.cases.services.documents import (
    case_add_attachment,
    case_log_personal_data_view,
)
from gongkai.cases.services.extension import (
    EXTENSION_DECISION_STATUSES,
    EXTENSION_STATUSES,
    case_approve_extension,
    case_refuse_extension,
    case_request_extension,
)
from gongkai.cases.services.fee import (
    case_record_fee_nonpayment,
    case_record_fee_payment,
    case_send_fee_notice,
)
from gongkai.cases.services.intake import (
    QUERY_CODE_ALPHABET,
    QUERY_CODE_LENGTH,
    ApplicationDetails,
    case_assign,
    case_confirm_receipt,
    case_discard,
    case_register,
    case_submit_online,
    new_query_code,
)
from gongkai.cases.services.letters import case_issue_letter, letter_kinds_available
from gongkai.cases.services.recompute import cases_recompute_open_clocks
from gongkai.law import fees
from gongkai.workdays.calendar import format_date_zh

__all__ = [
    "ALLOWED_TRANSITIONS",
    "DECISION_OUTCOMES",
    "EXTENSION_DECISION_STATUSES",
    "EXTENSION_STATUSES",
    "OPEN_STATUSES",
    "QUERY_CODE_ALPHABET",
    "QUERY_CODE_LENGTH",
    "Action",
    "Agency",
    "ApplicationDetails",
    "Attachment",
    "Case",
    "CaseEvent",
    "CaseInputError",
    "Channel",
    "Consultation",
    "FeeMethod",
    "Membership",
    "Outcome",
    "Role",
    "StaleCase",
    "Status",
    "TransitionNotAllowed",
    "User",
    "can_perform",
    "can_register_in",
    "case_add_attachment",
    "case_approve_decision",
    "case_approve_extension",
    "case_archive",
    "case_assign",
    "case_clocks_mod",
    "case_confirm_receipt",
    "case_decide",
    "case_discard",
    "case_issue_letter",
    "case_lapse_correction",
    "case_log_personal_data_view",
    "case_receive_correction",
    "case_record_consultation_reply",
    "case_record_delivery",
    "case_record_fee_nonpayment",
    "case_record_fee_payment",
    "case_refuse_extension",
    "case_register",
    "case_request_correction",
    "case_request_extension",
    "case_request_reasons",
    "case_return_decision",
    "case_send_fee_notice",
    "case_set_art35_delay",
    "case_start_consultation",
    "case_submit_correction_online",
    "case_submit_online",
    "cases_recompute_open_clocks",
    "decision_ground",
    "fee_count_earlier_in_month",
    "fees",
    "find_possible_duplicate",
    "format_date_zh",
    "letter_kinds_available",
    "new_query_code",
]
