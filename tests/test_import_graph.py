"""No import cycle between Gongkai's apps: every import goes down the order that
docs/ARCHITECTURE.md lists once ("Dependencies between apps").

An entry is a top-level module of the package (``cases``) or, where an app's
pages sit above a shared layer its own core sits below, a dotted part of it
(``accounts.views`` above ``web``, ``accounts`` below): a module takes the rank
of the longest entry that names it or a package holding it.

The graph is read with ``ast`` from every module under ``gongkai/`` except tests
and migrations, imports inside functions included (a deferred import is still a
dependency, and was how the old cycles hid).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "gongkai"


def listed_order() -> list[str]:
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- import-order -->(.*?)<!-- /import-order -->", text, re.S)
    assert block, "docs/ARCHITECTURE.md has lost its import-order list"
    return re.findall(r"^- (\S+)$", block.group(1), re.M)


def top_module(path: Path) -> str:
    first = path.relative_to(PACKAGE).parts[0]
    return first.removesuffix(".py")


def module_name(path: Path) -> str:
    """``accounts.views`` for gongkai/accounts/views.py (``__init__`` dropped)."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(tree: ast.AST) -> list[tuple[str, int]]:
    """Every Gongkai module a tree imports, as ``cases.clocks``; for
    ``from gongkai.accounts import views`` both ``accounts`` and ``accounts.views``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "gongkai" and len(parts) > 1:
                found.append((".".join(parts[1:]), node.lineno))
    return found


def entry_of(module: str, order: list[str]) -> str | None:
    """The longest entry of the order naming ``module`` or a package above it."""
    matches = [e for e in order if module == e or module.startswith(e + ".")]
    return max(matches, key=len) if matches else None


def sources() -> list[Path]:
    """Every module of the package but tests, migrations and ``gongkai/__init__.py``."""
    skip = {"tests", "migrations"}
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if skip.isdisjoint(path.relative_to(PACKAGE).parts)
        and path != PACKAGE / "__init__.py"
    ]


def upward(module: str, tree: ast.AST, order: list[str]) -> list[tuple[str, int]]:
    """The imports of ``module`` that reach a module listed after its own entry."""
    rank = {name: i for i, name in enumerate(order)}
    own = entry_of(module, order)
    wrong = []
    for target, line in imported(tree):
        entry = entry_of(target, order)
        if own and entry and entry != own and rank[entry] > rank[own]:
            wrong.append((entry, line))
    return sorted(set(wrong), key=lambda pair: pair[1])


def upward_imports(order: list[str]) -> list[str]:
    wrong = []
    for path in sources():
        module = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target, line in upward(module, tree, order):
            wrong.append(f"{path.relative_to(ROOT)}:{line}: {module} imports {target}")
    return wrong


def test_the_order_places_every_module_of_the_package() -> None:
    order = listed_order()
    modules = {module_name(path) for path in sources()}
    present = {top_module(path) for path in sources()} - {"__init__"}
    tops = {entry for entry in order if "." not in entry}
    assert len(order) == len(set(order)), "a module is listed twice"
    assert not present - tops, f"not placed in the order: {present - tops}"
    gone = {
        e for e in order if not any(m == e or m.startswith(e + ".") for m in modules)
    }
    assert not gone, f"listed but gone: {gone}"


def test_no_import_goes_up_the_order() -> None:
    wrong = upward_imports(listed_order())
    assert not wrong, "imports against docs/ARCHITECTURE.md's order:\n" + "\n".join(
        wrong
    )


def test_the_check_sees_a_deferred_upward_import() -> None:
    """The checker itself: letters importing cases inside a function is caught."""
    order = listed_order()
    tree = ast.parse(
        "from gongkai.law import outcomes\n"
        "def f():\n    from gongkai.cases.clocks import case_clocks\n"
    )
    assert upward("letters.services", tree, order) == [("cases", 3)]
    assert upward("cases.services", tree, order) == []
    pages = ast.parse("from gongkai.accounts import views\n")
    assert upward("web.actions", pages, order) == [("accounts.views", 1)]
