"""A decision has exactly one leaf outcome, a legal basis to the article, and its reasons."""

from __future__ import annotations

import pytest

from gongkai.cases import services
from gongkai.cases.errors import CaseInputError, TransitionNotAllowed
from gongkai.cases.models import Outcome, Status
from gongkai.cases.tests.states import LATER, make_case
from gongkai.testing import TODAY, at


def _decide(cast, case, **kwargs):
    data = {
        "outcome": "granted",
        "ground": "art36_2",
        "reasons": "",
        "access_info": "电子邮件发送",
    }
    data.update(kwargs)
    return services.case_decide(case=case, acting_user=cast.handler, **data)


@pytest.mark.parametrize(
    "outcome", ["other_overdue_correction", "other_unpaid_fee", "other", "nonsense"]
)
def test_the_lapse_outcomes_and_unknown_keys_cannot_be_chosen(cast, outcome):
    case = make_case(cast, Status.IN_PROGRESS)
    with pytest.raises(CaseInputError):
        _decide(cast, case, outcome=outcome, reasons="x")


def test_an_outcome_with_several_grounds_needs_the_handlers_choice(cast):
    with pytest.raises(CaseInputError, match="请选择法律依据"):
        _decide(cast, make_case(cast, Status.IN_PROGRESS), ground="")


def test_a_ground_of_another_outcome_is_refused(cast):
    """legal.md §6.1: the cited provision must match the decision."""
    with pytest.raises(CaseInputError, match="不一致"):
        _decide(cast, make_case(cast, Status.IN_PROGRESS), ground="art15")


def test_the_chosen_ground_is_recorded_with_its_citation(cast):
    case = _decide(cast, make_case(cast, Status.IN_PROGRESS), ground="art36_1")
    assert case.legal_ground == "art36_1"
    assert case.legal_basis == "《中华人民共和国政府信息公开条例》第三十六条第一项"


def test_an_outcome_with_one_ground_needs_no_choice(cast):
    case = _decide(
        cast,
        make_case(cast, Status.IN_PROGRESS),
        outcome="unable_needs_creation",
        ground="",
        reasons="需要汇总加工",
    )
    assert case.legal_ground == "art38"
    assert case.legal_basis.endswith("第三十八条")


def test_typed_text_cannot_replace_a_fixed_grounds_citation(cast):
    with pytest.raises(CaseInputError, match="不能另行填写"):
        _decide(
            cast,
            make_case(cast, Status.IN_PROGRESS),
            legal_basis="《中华人民共和国政府信息公开条例》第十五条",
        )


def test_other_states_its_own_basis_to_the_article(cast):
    """（六）3.其他 is the one outcome whose basis is written in words."""
    other = {
        "outcome": "other_other",
        "ground": "other",
        "reasons": "申请人撤回申请",
        "decision_text": "申请人已撤回申请，本机关终止办理。",
    }
    with pytest.raises(CaseInputError, match="条、款、项"):
        _decide(cast, make_case(cast, Status.IN_PROGRESS), legal_basis="依法", **other)
    case = _decide(
        cast,
        make_case(cast, Status.IN_PROGRESS),
        legal_basis="《中华人民共和国行政许可法》第三十二条",
        **other,
    )
    assert case.legal_ground == "other"
    assert case.legal_basis == "《中华人民共和国行政许可法》第三十二条"


def test_the_reply_letter_cites_exactly_the_chosen_ground(cast):
    case = _decide(cast, make_case(cast, Status.IN_PROGRESS), ground="art36_1")
    case = services.case_approve_decision(case=case, acting_user=cast.head)
    letter = services.case_issue_letter(
        case=case, kind="reply_granted", acting_user=cast.head
    )
    assert "第三十六条第一项" in letter.text
    assert "第三十六条第二项" not in letter.text
    assert letter.data["reply"]["ground"] == "art36_1"


def test_the_form_offers_the_outcomes_grounds_and_refuses_a_mismatch(cast):
    from gongkai.cases.forms import DecideForm

    case = make_case(cast, Status.IN_PROGRESS)
    form = DecideForm(case=case)
    groups = dict(form.fields["ground"].choices[1:])
    assert [k for k, _ in groups["（一）予以公开"]] == ["art36_2", "art36_1"]
    assert "（六）3.其他" in groups
    data = {"version": case.version, "outcome": "granted", "ground": "art15"}
    form = DecideForm(data, case=case)
    assert not form.is_valid()
    assert "不一致" in form.errors["ground"][0]


def test_a_refusal_needs_reasons(cast):
    with pytest.raises(CaseInputError, match="须写明：理由"):
        _decide(
            cast,
            make_case(cast, Status.IN_PROGRESS),
            outcome="withheld_process_info",
            ground="",
        )


def test_a_partial_disclosure_states_what_is_withheld(cast):
    with pytest.raises(CaseInputError, match="不予公开的内容"):
        _decide(
            cast,
            make_case(cast, Status.IN_PROGRESS),
            outcome="partially_granted",
            ground="art37",
            reasons="部分涉密",
        )


def test_after_asking_for_reasons_only_massive_or_a_delay(cast):
    case = make_case(cast, Status.AWAITING_REASONS)
    with pytest.raises(CaseInputError, match="大量反复"):
        _decide(cast, case)


def test_approval_fixes_the_outcome_and_the_closing_day(cast):
    case = _decide(cast, make_case(cast, Status.IN_PROGRESS))
    assert case.status == Status.DECIDED and case.closed_on is None
    case = services.case_approve_decision(case=case, acting_user=cast.head)
    assert case.status == Status.REPLIED and case.closed_on == TODAY
    assert case.outcome == Outcome.GRANTED


def test_returning_a_draft_clears_its_outcome(cast):
    case = _decide(cast, make_case(cast, Status.IN_PROGRESS))
    case = services.case_return_decision(
        case=case, reason="依据不准确", acting_user=cast.head
    )
    assert case.status == Status.IN_PROGRESS and case.outcome == ""


def test_correction_is_asked_once_and_lapses_only_after_its_period(cast):
    case = make_case(cast, Status.AWAITING_CORRECTION)
    with pytest.raises(TransitionNotAllowed, match="尚未届满"):
        services.case_lapse_correction(
            case=case, acting_user=cast.handler, now=at(TODAY)
        )
    case = services.case_receive_correction(
        case=case, received_on=TODAY, acting_user=cast.handler
    )
    with pytest.raises(TransitionNotAllowed, match="一次性"):
        services.case_request_correction(
            case=case,
            items="再补",
            notice_on=TODAY,
            period_workdays=5,
            acting_user=cast.handler,
        )
    lapsed = make_case(cast, Status.CLOSED)
    assert (
        lapsed.outcome == Outcome.OTHER_OVERDUE_CORRECTION and lapsed.closed_on == LATER
    )


def test_an_extension_needs_a_request_and_is_granted_once(cast):
    case = make_case(cast, Status.IN_PROGRESS)
    with pytest.raises(TransitionNotAllowed, match="尚未申请"):
        services.case_approve_extension(
            case=case, notice_on=TODAY, acting_user=cast.head
        )
    with pytest.raises(CaseInputError, match="20个工作日"):
        services.case_request_extension(
            case=case, workdays=21, reason="多", acting_user=cast.handler
        )
    case = services.case_request_extension(
        case=case, workdays=20, reason="多", acting_user=cast.handler
    )
    case = services.case_approve_extension(
        case=case, notice_on=TODAY, acting_user=cast.head
    )
    with pytest.raises(TransitionNotAllowed, match="不能再次延期"):
        services.case_request_extension(
            case=case, workdays=5, reason="再延", acting_user=cast.handler
        )
