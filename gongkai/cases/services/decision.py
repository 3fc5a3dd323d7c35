"""The decision, its approval by the head, and its return."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict, Unpack

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.permissions import separation_refuses
from gongkai.accounts.users import staff_user
from gongkai.annual.formats import FORMAT_2021
from gongkai.cases.errors import CaseInputError, SeparationOfDuties
from gongkai.cases.models import (
    DECISION_OUTCOMES,
    OUTCOME_LABELS,
    Case,
    CaseEvent,
    Consultation,
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
from gongkai.law import outcomes
from gongkai.law import provisions as law
from gongkai.workdays.calendar import format_date_zh


class DecisionFields(TypedDict, total=False):
    """What the decision form asks for; which of them a ground's letter prints is
    decided by the ground (``gongkai.law.outcomes``)."""

    ground: str
    legal_basis: str
    reasons: str
    access_info: str
    withheld_part: str
    withheld_ground: str
    referral: str
    other_agency: str
    other_agency_contact: str
    other_agency_unknown: str
    decision_text: str
    disclosure_reason: str


#: The case's field for each letter field of ``outcomes.FORM_FIELDS`` whose name differs.
_CASE_FIELD = {"access": "access_info", "basis_text": "legal_basis"}


@transaction.atomic
def case_decide(
    *,
    case: Case,
    outcome: str,
    acting_user: User,
    confirm_unconsulted: bool = False,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
    **fields: Unpack[DecisionFields],
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
    outcome_enum = _decision_outcome(case, outcome)
    chosen = decision_ground(outcome_enum, fields.get("ground", ""))
    kept = _letter_fields(case, chosen, fields)
    _check_ground(case, chosen, kept, confirm_unconsulted=confirm_unconsulted)
    case.outcome = outcome_enum
    case.legal_ground = chosen.key
    for name in outcomes.FORM_FIELDS:
        setattr(case, _CASE_FIELD.get(name, name), kept[name])
    # What the handler typed, as the decision form names it: kept through a
    # return (退回) so that the form comes back filled in.
    case.decision_draft = {"outcome": outcome} | {
        name: fields.get(name, "") for name in DecisionFields.__annotations__
    }
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
            *(_CASE_FIELD.get(name, name) for name in outcomes.FORM_FIELDS),
            "decision_draft",
            "decided_by",
            "decided_on",
        ],
        reason=case.reasons,
        data={
            "outcome": str(outcome_enum),
            "ground": chosen.key,
            "legal_basis": kept["cited"],
        },
    )
    return case


def _decision_outcome(case: Case, outcome: str) -> Outcome:
    """The outcome a handler may choose at this stage (a leaf of table 三)."""
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
        massive = FORMAT_2021.table3_by_key[Outcome.NOT_PROCESSED_MASSIVE].short
        raise CaseInputError(
            f"申请人说明理由阶段只能作出“{massive}”的决定，或确定延迟答复期限。"
        )
    return outcome_enum


def _cited_basis(chosen: Any, legal_basis: str) -> str:
    """The legal basis the letter cites: the chosen ground's citation, or for a
    ground that cites another law (（六）3), the law the handler names."""
    if "basis_text" in chosen.needs:
        problem = outcomes.basis_text_problem(legal_basis)
        if problem:
            raise CaseInputError(problem)
        return legal_basis
    if legal_basis.strip() and legal_basis.strip() != chosen.cite_zh:
        raise CaseInputError(
            "法律依据由所选条款确定（答复书引用的条文与处理决定一致），不能另行填写。"
        )
    return str(chosen.cite_zh)


def _letter_fields(case: Case, chosen: Any, fields: DecisionFields) -> dict[str, Any]:
    """The letter fields of ``outcomes.FORM_FIELDS``, stripped; those the chosen
    ground's letter does not print are cleared (and ``cited``, the basis cited)."""
    cited = _cited_basis(chosen, fields.get("legal_basis", ""))
    given: dict[str, Any] = {
        name: str(fields.get(_CASE_FIELD.get(name, name), "")).strip()
        for name in outcomes.FORM_FIELDS
    }
    given["basis_text"] = cited.strip()
    given["art35_requested_on"] = case.art35_reasons_requested_on
    for name in outcomes.FORM_FIELDS:
        if name not in chosen.fields:
            given[name] = ""
    for name in chosen.unused(given):
        given[name] = ""
    # A ground citing only the regulations prints its citation as the basis.
    given["basis_text"] = given["basis_text"] or cited
    given["cited"] = cited
    return given


def decision_ground(outcome: str, ground: str) -> Any:
    """The ground (条/款/项) a decision cites: one the outcomes table allows for it.

    Jiangsu 答复规范 section 五 (legal.md §6.1): "引用的条文要与政府信息公开处理决定
    一致". The handler chooses among the outcome's grounds in
    ``gongkai.law.outcomes``; an outcome with a single ground needs no choice.
    The 答复书 cites exactly the ground chosen here.
    """
    from gongkai.law.outcomes import outcome_rule

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
        f"所选法律依据与处理结果“{OUTCOME_LABELS[outcome]}”不一致，"
        f"只能选择：{allowed}。"
    )


def _check_ground(
    case: Case, ground: Any, given: dict[str, Any], *, confirm_unconsulted: bool
) -> None:
    """What the letter of this ground must state is present (``gongkai.law.outcomes``).

    Jiangsu 答复规范 section 五: e.g. a 部分公开 reply states how to obtain the
    information, what is withheld, on which ground and why. Art. 35 不予处理
    only after the request for reasons is on record; Art. 15 warns when no third
    party was consulted (Art. 32); disclosure over a third party's objection
    states the reasons the third party is told (Art. 32).
    """
    if ground.needs_art35_request and case.art35_reasons_requested_on is None:
        raise CaseInputError(
            "须先要求申请人说明理由并记录要求的日期"
            f"（{law.ART_35.short_zh}），才能作出不予处理的决定。"
        )
    missing = ground.missing(given)
    if missing:
        raise CaseInputError(f"该处理结果的答复书须写明：{'、'.join(missing)}。")
    warn = ground.warn_unconsulted
    if given.get("withheld_ground"):
        try:
            part = outcomes.withheld_ground(given["withheld_ground"])
        except outcomes.UnknownOutcomeError as exc:
            raise CaseInputError(str(exc)) from None
        warn = warn or part.warn_unconsulted
    third_parties = case.consultations.filter(kind=Consultation.Kind.THIRD_PARTY)
    if warn and not confirm_unconsulted and not third_parties.exists():
        raise CaseInputError(
            "本申请没有征求第三方意见的记录。依据"
            f"{law.ART_15.short_zh}不予公开的，"
            f"一般应先书面征求第三方意见（{law.ART_32.short_zh}）。"
            "如确认无需征求（例如无法联系第三方或明显损害其权益），请勾选确认后再保存。"
        )
    objected = third_parties.filter(opinion=Consultation.Opinion.OBJECT).exists()
    if (
        objected
        and "disclosure_reason" in ground.fields
        and not given.get("disclosure_reason")
    ):
        raise CaseInputError(
            "第三方不同意公开而决定公开的，须写明决定公开的理由，"
            f"并书面告知第三方（{law.ART_32_DISCLOSE.short_zh}）。"
        )


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
    if separation_refuses(case.agency, acting_user, case.decided_by_id):
        raise SeparationOfDuties(
            "本机关实行分权审批：拟定答复的人不能审批自己拟定的答复，"
            "请由另一位负责人审批。"
        )
    if missing := case.agency.remedies_missing:
        raise CaseInputError(
            f"机关设置缺少{'、'.join(missing)}：答复书须告知申请人行政复议机关和"
            "管辖人民法院，请机关管理员先在机关设置中填写。"
        )
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
    """The head sends the draft back to the handler with reasons.

    The outcome leaves the case (it is not decided any more), but the draft
    (``decision_draft`` and the texts) stays: the handler finds the form filled
    in as it was submitted.
    """
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
