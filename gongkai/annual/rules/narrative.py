"""Rules on the narrative and the format: the overview's length, the format year."""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.annual.formats import (
    format_for_year,
)
from gongkai.annual.model import Report
from gongkai.annual.rules.findings import Finding, Severity
from gongkai.annual.rules.registry import STATED, rule

OVERVIEW_LIMIT = 1000


def count_characters(text: str) -> int:
    """Characters as Word's 字数统计 “字符数（不计空格）” counts them.

    Every character except whitespace (spaces, line breaks, the full-width
    space U+3000 and the no-break space); punctuation counts. This is the
    figure a clerk sees in Word, where reports are written, and it does not
    change when a text is re-wrapped or indented.
    """
    return sum(1 for ch in text if not ch.isspace())


@rule(
    "sections.overview_length",
    name="总体情况篇幅",
    severity=Severity.WARNING,
    basis=STATED,
)
def sections_overview_length(
    report: Report, previous: Report | None
) -> Iterator[Finding]:
    """一、总体情况 should not exceed 1,000 characters.

    Source: 国办公开办函〔2021〕30号 一、报告内容（一）: “重在聚焦主题、简明客观，
    篇幅原则上不超过一千字”. “原则上” makes it a soft limit: a warning, never an
    error (``legal.md`` §2.5). The 2019 format (〔2019〕60号) set no length, so
    for a 2019-format report the same finding is only an info.
    Counting: see ``count_characters``.
    """
    text = report.sections.get("overview")
    if not text:
        return
    length = count_characters(text)
    if length <= OVERVIEW_LIMIT:
        return
    if report.format.id == "2019":
        severity = Severity.INFO
        note = "（2019 年格式未设字数上限，2021 年格式要求“篇幅原则上不超过一千字”）"
    else:
        severity = Severity.WARNING
        note = "，超过格式要求的“篇幅原则上不超过一千字”"
    yield Finding(
        "sections.overview_length",
        severity,
        (),
        OVERVIEW_LIMIT,
        length,
        f"一、总体情况共 {length} 字（不计空白）{note}",
    )


@rule(
    "report.format_year", name="格式与报告年度", severity=Severity.WARNING, basis=STATED
)
def report_format_year(report: Report, previous: Report | None) -> Iterator[Finding]:
    """The format must be the one for the report year.

    Source: 国办公开办函〔2019〕60号 introduced the unified format for the 2019
    report (used for 2019 and 2020); 国办公开办函〔2021〕30号 replaced it from the
    2021 report (``legal.md`` §3, §9 item 1). A mismatch is a warning: real
    reports do it (some 2022 reports cite 60号 yet use the 2021 tables), and
    the figures can still be checked in the layout used.
    """
    fmt = report.format
    if report.year < 2019:
        yield Finding(
            "report.format_year",
            Severity.WARNING,
            (),
            None,
            fmt.id,
            f"{report.year} 年度早于统一格式（自 2019 年度报告起施行），"
            f"本报告按 {fmt.id} 格式（{fmt.document}）核对",
        )
        return
    expected = format_for_year(report.year)
    if expected.id == fmt.id:
        return
    yield Finding(
        "report.format_year",
        Severity.WARNING,
        (),
        expected.id,
        fmt.id,
        f"{report.year} 年度报告应使用 {expected.id} 格式（{expected.document}），"
        f"本报告使用的是 {fmt.id} 格式（{fmt.document}）",
    )
