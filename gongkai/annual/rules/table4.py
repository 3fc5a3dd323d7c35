"""Rules on table 四: each group's total equals the sum of its results."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.annual.formats import (
    TABLE4_GROUPS,
    TABLE4_KEYS,
    TABLE4_RESULTS,
)
from gongkai.annual.model import Report, format_cell
from gongkai.annual.rules.arithmetic import (
    _compare,
    _fill_hint,
    _finding,
    _plus,
    _shown,
    _Term,
)
from gongkai.annual.rules.findings import Finding, Severity
from gongkai.annual.rules.registry import DERIVED, rule


@rule("table4.group_total", name="表四各栏合计", severity=Severity.ERROR, basis=DERIVED)
def table4_group_total(report: Report, previous: Report | None) -> Iterator[Finding]:
    """Each block of table 四: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.

    Derived (``legal.md`` §2.5 "D"): the four results of 国办公开办函〔2021〕30号
    table 四 (行政复议; 行政诉讼 未经复议直接起诉 / 复议后起诉) partition the cases
    counted in each block's 总计.
    """
    for group in TABLE4_GROUPS:
        terms = []
        for result, label in TABLE4_RESULTS:
            ref_key = f"{group.key}_{result}"
            index = TABLE4_KEYS.index(ref_key)
            value = report.table4[index] if index < len(report.table4) else None
            terms.append(_Term(f"table4.{ref_key}", label, value))
        parts, total = terms[:-1], terms[-1]
        imbalance = _compare([total], parts)
        if imbalance is None:
            continue
        name = (
            f"{group.parent_label}·{group.label}" if group.parent_label else group.label
        )
        message = (
            f"表四{name}：总计为 {_shown(total.value)}，"
            f"但{_plus(parts)}={format_cell(imbalance.right)}"
        )
        if imbalance.severity is Severity.WARNING:
            message += _fill_hint(imbalance, [total], parts)
        yield _finding(
            "table4.group_total",
            imbalance.severity,
            [total, *parts],
            imbalance.right,
            imbalance.left,
            message,
        )
