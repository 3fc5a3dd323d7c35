"""The decision, its approval by the head, and its return."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.users import staff_user
from gongkai.cases.errors import CaseInputError
from gongkai.cases.models import (
    DECISION_OUTCOMES,
    Case,
    CaseEvent,
    Outcome,
    Status,
)
from gongkai.cases.permissions import Action
from gongkai.cases.services._common import (
    User,
    _lock,
    _now,
    _require_status,
    _require_transition,
    _save,
)
from gongkai.workdays.calendar import format_date_zh


@transaction.atomic
def case_decide(
    *,
    case: Case,
    outcome: str,
    reasons: str,
    acting_user: User,
    ground: str = "",
    legal_basis: str = "",
    access_info: str = "",
    withheld_part: str = "",
    referral: str = "",
    decision_text: str = "",
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """Draft the reply: exactly one final outcome (a leaf row of table 三), its basis and reasons.

    Arts. 36–39 (reply types) and the report formats' rule that each application
    has one final outcome; partial disclosure counts only as （二）部分公开 (Art. 37).
    """
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.DECIDE,
        expected_version=expected_version,
    )
    _require_transition(case, Status.DECIDED, "拟定答复")
    try:
        outcome_enum = Outcome(outcome)
    except ValueError:
        raise CaseInputError("请选择一项处理结果。") from None
    if outcome_enum not in DECISION_OUTCOMES:
        raise CaseInputError(
            "逾期不补正、逾期未缴费由相应的办理步骤记录，不能直接选择。"
        )
    if (
        Status(case.status) == Status.AWAITING_REASONS
        and outcome_enum != Outcome.NOT_PROCESSED_MASSIVE
    ):
        raise CaseInputError(
            "申请人说明理由阶段只能作出“无正当理由大量反复申请”的决定，或确定延迟答复期限。"
        )
    chosen = decision_ground(outcome_enum, ground)
    if "basis_text" in chosen.needs:
        if "第" not in legal_basis or "条" not in legal_basis:
            raise CaseInputError(
                "“其他”处理须写明法律依据，引用到条、款、项，例如："
                "《中华人民共和国政府信息公开条例》第三十六条第二项。"
            )
    elif legal_basis.strip() and legal_basis.strip() != chosen.cite_zh:
        raise CaseInputError(
            "法律依据由所选条款确定（答复书引用的条文与处理决定一致），不能另行填写。"
        )
    else:
        legal_basis = chosen.cite_zh
    if outcome_enum != Outcome.GRANTED and not reasons.strip():
        raise CaseInputError("除予以公开外，答复应当说明理由。")
    _require_reply_elements(
        chosen,
        {
            "access": access_info,
            "withheld_part": withheld_part,
            "referral": referral,
            "reasons": reasons,
            "basis_text": legal_basis,
            "decision_text": decision_text,
        },
    )
    case.outcome = outcome_enum
    case.legal_ground = chosen.key
    case.legal_basis = legal_basis
    case.reasons = reasons
    case.access_info = access_info
    case.withheld_part = withheld_part
    case.referral = referral
    case.decision_text = decision_text
    case.decided_by = staff_user(acting_user)
    case.decided_on = timezone.localdate(now)
    # closed_on stays empty until the head approves: only then is the reply issued.
    _save(
        case,
        kind=CaseEvent.Kind.DECIDED,
        acting_user=acting_user,
        now=now,
        to=Status.DECIDED,
        changed=[
            "outcome",
            "legal_ground",
            "legal_basis",
            "reasons",
            "access_info",
            "withheld_part",
            "referral",
            "decision_text",
            "decided_by",
            "decided_on",
        ],
        reason=reasons,
        data={
            "outcome": str(outcome_enum),
            "ground": chosen.key,
            "legal_basis": legal_basis,
        },
    )
    return case


def decision_ground(outcome: Outcome, ground: str) -> Any:
    """The ground (条/款/项) a decision cites: one the outcomes table allows for it.

    Jiangsu 答复规范 section 五 (legal.md §6.1): "引用的条文要与政府信息公开处理决定
    一致". The handler chooses among the outcome's grounds in
    ``gongkai.letters.outcomes``; an outcome with a single ground needs no choice.
    The 答复书 cites exactly the ground chosen here.
    """
    from gongkai.letters.outcomes import outcome_rule

    rule = outcome_rule(outcome)
    if not ground:
        if len(rule.grounds) == 1:
            return rule.grounds[0]
        raise CaseInputError("请选择法律依据。")
    for candidate in rule.grounds:
        if candidate.key == ground:
            return candidate
    allowed = "、".join(g.label_zh for g in rule.grounds)
    raise CaseInputError(
        f"所选法律依据与处理结果“{outcome.label}”不一致，只能选择：{allowed}。"
    )


def _require_reply_elements(ground: Any, given: dict[str, str]) -> None:
    """What the 答复书 of this ground must state is present (letters' outcome table).

    Jiangsu 答复规范 section 五: e.g. a 部分公开 reply states how to obtain the
    information, what is withheld and why.
    """
    from gongkai.letters.generators import NEEDS_LABELS_ZH

    missing = [NEEDS_LABELS_ZH.get(n, n) for n in ground.needs if not given.get(n)]
    if missing:
        raise CaseInputError(f"该处理结果的答复书须写明：{'、'.join(missing)}。")


@transaction.atomic
def case_approve_decision(
    *,
    case: Case,
    acting_user: User,
    comment: str = "",
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """The head approves the drafted reply; the reply is issued today (办结)."""
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.APPROVE_DECISION,
        expected_version=expected_version,
    )
    _require_transition(case, Status.REPLIED, "审批答复")
    case.approved_by = staff_user(acting_user)
    case.approved_on = timezone.localdate(now)
    case.closed_on = case.approved_on
    data: dict[str, Any] = {"outcome": case.outcome}
    if case.due_on is not None and case.approved_on > case.due_on:
        data["warning"] = f"答复晚于答复期限（{format_date_zh(case.due_on)}）。"
    _save(
        case,
        kind=CaseEvent.Kind.DECISION_APPROVED,
        acting_user=acting_user,
        now=now,
        to=Status.REPLIED,
        changed=["approved_by", "approved_on", "closed_on"],
        reason=comment,
        data=data,
        recompute=False,
    )
    return case


@transaction.atomic
def case_return_decision(
    *,
    case: Case,
    reason: str,
    acting_user: User,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """The head sends the draft back to the handler with reasons."""
    now = _now(now)
    case = _lock(
        case,
        acting_user=acting_user,
        action=Action.RETURN_DECISION,
        expected_version=expected_version,
    )
    _require_status(case, {Status.DECIDED}, "退回答复")
    _require_transition(case, Status.IN_PROGRESS, "退回答复")
    if not reason.strip():
        raise CaseInputError("请填写退回理由。")
    previous = case.outcome
    case.outcome = ""
    case.legal_ground = ""
    case.closed_on = None
    case.decided_on = None
    case.decided_by = None
    _save(
        case,
        kind=CaseEvent.Kind.DECISION_RETURNED,
        acting_user=acting_user,
        now=now,
        to=Status.IN_PROGRESS,
        changed=["outcome", "legal_ground", "closed_on", "decided_on", "decided_by"],
        reason=reason,
        data={"previous_outcome": previous},
    )
    return case
