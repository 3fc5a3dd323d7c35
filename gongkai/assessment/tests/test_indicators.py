"""The formulas of ``gongkai.assessment.indicators``: every kind, its edges, the
default set and the set's validation (pure: no database)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from gongkai.assessment.indicators import (
    DEFAULT_SET,
    FIGURES,
    Indicator,
    Kind,
    Measured,
    describe,
    measure,
    score,
    validate,
)

D = Decimal


def _ind(kind: Kind, figure: str = "", max_score: int = 10, **params: str) -> Indicator:
    return Indicator(
        key="k",
        name="指标",
        kind=kind,
        max_score=D(max_score),
        weight=D(max_score),
        figure=figure,
        params=params,
    )


def test_the_module_imports_no_django() -> None:
    code = (
        "import sys, gongkai.assessment.indicators; "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_the_default_set_is_valid_and_weighs_100() -> None:
    assert validate(DEFAULT_SET) == []
    assert sum(i.weight for i in DEFAULT_SET) == 100
    automatic = {i.figure for i in DEFAULT_SET if i.kind != Kind.MANUAL}
    assert automatic == set(FIGURES)  # every automatic figure is scored by default
    assert any(i.kind == Kind.MANUAL for i in DEFAULT_SET)


# -- rate --------------------------------------------------------------------


def test_rate_scores_max_times_the_rate() -> None:
    indicator = _ind(Kind.RATE, "on_time_rate", 15)
    measured = measure("on_time_rate", {"closed_on_time": 3, "closed_overdue": 1})
    assert measured.value == Fraction(3, 4)
    assert measured.text == "75.0%（3/4）"
    result = score(indicator, measured)
    assert result.score == D("11.25")
    assert result.weighted == D("11.25")


def test_rate_rounds_half_up_only_at_the_end() -> None:
    indicator = _ind(Kind.RATE, "on_time_rate", 10)
    # 2/3 of 10 = 6.666… → 6.67
    result = score(indicator, Measured(Fraction(2, 3), 2, 3))
    assert result.score == D("6.67")


def test_no_applications_score_full_by_default_and_say_so() -> None:
    indicator = _ind(Kind.RATE, "on_time_rate", 15)
    measured = measure("on_time_rate", {})
    assert measured.value is None and measured.text == "—"
    result = score(indicator, measured)
    assert result.score == D("15.00")
    assert result.explanation == "本年度没有办结的申请，按满分计"


def test_when_none_zero_scores_nothing() -> None:
    indicator = _ind(Kind.RATE, "on_time_rate", 15, when_none="zero")
    result = score(indicator, measure("on_time_rate", {}))
    assert result.score == D("0.00")
    assert result.explanation.endswith("按零分计")


# -- band --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("good", "total", "expected"),
    [
        (95, 100, "15.00"),  # exactly at the upper edge: full
        (100, 100, "15.00"),
        (60, 100, "0.00"),  # exactly at the lower edge: nothing
        (0, 100, "0.00"),
        (775, 1000, "7.50"),  # half way between 0.6 and 0.95
        (61, 100, "0.43"),  # 15 × 0.01 / 0.35 = 0.428… → 0.43
    ],
)
def test_band_is_linear_between_its_edges(good: int, total: int, expected: str) -> None:
    indicator = _ind(Kind.BAND, "publication_rate", 15, low="0.6", high="0.95")
    measured = measure(
        "publication_rate",
        {"items_published": total, "items_published_late": total - good},
    )
    assert score(indicator, measured).score == D(expected)


def test_publication_rate_counts_unpublished_overdue_items_against_the_agency() -> None:
    measured = measure(
        "publication_rate",
        {"items_published": 8, "items_published_late": 2, "items_overdue": 2},
    )
    assert (measured.numerator, measured.denominator) == (6, 10)


def test_band_edges_say_which_edge() -> None:
    indicator = _ind(Kind.BAND, "satisfaction_rate", 10, low="0.5", high="0.9")
    top = score(
        indicator, measure("satisfaction_rate", {"evaluations": 10, "satisfied": 9})
    )
    assert top.explanation == "达到90.0%，得满分"
    bottom = score(
        indicator,
        measure("satisfaction_rate", {"evaluations": 2, "basically_satisfied": 1}),
    )
    assert bottom.explanation == "不高于50.0%，不得分"


# -- deduct_per ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "10.00"), (1, "8.00"), (4, "2.00"), (5, "0.00"), (9, "0.00")],
)
def test_deduct_per_is_floored_at_zero(count: int, expected: str) -> None:
    indicator = _ind(Kind.DEDUCT_PER, "overdue_count", 10, per="2")
    measured = measure("overdue_count", {"closed_overdue": count, "open_overdue": 0})
    assert score(indicator, measured).score == D(expected)


def test_overdue_count_adds_late_replies_and_open_overdue() -> None:
    assert measure("overdue_count", {"closed_overdue": 2, "open_overdue": 3}).value == 5


def test_deduct_per_with_a_fraction_of_a_point() -> None:
    indicator = _ind(Kind.DEDUCT_PER, "link_problems_open", 5, per="0.5")
    assert score(indicator, Measured(3)).score == D("3.50")
    assert score(indicator, Measured(10)).explanation.endswith("扣完为止")


def test_no_published_report_scores_the_report_quality_by_when_none() -> None:
    default = next(i for i in DEFAULT_SET if i.figure == "report_errors")
    assert score(default, measure("report_errors", {"report_errors": None})).score == 0
    assert score(default, measure("report_errors", {"report_errors": 2})).score == 3
    full = replace(default, params={"per": "1", "when_none": "full"})
    assert score(full, measure("report_errors", {})).score == 5


# -- yes_no --------------------------------------------------------------------


def test_yes_no() -> None:
    indicator = _ind(Kind.YES_NO, "report_on_time", 10)
    assert (
        score(indicator, measure("report_on_time", {"report_on_time": True})).score
        == 10
    )
    assert (
        score(indicator, measure("report_on_time", {"report_on_time": False})).score
        == 0
    )
    not_due = score(indicator, measure("report_on_time", {"report_on_time": None}))
    assert not_due.score == 10
    assert not_due.explanation == "年度报告尚未到发布期限，按满分计"


# -- manual ----------------------------------------------------------------------


def test_manual_scores_what_was_entered_within_zero_and_max() -> None:
    indicator = _ind(Kind.MANUAL, max_score=10)
    assert score(indicator, None, D("8.5")).score == D("8.50")
    assert score(indicator, None, D("12")).score == D("10.00")
    assert score(indicator, None, None).explanation == "尚未评分"
    assert score(indicator, None, None).score == 0


# -- weights -----------------------------------------------------------------------


def test_weighted_score_is_score_over_max_times_weight() -> None:
    indicator = replace(_ind(Kind.RATE, "on_time_rate", 20), weight=D(10))
    result = score(indicator, Measured(Fraction(1, 2), 1, 2))
    assert (result.score, result.weighted) == (D("10.00"), D("5.00"))


def test_a_zero_weight_counts_nothing() -> None:
    indicator = replace(_ind(Kind.YES_NO, "report_on_time", 10), weight=D(0))
    assert score(indicator, Measured(True)).weighted == 0


# -- validation --------------------------------------------------------------------


def test_validation_names_each_problem_in_chinese() -> None:
    bad = [
        replace(DEFAULT_SET[0], weight=D(20)),  # total 105
        replace(DEFAULT_SET[2], params={"low": "0.9", "high": "0.6"}),
        replace(DEFAULT_SET[1], params={"per": "0"}),
        replace(DEFAULT_SET[3], kind=Kind.RATE),  # a yes/no figure is no rate
        replace(DEFAULT_SET[4], key="on_time"),  # duplicate key
        replace(DEFAULT_SET[5], max_score=D(0)),
        *DEFAULT_SET[6:],
    ]
    errors = validate(bad)
    assert "各项指标的权重合计应为100，现为105。" in errors
    assert any("比率区间" in e for e in errors)
    assert any("每件扣分应大于0" in e for e in errors)
    assert any("不能用于“上一年度工作年度报告按期发布”" in e for e in errors)
    assert "指标代码“on_time”重复。" in errors
    assert any("分值应大于0" in e for e in errors)


def test_an_empty_set_and_a_manual_indicator_with_a_figure_are_refused() -> None:
    assert validate([]) == ["指标体系至少应有一项指标。"]
    manual = replace(_ind(Kind.MANUAL, "on_time_rate"), weight=D(100))
    assert validate([manual]) == ["“指标”是人工评分指标，不应选择自动计算的数据。"]


def test_every_default_indicator_describes_its_rule() -> None:
    texts = {i.key: describe(i) for i in DEFAULT_SET}
    assert texts["on_time"] == (
        "依申请公开按期答复率乘以分值15分。无可计量记录时按满分计。"
    )
    assert texts["overdue"] == (
        "满分10分，逾期答复和逾期未答复的申请每件（项）扣2分，扣完为止。"
    )
    assert texts["publication"].startswith("主动公开及时率达到95.0%得满分15分")
    assert texts["report_quality"].endswith("无可计量记录时按零分计。")
    assert texts["work_plan"].startswith("由考核机关人工评分（0至10分）")
