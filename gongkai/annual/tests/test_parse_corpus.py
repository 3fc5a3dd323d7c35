"""Every labelled published report parses to exactly its label.

The corpus (``tests/corpus/``, in the repository) holds real reports in
the forms they circulate in; each label gives every cell of tables 二, 三 and
四 as checked by hand (``null`` = blank in the source). A table-二 row the
label leaves out (unreadable in the source) is not scored. When a new real
report fails, add it to the corpus with its label first.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gongkai.annual import jsonio
from gongkai.annual.parse import parse_path
from gongkai.annual.rules import Severity, check
from gongkai.annual.tests.corpus import (
    SEED_NAME,
    corpus_dir,
    label_paths,
    label_report,
    read_label,
)


def _source(corpus: Path, label: dict[str, Any]) -> Path:
    return corpus / "reports" / label["file"]


def _differences(report: Any, label: dict[str, Any]) -> list[str]:
    out = []
    for key, cells in label["table3"].items():
        got = report.table3.get(key)
        if got != cells:
            out.append(f"table3.{key}: {got} != {cells}")
    if report.table4 != label["table4"]:
        out.append(f"table4: {report.table4} != {label['table4']}")
    for key, cells in label.get("table2", {}).items():
        got = report.table2.get(key)
        if got != cells:
            out.append(f"table2.{key}: {got} != {cells}")
    return out


@pytest.mark.parametrize("label_path", label_paths(), ids=lambda p: p.stem)
def test_every_labelled_report_parses_to_its_label(label_path: Path) -> None:
    """Tables 二 (rows the label gives), 三 and 四, cell by cell, null included."""
    corpus = corpus_dir()
    label = read_label(label_path)
    result = parse_path(_source(corpus, label))
    assert result.ok, result.error
    assert result.report is not None
    assert result.report.year == label["year"]
    assert result.report.format.id == label["format"]
    assert _differences(result.report, label) == []


@pytest.mark.parametrize("label_path", label_paths(), ids=lambda p: p.stem)
def test_the_rules_find_the_same_errors_in_the_parsed_report_as_in_the_label(
    label_path: Path,
) -> None:
    """The parsed report and the hand-checked label break the same identities."""
    corpus = corpus_dir()
    label = read_label(label_path)
    parsed = parse_path(_source(corpus, label)).report
    assert parsed is not None
    expected = label_report(label_path)
    # a table-二 row the label omits is absent there; compare like with like
    parsed.table2 = {k: v for k, v in parsed.table2.items() if k in expected.table2}

    def errors(report: Any) -> list[tuple[str, tuple[str, ...]]]:
        return sorted(
            (f.rule, f.cells) for f in check(report) if f.severity is Severity.ERROR
        )

    assert errors(parsed) == errors(expected)


def test_the_published_inconsistency_of_016_is_reported_as_a_勾稽_error() -> None:
    """016's notes: 1 new, （七）总计 1, yet 结转 1 → 1+0 ≠ 1+1."""
    corpus = corpus_dir()
    report = parse_path(corpus / "reports" / "016.txt").report
    assert report is not None
    rules = {f.rule for f in check(report) if f.severity is Severity.ERROR}
    assert "table3.balance" in rules


def test_the_seed_parses_to_its_json_tables_and_sections() -> None:
    corpus = corpus_dir()
    expected = json.loads((corpus / SEED_NAME).read_text("utf-8"), parse_float=Decimal)
    result = parse_path(corpus / SEED_NAME.replace(".json", ".txt"))
    assert result.ok, result.error
    assert result.report is not None
    got = jsonio.report_to_dict(result.report)
    for key in ("agency", "year", "format", "table2", "table3", "table4", "sections"):
        assert got[key] == expected[key], key
    assert result.findings == ()


def test_every_parsed_cell_says_where_in_the_source_it_came_from() -> None:
    corpus = corpus_dir()
    report = parse_path(corpus / SEED_NAME.replace(".json", ".txt")).report
    assert report is not None
    refs = {info.ref for info in report.cells()}
    assert refs <= set(report.provenance)
    assert report.provenance["table3.new_received.total"].startswith("第 ")


def test_the_format_follows_the_tables_labels_not_the_cited_document_number() -> None:
    """A 2021-format report that cites 〔2019〕60号 and is titled 2020 is still 2021."""
    corpus = corpus_dir()
    text = (corpus / "reports" / "006.txt").read_text("utf-8")
    text = text.replace("2021年", "2020年").replace("〔2021〕30号", "〔2019〕60号")
    from gongkai.annual.parse import parse_bytes

    result = parse_bytes(text.encode(), "x.txt")
    assert result.report is not None
    assert result.report.format.id == "2021"
    assert result.report.year == 2020


def test_nothing_keys_on_the_agency_or_the_file_name() -> None:
    """Renaming the agency and the file changes nothing in the tables."""
    corpus = corpus_dir()
    from gongkai.annual.parse import parse_bytes

    for name in ("004.txt", "011.html", "002.md"):
        data = (corpus / "reports" / name).read_bytes()
        original = parse_bytes(data, name).report
        text = data.decode("utf-8")
        for old in (
            "平潭综合实验区",
            "沭阳县发展和改革局",
            "沭阳县",
            "上海市科委",
            "市科委",
        ):
            text = text.replace(old, "某某县某某局")
        renamed = parse_bytes(text.encode(), "whatever.bin").report
        assert original is not None and renamed is not None
        assert (renamed.table2, renamed.table3, renamed.table4) == (
            original.table2,
            original.table3,
            original.table4,
        )


def test_the_corpus_is_in_the_repository_with_a_label_per_report() -> None:
    corpus = corpus_dir()
    labels = {read_label(p)["file"] for p in label_paths()}
    reports = {p.name for p in (corpus / "reports").iterdir() if p.suffix != ".tsv"}
    assert labels == reports and len(labels) >= 6
    assert (corpus / SEED_NAME).is_file() and (corpus / "README.md").is_file()
