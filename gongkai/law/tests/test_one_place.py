"""One rule of law lives in one place: no stray citation, cap or row label elsewhere.

The source tree outside ``gongkai/law/`` and ``gongkai/annual/formats.py`` may not
type, in a string literal (docstrings and comments are free to explain):

- a citation: ``第…条``, or the 文号 of an instrument the law package holds
  (国办函〔2020〕109号, 法释〔2025〕8号 …);
- a statutory period: ``7/15/20个工作日``, ``60日内``, ``6个月内``;
- a legal cap in code: ``max_value=20`` or a comparison with 20;
- an official label of table 三 (a row, a group heading, the corner note).

Templates (.html, .txt) are outside the check: agencies edit their wording.
Table 二's row labels (规章, 行政规范性文件, 行政许可 …) are ordinary category names
that catalogues and demo data use as such, so they are not checked.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from gongkai.annual.formats import FORMATS, TABLE3_NOTE

PACKAGE = Path(__file__).resolve().parents[2]

CITATION = re.compile(
    r"第[一二三四五六七八九十百零]+条"
    r"|(?:国办函|国办公开办函|国办发|法释|苏政办函)〔\d{4}〕\d+号"
    r"|国务院令第\d+号"
)
PERIOD = re.compile(r"(?<![\d.])(?:7|15|20|60)\s*个工作日|(?<!\d)60日内|(?<!\d)6个月内")
CAP_NUMBERS = {7, 15, 20}
ALLOWED_DIRS = ("law/", "tests/", "migrations/")
ALLOWED_FILES = {"annual/formats.py"}

#: (file, literal) pairs allowed, each with its reason.
ALLOWLIST: dict[tuple[str, str], str] = {
    (
        "annual/parse/regions.py",
        "第二十条第",
    ): "the parser finds table 二's block headings as printed in real reports,"
    " whose spacing and brackets vary; the format's own headings are checked"
    " against it by the parser tests",
}


def _labels() -> set[str]:
    labels = {TABLE3_NOTE.strip("（）")}
    for fmt in FORMATS.values():
        for group in fmt.table3_groups:
            labels.add(group.label)
        for row in fmt.table3_rows:
            labels.add(row.label)
            if row.leaf and len(row.text) >= 6:
                labels.add(row.text)
    return labels


def _sources() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if any(f"/{d}" in f"/{rel}" for d in ALLOWED_DIRS) or rel in ALLOWED_FILES:
            continue
        yield rel, path


def _docstrings(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            ids.add(id(node.value))  # docstrings and bare strings
    return ids


def _strays() -> list[str]:
    labels = _labels()
    found: list[str] = []
    for rel, path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            where = f"{rel}:{getattr(node, 'lineno', '?')}"
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docs
            ):
                text = node.value
                hits = [m.group(0) for m in CITATION.finditer(text)]
                hits += [m.group(0) for m in PERIOD.finditer(text)]
                hits += [label for label in labels if label in text]
                if (rel, text) in ALLOWLIST:
                    continue
                found += [f"{where}: {h!r} in {text[:50]!r}" for h in hits]
            elif (
                isinstance(node, ast.keyword)
                and node.arg in {"max_value", "min_value"}
                and isinstance(node.value, ast.Constant)
                and node.value.value in CAP_NUMBERS
            ):
                found.append(f"{where}: {node.arg}={node.value.value}")
            elif isinstance(node, ast.Compare):
                for side in (node.left, *node.comparators):
                    if isinstance(side, ast.Constant) and side.value == 20:
                        found.append(f"{where}: comparison with 20")
    return found


def test_it_finds_no_stray_rule_of_law_outside_the_law_package() -> None:
    strays = _strays()
    assert not strays, "法律规则只应写在 gongkai/law/：\n" + "\n".join(strays)


def test_it_would_catch_each_kind_of_stray() -> None:
    """The checker itself: each pattern matches what it is meant to catch."""
    assert CITATION.search("（条例第三十三条第二款）")
    assert CITATION.search("国办函〔2020〕109号")
    assert PERIOD.search("最长不得超过20个工作日")
    assert PERIOD.search("自收到之日起60日内")
    assert not PERIOD.search("补正期限至少1个工作日")
    assert not PERIOD.search("退出码：0 工作日")
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in _labels()


def test_every_allowlisted_literal_is_still_there() -> None:
    """An allowlist entry whose literal is gone must be removed with it."""
    for rel, literal in ALLOWLIST:
        assert literal in (PACKAGE / rel).read_text(encoding="utf-8"), rel
