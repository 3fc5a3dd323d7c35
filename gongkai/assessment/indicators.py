"""The indicators of 绩效考核 and their scoring formulas, as data (no Django).

One place defines what an indicator measures and how a figure becomes a score:

- ``FIGURES``: every automatic figure an indicator may score, what it counts
  and from which counts of the records (``measure`` turns an agency's raw
  counts, as ``gongkai.supervision.bulletins`` computes them for the year,
  into the figure);
- ``Kind``: the scoring formulas (``score``);
- ``DEFAULT_SET``: the default indicator set an office copies for a year and
  then changes (weights, max scores, parameters), checked by ``validate``.

Each indicator has a **max score** (分值, the scale it is scored on) and a
**weight** (权重, its share of the total of 100): the sheet shows the score out
of the max and the weighted score ``score / max × weight``; the total is the
sum of the weighted scores. All arithmetic is exact (``Fraction``) and only the
shown scores are rounded, half up, to two decimals, so a rate exactly at a
band's edge scores exactly the edge's score.

Legal frame: governments assess their agencies' disclosure work and publish
the result (考核制度、社会评议制度, 《政府信息公开条例》第四十六条); the
supervising office urges correction (第四十七条). Which figures count and how
much is the office's choice; the default set is ours and says so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from typing import Any

TOTAL_WEIGHT = Decimal(100)
CENT = Decimal("0.01")


class Kind(StrEnum):
    RATE = "rate"
    BAND = "band"
    DEDUCT_PER = "deduct_per"
    YES_NO = "yes_no"
    MANUAL = "manual"


KIND_LABELS: dict[Kind, str] = {
    Kind.RATE: "按比率计分",
    Kind.BAND: "按比率区间计分",
    Kind.DEDUCT_PER: "按件扣分",
    Kind.YES_NO: "是否达标",
    Kind.MANUAL: "人工评分",
}

#: What an automatic indicator scores when its figure cannot be measured (no
#: applications to judge, no report published): the full max, or nothing.
WHEN_NONE = {"full": "按满分计", "zero": "按零分计"}


class Unit(StrEnum):
    RATE = "rate"
    COUNT = "count"
    YES_NO = "yes_no"


@dataclass(frozen=True)
class Figure:
    """An automatic figure: ``key``, its name, its unit and what it counts."""

    key: str
    label: str
    unit: Unit
    counts: str
    #: What the sheet says when there is nothing to measure.
    none_text: str = ""


FIGURES: dict[str, Figure] = {
    f.key: f
    for f in (
        Figure(
            "on_time_rate",
            "依申请公开按期答复率",
            Unit.RATE,
            "本年度办结的申请中，在答复期限内答复的比例（按期答复 ÷ 办结）。",
            "本年度没有办结的申请",
        ),
        Figure(
            "overdue_count",
            "逾期答复和逾期未答复的申请",
            Unit.COUNT,
            "本年度超过答复期限答复的申请，加上截至统计日仍逾期未答复的申请（件）。",
        ),
        Figure(
            "publication_rate",
            "主动公开及时率",
            Unit.RATE,
            "本年度公开的政府信息中在法定期限内公开的，占本年度公开的与截至统计日"
            "逾期未公开的之和的比例。",
            "本年度没有应公开的政府信息",
        ),
        Figure(
            "report_on_time",
            "上一年度工作年度报告按期发布",
            Unit.YES_NO,
            "上一年度政府信息公开工作年度报告是否在法定期限内发布。",
            "年度报告尚未到发布期限",
        ),
        Figure(
            "report_errors",
            "年度报告规则错误",
            Unit.COUNT,
            "已发布的上一年度工作年度报告经规则检查发现的错误（条）。",
            "上一年度工作年度报告未在平台发布，无法检查",
        ),
        Figure(
            "satisfaction_rate",
            "社会评议满意率",
            Unit.RATE,
            "本年度申请人对答复的评价中“满意”和“基本满意”的比例。",
            "本年度没有社会评议",
        ),
        Figure(
            "disputes_corrected",
            "行政复议、行政诉讼被纠错",
            Unit.COUNT,
            "本年度审结、结果为纠正（撤销、变更、确认违法、责令履行等）的"
            "行政复议和行政诉讼案件（件）。",
        ),
        Figure(
            "bulletin_problems_unfixed",
            "通报问题未整改",
            Unit.COUNT,
            "本年度季度通报指出的问题，在下一季度通报中仍被指出的同类问题（项）。",
        ),
        Figure(
            "link_problems_open",
            "网站链接问题未修复",
            Unit.COUNT,
            "截至统计日链接检查发现、尚未修复的问题（个）。",
        ),
    )
}


@dataclass(frozen=True)
class Measured:
    """A figure for one agency: ``value`` (a rate as a Fraction, a count, a yes or
    no; None when there is nothing to measure) and how it was counted."""

    value: Fraction | int | bool | None
    numerator: int | None = None
    denominator: int | None = None

    @property
    def text(self) -> str:
        if self.value is None:
            return "—"
        if isinstance(self.value, bool):
            return "是" if self.value else "否"
        if isinstance(self.value, Fraction):
            return f"{percent(self.value)}（{self.numerator}/{self.denominator}）"
        return str(self.value)


def percent(rate: Fraction) -> str:
    value = (Decimal(rate.numerator) / Decimal(rate.denominator) * 100).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return f"{value}%"


def _rate(numerator: int, denominator: int) -> Measured:
    if denominator <= 0:
        return Measured(None, numerator, denominator)
    return Measured(Fraction(numerator, denominator), numerator, denominator)


def _int(raw: Mapping[str, Any], key: str) -> int:
    value = raw.get(key) or 0
    return int(value)


def measure(key: str, raw: Mapping[str, Any]) -> Measured:
    """Figure ``key`` from an agency's raw counts (the bulletin's ``AgencyRow``
    fields for the year, plus ``report_errors``, ``disputes_corrected``,
    ``bulletin_problems_unfixed`` and ``link_problems_open``)."""
    if key == "on_time_rate":
        on_time = _int(raw, "closed_on_time")
        return _rate(on_time, on_time + _int(raw, "closed_overdue"))
    if key == "overdue_count":
        return Measured(_int(raw, "closed_overdue") + _int(raw, "open_overdue"))
    if key == "publication_rate":
        published = _int(raw, "items_published")
        late = _int(raw, "items_published_late")
        return _rate(published - late, published + _int(raw, "items_overdue"))
    if key == "report_on_time":
        value = raw.get("report_on_time")
        return Measured(None if value is None else bool(value))
    if key == "report_errors":
        errors = raw.get("report_errors")
        return Measured(None if errors is None else int(errors))
    if key == "satisfaction_rate":
        good = _int(raw, "satisfied") + _int(raw, "basically_satisfied")
        return _rate(good, _int(raw, "evaluations"))
    if key in ("disputes_corrected", "bulletin_problems_unfixed", "link_problems_open"):
        return Measured(_int(raw, key))
    raise KeyError(key)


@dataclass(frozen=True)
class Indicator:
    """One indicator of a set: what it scores, on what scale, how much it weighs."""

    key: str
    name: str
    kind: Kind
    max_score: Decimal
    weight: Decimal
    figure: str = ""  # a FIGURES key; empty for a manual indicator
    params: Mapping[str, Any] = field(default_factory=dict)


def _d(value: Any) -> Decimal:
    return Decimal(str(value))


def _fraction(value: Any) -> Fraction:
    return Fraction(_d(value))


def _money(value: Fraction) -> Decimal:
    """An exact score rounded half up to two decimals."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class Scored:
    """An indicator's score for one agency and the sentence that explains it."""

    score: Decimal
    weighted: Decimal
    explanation: str


def _weighted(indicator: Indicator, score: Fraction) -> Decimal:
    if indicator.max_score <= 0:
        return Decimal("0.00")
    return _money(score / _fraction(indicator.max_score) * _fraction(indicator.weight))


def _none_score(indicator: Indicator, maximum: Fraction) -> tuple[Fraction, str]:
    figure = FIGURES[indicator.figure]
    rule = indicator.params.get("when_none", "full")
    what = figure.none_text or "无可计量的记录"
    if rule == "zero":
        return Fraction(0), f"{what}，按零分计"
    return maximum, f"{what}，按满分计"


def score(
    indicator: Indicator, measured: Measured | None, manual: Decimal | None = None
) -> Scored:
    """The score of ``indicator`` for one agency.

    - ``rate``: max × rate.
    - ``band``: max at or above ``high``, 0 at or below ``low``, linear between.
    - ``deduct_per``: max − ``per`` × count, never below 0.
    - ``yes_no``: max for yes, 0 for no.
    - ``manual``: the score entered (0 … max); not yet entered scores 0.

    An automatic figure that cannot be measured (``Measured.value`` None) scores
    by the indicator's ``when_none`` (default ``full``).
    """
    maximum = _fraction(indicator.max_score)
    if indicator.kind == Kind.MANUAL:
        if manual is None:
            return Scored(Decimal("0.00"), Decimal("0.00"), "尚未评分")
        value = min(max(_fraction(manual), Fraction(0)), maximum)
        return Scored(_money(value), _weighted(indicator, value), "人工评分")
    assert measured is not None
    if measured.value is None:
        value, text = _none_score(indicator, maximum)
        return Scored(_money(value), _weighted(indicator, value), text)
    p = indicator.params
    if indicator.kind == Kind.RATE:
        assert isinstance(measured.value, Fraction)
        value = maximum * measured.value
        text = f"{indicator.max_score}分 × {percent(measured.value)}"
    elif indicator.kind == Kind.BAND:
        assert isinstance(measured.value, Fraction)
        low, high = _fraction(p["low"]), _fraction(p["high"])
        rate = measured.value
        if rate >= high:
            value, text = maximum, f"达到{percent(high)}，得满分"
        elif rate <= low:
            value, text = Fraction(0), f"不高于{percent(low)}，不得分"
        else:
            value = maximum * (rate - low) / (high - low)
            text = f"在{percent(low)}至{percent(high)}之间，按比例得分"
    elif indicator.kind == Kind.DEDUCT_PER:
        assert isinstance(measured.value, int) and not isinstance(measured.value, bool)
        per = _fraction(p["per"])
        value = max(maximum - per * measured.value, Fraction(0))
        text = f"每件（项）扣{_d(p['per'])}分，共{measured.value}"
        if value == 0 and measured.value:
            text += "，扣完为止"
    elif indicator.kind == Kind.YES_NO:
        value = maximum if measured.value else Fraction(0)
        text = "达标，得满分" if measured.value else "未达标，不得分"
    else:  # pragma: no cover - Kind is closed
        raise ValueError(indicator.kind)
    return Scored(_money(value), _weighted(indicator, value), text)


#: The figure units each kind can score.
KIND_UNITS: dict[Kind, frozenset[Unit]] = {
    Kind.RATE: frozenset({Unit.RATE}),
    Kind.BAND: frozenset({Unit.RATE}),
    Kind.DEDUCT_PER: frozenset({Unit.COUNT}),
    Kind.YES_NO: frozenset({Unit.YES_NO}),
    Kind.MANUAL: frozenset(),
}

#: The parameters each kind takes (besides ``when_none`` for automatic kinds).
KIND_PARAMS: dict[Kind, tuple[str, ...]] = {
    Kind.RATE: (),
    Kind.BAND: ("low", "high"),
    Kind.DEDUCT_PER: ("per",),
    Kind.YES_NO: (),
    Kind.MANUAL: (),
}

PARAM_LABELS = {"low": "下限比率", "high": "上限比率", "per": "每件扣分"}


def _number(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def validate_indicator(indicator: Indicator) -> list[str]:
    """The Chinese errors of one indicator (empty when it is valid)."""
    errors: list[str] = []
    name = indicator.name or indicator.key
    if not indicator.name.strip():
        errors.append("指标名称不能为空。")
    if indicator.max_score <= 0 or indicator.max_score > 100:
        errors.append(f"“{name}”的分值应大于0且不超过100。")
    if indicator.weight < 0 or indicator.weight > 100:
        errors.append(f"“{name}”的权重应在0至100之间。")
    if indicator.kind == Kind.MANUAL:
        if indicator.figure:
            errors.append(f"“{name}”是人工评分指标，不应选择自动计算的数据。")
        return errors
    figure = FIGURES.get(indicator.figure)
    if figure is None:
        errors.append(f"“{name}”没有选择自动计算的数据。")
        return errors
    if figure.unit not in KIND_UNITS[indicator.kind]:
        errors.append(
            f"“{name}”的计分方法“{KIND_LABELS[indicator.kind]}”"
            f"不能用于“{figure.label}”。"
        )
    p = indicator.params
    if p.get("when_none", "full") not in WHEN_NONE:
        errors.append(f"“{name}”无可计量记录时的计分方式无效。")
    if indicator.kind == Kind.BAND:
        low, high = _number(p.get("low")), _number(p.get("high"))
        if low is None or high is None or not (0 <= low < high <= 1):
            errors.append(
                f"“{name}”的比率区间应满足 0 ≤ 下限 < 上限 ≤ 1（例如 0.6 和 0.95）。"
            )
    if indicator.kind == Kind.DEDUCT_PER:
        per = _number(p.get("per"))
        if per is None or per <= 0 or per > indicator.max_score:
            errors.append(f"“{name}”的每件扣分应大于0且不超过分值。")
    return errors


def validate(indicators: Sequence[Indicator]) -> list[str]:
    """The Chinese errors of a set: each indicator's, unique keys, weights total 100."""
    errors: list[str] = []
    if not indicators:
        return ["指标体系至少应有一项指标。"]
    seen: set[str] = set()
    for indicator in indicators:
        if indicator.key in seen:
            errors.append(f"指标代码“{indicator.key}”重复。")
        seen.add(indicator.key)
        errors.extend(validate_indicator(indicator))
    total = sum((i.weight for i in indicators), Decimal(0))
    if total != TOTAL_WEIGHT:
        errors.append(f"各项指标的权重合计应为100，现为{total.normalize():f}。")
    return errors


def describe(indicator: Indicator) -> str:
    """How the indicator is scored, in one Chinese sentence (shown on every page)."""
    m = f"{indicator.max_score.normalize():f}"
    p = indicator.params
    if indicator.kind == Kind.MANUAL:
        return f"由考核机关人工评分（0至{m}分），附评分理由和佐证材料。"
    figure = FIGURES[indicator.figure]
    none = WHEN_NONE.get(p.get("when_none", "full"), "")
    tail = f"无可计量记录时{none}。" if figure.unit != Unit.COUNT else ""
    if indicator.kind == Kind.RATE:
        return f"{figure.label}乘以分值{m}分。{tail}"
    if indicator.kind == Kind.BAND:
        low, high = _fraction(p["low"]), _fraction(p["high"])
        return (
            f"{figure.label}达到{percent(high)}得满分{m}分，不高于{percent(low)}"
            f"不得分，其间按比例计分。{tail}"
        )
    if indicator.kind == Kind.DEDUCT_PER:
        text = f"满分{m}分，{figure.label}每件（项）扣{_d(p['per'])}分，扣完为止。"
        if indicator.figure == "report_errors":
            text += f"无可计量记录时{none}。"
        return text
    return f"{figure.label}达标得满分{m}分，否则不得分。{tail}"


def _i(
    key: str,
    name: str,
    kind: Kind,
    points: int,
    figure: str = "",
    **params: Any,
) -> Indicator:
    return Indicator(
        key=key,
        name=name,
        kind=kind,
        max_score=Decimal(points),
        weight=Decimal(points),
        figure=figure,
        params=params,
    )


#: The default indicator set (ours: an office copies it for a year and changes
#: what it assesses differently). Max score equals weight, so the weighted score
#: reads as the score; the weights total 100.
DEFAULT_SET: tuple[Indicator, ...] = (
    _i("on_time", "依申请公开按期答复", Kind.RATE, 15, "on_time_rate"),
    _i("overdue", "逾期答复", Kind.DEDUCT_PER, 10, "overdue_count", per="2"),
    _i(
        "publication",
        "主动公开及时性",
        Kind.BAND,
        15,
        "publication_rate",
        low="0.6",
        high="0.95",
    ),
    _i("report_on_time", "年度报告按期发布", Kind.YES_NO, 10, "report_on_time"),
    _i(
        "report_quality",
        "年度报告质量",
        Kind.DEDUCT_PER,
        5,
        "report_errors",
        per="1",
        when_none="zero",
    ),
    _i(
        "satisfaction",
        "社会评议",
        Kind.BAND,
        10,
        "satisfaction_rate",
        low="0.5",
        high="0.9",
    ),
    _i("disputes", "复议诉讼纠错", Kind.DEDUCT_PER, 10, "disputes_corrected", per="5"),
    _i(
        "rectification",
        "通报问题整改",
        Kind.DEDUCT_PER,
        10,
        "bulletin_problems_unfixed",
        per="2",
    ),
    _i("links", "网站链接维护", Kind.DEDUCT_PER, 5, "link_problems_open", per="1"),
    _i("work_plan", "政务公开工作要点落实", Kind.MANUAL, 10),
)
