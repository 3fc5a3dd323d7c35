"""`gongkai letters samples OUTDIR` on an empty database: every kind, every ground."""

from __future__ import annotations

import io
import json
import re
import subprocess

import pytest
from django.core.management import call_command
from docx import Document

from gongkai.agencies.models import Agency
from gongkai.cases.letter_samples import GLITCHES
from gongkai.cases.models import DECISION_OUTCOMES, Case
from gongkai.law.outcomes import WITHHELD_GROUNDS, outcome_rule
from gongkai.letters.models import Letter

KINDS = {
    "receipt",
    "correction",
    "extension",
    "consultation_third_party",
    "consultation_agency",
    "third_party_decision",
    "art35_reasons",
    "art35_delay",
    "fee",
    "reply",
}


def _pages(path) -> int:
    info = subprocess.run(
        ["pdfinfo", str(path)], check=True, capture_output=True, text=True
    ).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_samples_cover_every_kind_and_ground_and_leave_the_database_as_it_was(
    tmp_path, monkeypatch
) -> None:
    # The query code is random and printed in the 受理回执: the samples use the
    # widest one the alphabet allows, so that the one-page check below holds
    # for every code, not only for the one drawn in this run.
    import itertools

    from gongkai.cases.services import intake

    wide = (
        "".join(c) for c in itertools.product("WM", repeat=intake.QUERY_CODE_LENGTH)
    )
    monkeypatch.setattr(intake, "new_query_code", lambda: next(wide))
    out = io.StringIO()
    call_command("letters", "samples", str(tmp_path), stdout=out)
    index = json.loads((tmp_path / "index.json").read_text(encoding="utf-8"))
    assert {row["kind"] for row in index} >= KINDS
    for row in index:
        assert set(row) >= {
            "docx",
            "pdf",
            "kind",
            "outcome",
            "ground",
            "withheld_ground",
        }
        docx = (tmp_path / row["docx"]).read_bytes()
        pdf = (tmp_path / row["pdf"]).read_bytes()
        assert docx.startswith(b"PK") and pdf.startswith(b"%PDF")
        text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
        for glitch in GLITCHES:
            assert glitch not in text, (row["docx"], glitch)
        if row["kind"] == "receipt":
            assert _pages(tmp_path / row["pdf"]) == 1, "the 受理回执 fits one page"
    grounds = {(r["outcome"], r["ground"]) for r in index if r["kind"] == "reply"}
    for outcome in DECISION_OUTCOMES:
        for ground in outcome_rule(outcome).grounds:
            assert (outcome, ground.key) in grounds
    assert ("other_overdue_correction", "art30_lapse") in grounds
    assert ("other_unpaid_fee", "fee_unpaid") in grounds
    withheld = {r["withheld_ground"] for r in index if r["ground"] == "art37"}
    assert withheld == set(WITHHELD_GROUNDS)
    fees = [r for r in index if r["kind"] == "fee"]
    assert len(fees) == 2  # 按量 and 按件, each with its tier breakdown
    # Nothing was kept: the temporary agency, its cases and letters rolled back.
    assert not Agency.objects.exists()
    assert not Case.objects.exists() and not Letter.objects.exists()
