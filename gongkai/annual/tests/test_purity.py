"""The framework-free packages import no Django, directly or indirectly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parents[3]

PROBE = """
import importlib, json, pkgutil, sys
imported = []
for name in ("gongkai.annual", "gongkai.workdays", "gongkai.law"):
    package = importlib.import_module(name)
    imported.append(name)
    for info in pkgutil.walk_packages(package.__path__, name + "."):
        if ".tests" in info.name:
            continue  # test code, not the package
        importlib.import_module(info.name)
        imported.append(info.name)
from gongkai.cli import main
main(["report", "schema"])  # the command path too, without Django
django = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(json.dumps({"imported": imported, "django": django}), file=sys.stderr)
"""


def test_no_module_of_annual_workdays_or_law_imports_django() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(REPO)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stderr.strip().splitlines()[-1])
    assert "gongkai.annual.rules" in probe["imported"]
    assert "gongkai.annual.jsonio" in probe["imported"]
    assert "gongkai.workdays" in probe["imported"]
    assert "gongkai.law.outcomes" in probe["imported"]
    assert probe["django"] == []
