"""Services that change annual reports; each is one transaction with an audit event.

A report's life (docs: architecture "A report's life"):

    report_compile → draft ⇄ (report_set_table2, report_set_sections, recompile)
    report_submit  → submitted (every rule run; errors block, warnings acknowledged)
    report_return  → returned (with a reason; editable again)
    report_approve → approved
    report_publish → published (locked: no edit, no recompile; on the portal)

``report_import`` stores last year's published report of an agency (parsed from
its published file) so that the carry-over rule can compare the years.

The services live in one module per area (``compilation``, ``catalogue``,
``edit``, ``workflow``, ``aggregation``, ``imports``, ``samples``); this package
exports them all, so callers keep importing from ``gongkai.reports.services``.
"""

from __future__ import annotations

from gongkai.reports.errors import ReportError, SubmissionBlocked
from gongkai.reports.services._common import CONCURRENT_MESSAGE
from gongkai.reports.services.aggregation import report_aggregate
from gongkai.reports.services.catalogue import (
    CATALOGUE_COLUMNS,
    CATALOGUE_ROWS,
    catalogue_figures,
)
from gongkai.reports.services.compilation import compiled_tables, report_compile
from gongkai.reports.services.edit import report_set_sections, report_set_table2
from gongkai.reports.services.imports import report_import
from gongkai.reports.services.samples import (
    SAMPLES_DIR,
    report_load_samples,
    report_store,
)
from gongkai.reports.services.workflow import (
    report_approve,
    report_publish,
    report_return,
    report_submit,
)

__all__ = [
    "CATALOGUE_COLUMNS",
    "CATALOGUE_ROWS",
    "CONCURRENT_MESSAGE",
    "SAMPLES_DIR",
    "ReportError",
    "SubmissionBlocked",
    "catalogue_figures",
    "compiled_tables",
    "report_aggregate",
    "report_approve",
    "report_compile",
    "report_import",
    "report_load_samples",
    "report_publish",
    "report_return",
    "report_set_sections",
    "report_set_table2",
    "report_store",
    "report_submit",
]
