"""Forms: the public application, staff registration, and one form per action.

Forms only validate input and say what to pass to the service; they never save.
Every action form carries the ``version`` of the case the user saw.

One module per area (``fields``: shared checks; ``application``; ``actions``;
``stats``); this package exports them all.
"""

from __future__ import annotations

from gongkai.cases.forms.actions import (
    ApproveDecisionForm,
    Art35DelayForm,
    AssignForm,
    AttachmentForm,
    CaseActionForm,
    ConfirmForm,
    ConsultationForm,
    ConsultationReplyForm,
    DecideForm,
    DeliveryForm,
    EmptyActionForm,
    ExtensionApproveForm,
    ExtensionRefuseForm,
    ExtensionRequestForm,
    FeeNoticeForm,
    FeePaidForm,
    LapseCorrectionForm,
    ReasonForm,
    ReceiveCorrectionForm,
    RequestCorrectionForm,
    decision_grounds,
)
from gongkai.cases.forms.application import (
    ApplicationFieldsMixin,
    CorrectionForm,
    PublicApplicationForm,
    StaffRegistrationForm,
    TrackForm,
)
from gongkai.cases.forms.fields import (
    ALLOWED_UPLOADS,
    CREDIT_CODE_RE,
    ID18_RE,
    ID_CHECK,
    ID_WEIGHTS,
    LANDLINE_RE,
    MAX_ATTACHMENT_BYTES,
    MOBILE_RE,
    DateInput,
    check_upload,
    date_field,
    resident_id_is_valid,
)
from gongkai.cases.forms.stats import Table3Form

__all__ = [
    "ALLOWED_UPLOADS",
    "CREDIT_CODE_RE",
    "ID18_RE",
    "ID_CHECK",
    "ID_WEIGHTS",
    "LANDLINE_RE",
    "MAX_ATTACHMENT_BYTES",
    "MOBILE_RE",
    "ApplicationFieldsMixin",
    "ApproveDecisionForm",
    "Art35DelayForm",
    "AssignForm",
    "AttachmentForm",
    "CaseActionForm",
    "ConfirmForm",
    "ConsultationForm",
    "ConsultationReplyForm",
    "CorrectionForm",
    "DateInput",
    "DecideForm",
    "DeliveryForm",
    "EmptyActionForm",
    "ExtensionApproveForm",
    "ExtensionRefuseForm",
    "ExtensionRequestForm",
    "FeeNoticeForm",
    "FeePaidForm",
    "LapseCorrectionForm",
    "PublicApplicationForm",
    "ReasonForm",
    "ReceiveCorrectionForm",
    "RequestCorrectionForm",
    "StaffRegistrationForm",
    "Table3Form",
    "TrackForm",
    "check_upload",
    "date_field",
    "decision_grounds",
    "resident_id_is_valid",
]
