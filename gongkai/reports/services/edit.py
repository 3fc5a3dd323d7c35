"""Staff edits of a draft: table 二's figures and the narrative sections."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from gongkai.accounts.users import AnyUser
from gongkai.annual import jsonio
from gongkai.annual.errors import ReportDataError
from gongkai.annual.formats import NARRATIVE_KEYS
from gongkai.annual.model import Cell
from gongkai.reports import permissions
from gongkai.reports.errors import ReportError
from gongkai.reports.models import AnnualReport, ReportEvent
from gongkai.reports.selectors import (
    report_data,
)
from gongkai.reports.services._common import (
    _event,
    _lock,
    _require,
    _require_editable,
    _save_data,
)


@transaction.atomic
def report_set_table2(
    *, obj: AnnualReport, values: Mapping[str, Cell], acting_user: AnyUser
) -> AnnualReport:
    """Enter table 二's figures (and the fee income): ``{"table2.rules.issued": 3}``.

    These figures come from other systems (许可/处罚/强制 decisions, fees), so the
    staff enter them; blank stays blank (``None``) and the rules warn about it.
    A cell pre-filled from the catalogue that is given another figure becomes
    an override (kept on recompile); given the catalogue's figure again, it
    follows the catalogue again.
    """
    obj = _lock(obj)
    assert obj.agency is not None or obj.source != AnnualReport.Source.COMPILED
    _require(
        obj.agency is not None and permissions.can_edit(acting_user, obj.agency),
        "您没有编辑本机关年度报告的权限。",
    )
    _require_editable(obj)
    report = report_data(obj)
    changes: dict[str, list[Any]] = {}
    for ref, value in values.items():
        if not ref.startswith("table2."):
            raise ReportError(f"只能填写表二的单元格，不能填写“{ref}”。")
        try:
            before = report.get(ref)
            report.set(ref, value)
        except ReportDataError as exc:
            raise ReportError(str(exc)) from None
        if before != value:
            changes[ref] = [jsonio._json_cell(before), jsonio._json_cell(value)]
    tracked = dict(obj.table2_catalogue or {})
    for ref, value in values.items():
        if ref in tracked:
            overridden = value != tracked[ref]["catalogue"]
            tracked[ref] = {**tracked[ref], "overridden": overridden}
    obj.table2_catalogue = tracked
    _save_data(obj, report)
    obj.version += 1
    obj.save()
    _event(
        obj,
        ReportEvent.Kind.FIGURES_EDITED,
        acting_user,
        before=obj.status,
        data=changes,
    )
    return obj


@transaction.atomic
def report_set_sections(
    *, obj: AnnualReport, sections: Mapping[str, str], acting_user: AnyUser
) -> AnnualReport:
    """Edit the narrative parts 一、五、六 (keys ``overview``, ``problems``, ``other``).

    Of a 汇总 too: its tables are summed, its words are the supervising office's.
    """
    obj = _lock(obj)
    _require(
        obj.agency is not None
        and permissions.can_edit_report(acting_user, obj, obj.agency),
        "您没有编辑本机关年度报告的权限。",
    )
    if obj.aggregated:
        if not obj.sections_editable:
            raise ReportError(
                f"该报告{obj.get_status_display()}，只有草稿或被退回的报告可以修改。"
            )
    else:
        _require_editable(obj)
    report = report_data(obj)
    for key, text in sections.items():
        if key not in NARRATIVE_KEYS:
            raise ReportError(f"没有“{key}”这一部分。")
        report.sections[key] = text.replace("\r\n", "\n").strip()
    _save_data(obj, report)
    obj.version += 1
    obj.save()
    _event(
        obj,
        ReportEvent.Kind.SECTIONS_EDITED,
        acting_user,
        before=obj.status,
        data={"sections": sorted(sections)},
    )
    return obj
