"""Rules on table 三: the 勾稽 of each column, outcome totals and the carry-over."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.annual.formats import (
    APPLICANT_TYPES,
    TABLE3_COLUMNS,
)
from gongkai.annual.model import Report, format_cell
from gongkai.annual.rules.arithmetic import (
    _column_name,
    _compact_row_name,
    _compare,
    _fill_hint,
    _finding,
    _number,
    _numbered_short,
    _plus,
    _short,
    _shown,
    _table3_cell,
    _table3_term,
)
from gongkai.annual.rules.findings import Finding, Severity
from gongkai.annual.rules.registry import DERIVED, STATED, rule


@rule("table3.balance", name="表三勾稽关系", severity=Severity.ERROR, basis=STATED)
def table3_balance(report: Report, previous: Report | None) -> Iterator[Finding]:
    """勾稽 per column of table 三: 一 + 二 = 三（七）总计 + 四.

    Source: the note printed in the top-left cell of table 三 of
    国办公开办函〔2021〕30号 (and identically 〔2019〕60号):
    “本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”.
    Checked for each of the 7 columns (``legal.md`` §2.5, §9 item 3).
    """
    for column in TABLE3_COLUMNS:
        left = [
            _table3_term(
                report, "new_received", column, _short(report, "new_received")
            ),
            _table3_term(
                report, "carried_over", column, _short(report, "carried_over")
            ),
        ]
        right = [
            _table3_term(report, "total", column, _short(report, "total")),
            _table3_term(
                report, "carried_forward", column, _short(report, "carried_forward")
            ),
        ]
        imbalance = _compare(left, right)
        if imbalance is None:
            continue
        message = (
            f"{_column_name(column)}列：{_plus(left)}={format_cell(imbalance.left)}，"
            f"但{_plus(right)}={format_cell(imbalance.right)}"
        )
        if imbalance.severity is Severity.WARNING:
            message += _fill_hint(imbalance, left, right)
        yield _finding(
            "table3.balance",
            imbalance.severity,
            [*left, *right],
            imbalance.left,
            imbalance.right,
            message,
        )


@rule(
    "table3.outcomes_total",
    name="表三办理结果合计",
    severity=Severity.ERROR,
    basis=DERIVED,
)
def table3_outcomes_total(report: Report, previous: Report | None) -> Iterator[Finding]:
    """（七）总计 = the sum of the leaf outcome rows, per column of table 三.

    Derived (``legal.md`` §2.5 "D"): table 三 records each application's one
    final outcome (“最终处理结果”), and a partial disclosure is counted only
    under （二）部分公开 (国办公开办函〔2021〕30号 row label), so the outcome rows
    （一）（二）（三）1–8（四）1–3（五）1–5（六） add up to （七）总计.
    """
    fmt = report.format
    for column in TABLE3_COLUMNS:
        total_label = fmt.table3_by_key["total"].label
        total = _table3_term(report, "total", column, total_label)
        leaves = [
            _table3_term(report, key, column, _compact_row_name(report, key))
            for key in fmt.leaf_outcomes
        ]
        imbalance = _compare([total], leaves)
        if imbalance is None:
            continue
        shown = [t for t in leaves if t.number]
        rest = len(leaves) - len(shown)
        detail = "+".join(f"{t.name}({format_cell(t.value)})" for t in shown) or "无"
        message = (
            f"{_column_name(column)}列：{total_label}为 {_shown(total.value)}，"
            f"但各项办理结果之和为 {format_cell(imbalance.right)}"
            f"（{detail}；其余 {rest} 项为 0 或未填）"
        )
        if imbalance.severity is Severity.WARNING:
            message += _fill_hint(imbalance, [total], leaves)
        yield _finding(
            "table3.outcomes_total",
            imbalance.severity,
            [total, *leaves],
            imbalance.right,
            imbalance.left,
            message,
        )


@rule(
    "table3.column_total", name="表三申请人合计", severity=Severity.ERROR, basis=DERIVED
)
def table3_column_total(report: Report, previous: Report | None) -> Iterator[Finding]:
    """总计 column = the sum of the six applicant columns, in every row of table 三.

    Derived (``legal.md`` §2.5 "D"): the header splits 申请人情况 into 自然人 and
    the five kinds of 法人或其他组织, then 总计; every application has exactly
    one applicant type.
    """
    fmt = report.format
    total_column = TABLE3_COLUMNS[-1]
    for key in fmt.table3_keys:
        total = _table3_term(report, key, total_column, "总计")
        parts = [_table3_term(report, key, c, c.label) for c in APPLICANT_TYPES]
        imbalance = _compare([total], parts)
        if imbalance is None:
            continue
        message = (
            f"表三“{fmt.short_label(key)}”行：总计为 {_shown(total.value)}，"
            f"但{_plus(parts)}={format_cell(imbalance.right)}"
        )
        if imbalance.severity is Severity.WARNING:
            message += _fill_hint(imbalance, [total], parts)
        yield _finding(
            "table3.column_total",
            imbalance.severity,
            [total, *parts],
            imbalance.right,
            imbalance.left,
            message,
        )


@rule(
    "table3.carry_over", name="跨年度结转衔接", severity=Severity.WARNING, basis=DERIVED
)
def table3_carry_over(report: Report, previous: Report | None) -> Iterator[Finding]:
    """二、上年结转 of year N = 四、结转下年度继续办理 of year N−1, per column.

    Derived (``legal.md`` §2.5 "D", §9 item 3): not stated in 国办公开办函
    〔2021〕30号 but implied by the two rows' definitions; real reports break
    it, so a mismatch is a warning, never an error. Checked only when the
    previous report is given; a blank counts as 0 unless both cells are blank.
    """
    if previous is None:
        return
    if previous.year != report.year - 1:
        yield Finding(
            "table3.carry_over",
            Severity.WARNING,
            (),
            report.year - 1,
            previous.year,
            f"用于核对结转数的上一年度报告是 {previous.year} 年度的，"
            f"不是 {report.year - 1} 年度，未核对{_short(report, 'carried_over')}",
        )
        return
    if previous.agency != report.agency:
        yield Finding(
            "table3.carry_over",
            Severity.INFO,
            (),
            report.agency,
            previous.agency,
            f"上一年度报告的机关名称为“{previous.agency}”，"
            f"与本报告“{report.agency}”不同，请确认是同一机关",
        )
    for index, column in enumerate(TABLE3_COLUMNS):
        then = _table3_cell(previous, "carried_forward", index)
        now = _table3_term(
            report, "carried_over", column, _short(report, "carried_over")
        )
        then_number, now_number = _number(then), now.number
        if then_number is None and now_number is None:
            continue
        if (then_number or 0) == (now_number or 0):
            continue
        yield _finding(
            "table3.carry_over",
            Severity.WARNING,
            [now],
            then_number or 0,
            now_number or 0,
            f"{_column_name(column)}列：本年“{_numbered_short(report, 'carried_over')}”"
            f"为 {_shown(now.value)}，但 {previous.year} 年度报告"
            f"“{previous.format.table3_by_key['carried_forward'].label}”为 {_shown(then)}",
        )
