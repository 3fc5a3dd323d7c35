"""Every file a doc, docstring or comment cites exists in the repository.

The convention (CONTRIBUTING.md, "Citing files"):

- a repository file is cited by its path from the repository root:
  ``gongkai/annual/formats.py``, ``docs/parsing.md``, ``tests/corpus/README.md``
  (a ``*`` in the path stands for any name and must match something);
- the specification documents that the code cites by section,
  ``docs/legal.md`` and ``docs/report-schema.md``, may be cited by bare name
  (``legal.md §4.11``); any other bare document name must also be a file in
  ``docs/`` (or beside the citing file);
- nothing points outside the repository (``../shared/``, ``shared/spec/``,
  ``/work/``): a clean clone is all a contributor has.

Paths with placeholders (``<app>``, ``{name}``, ``…``) are patterns, not files,
and are not checked.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOP = ("gongkai", "docs", "tests", "scripts", "bench", ".ci")
#: A path from the repository root, not itself the tail of a longer path or URL.
PATH = re.compile(
    r"(?<![\w./~-])((?:" + "|".join(re.escape(t) for t in TOP) + r")/[\w./*<>{}…-]*)"
)
BARE_MD = re.compile(r"(?<![\w./-])([a-z][a-z0-9_-]+\.md)\b")
OUTSIDE = re.compile(r"\.\./shared\b|(?<![\w-])shared/(?:spec|corpus|style)|/work/")
PLACEHOLDER = re.compile(r"[<>{}…]")
SKIP_DIRS = {
    ".venv",
    ".git",
    "var",
    "node_modules",
    "migrations",
    "gongkai.egg-info",
    "__pycache__",
}
#: Files whose text is data, not prose that cites files.
SKIP_FILES = {"tests/corpus", "gongkai/annual/tests/testdata"}


def sources() -> list[Path]:
    """The files that cite: code, docs, scripts (not this test's own examples)."""
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for name in files:
            path = Path(folder, name)
            rel = path.relative_to(ROOT)
            if path == Path(__file__).resolve():
                continue
            if any(str(rel).startswith(skip + "/") for skip in SKIP_FILES):
                if rel.name != "README.md":
                    continue
            if path.suffix in (".py", ".md", ".toml") or rel.parts[0] in (
                "scripts",
                ".ci",
            ):
                found.append(path)
            elif rel.name == "Makefile" or rel.suffix == ".example":
                found.append(path)
    return sorted(found)


def _exists(cited: str) -> bool:
    cited = cited.rstrip(".")
    if "*" in cited:
        return any(ROOT.glob(cited.rstrip("/")))
    return (ROOT / cited).exists()


def broken_citations(path: Path) -> list[str]:
    text = path.read_text("utf-8", errors="replace")
    rel = path.relative_to(ROOT)
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{rel}:{number}"
        if OUTSIDE.search(line):
            problems.append(f"{where}: points outside the repository: {line.strip()}")
        for match in PATH.finditer(line):
            cited = match.group(1)
            if PLACEHOLDER.search(cited) or not _exists(cited):
                if not PLACEHOLDER.search(cited):
                    problems.append(f"{where}: no such file: {cited}")
        for match in BARE_MD.finditer(line):
            name = match.group(1)
            if not ((ROOT / "docs" / name).exists() or (path.parent / name).exists()):
                if not (ROOT / name).exists():
                    problems.append(f"{where}: no such document: {name}")
    return problems


def test_the_scan_sees_the_code_and_the_docs() -> None:
    names = {str(p.relative_to(ROOT)) for p in sources()}
    assert {"README.md", "CONTRIBUTING.md", "gongkai/annual/formats.py"} <= names
    assert "tests/corpus/README.md" in names


def test_a_missing_or_outside_citation_is_found(tmp_path: Path) -> None:
    doc = ROOT / "docs" / "parsing.md"
    assert broken_citations(doc) == []
    fake = tmp_path / "x.md"
    fake.write_text("see `gongkai/no_such.py` and ../shared/spec/legal.md", "utf-8")
    text = fake.read_text("utf-8")
    assert PATH.search(text) and OUTSIDE.search(text)
    assert not _exists("gongkai/no_such.py") and _exists("gongkai/*/tests")


def test_every_cited_file_exists() -> None:
    problems = [problem for path in sources() for problem in broken_citations(path)]
    assert problems == [], "\n".join(problems)
