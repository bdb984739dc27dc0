"""The `consistency` rule type: either/or forms must not mix within one document."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.core.model import Document
from factcheck.pair.corpus import Corpus
from factcheck.rules.packs import load_rules

RULE = """rules:
  - code: CST901
    extends: consistency
    severity: info
    sets:
      - [HMICFRS, HMIC]
      - [judgement, judgment]
"""


@pytest.fixture
def check(tmp_path: Path):
    (tmp_path / "c.yml").write_text(RULE, encoding="utf-8")
    return load_rules([tmp_path])[0].build()


def run(check, *texts: str) -> list:
    docs = [Document(id=f"d{i}", text=t) for i, t in enumerate(texts)]
    return list(check.run(Corpus(docs)))


SHOULD_FLAG = [
    ("HMICFRS inspected the Met. HMICFRS said so. The briefing we gave to the HMIC.", "HMIC", "HMICFRS"),
    ("A judgement was made. Another judgement followed. Her judgment stood.", "judgment", "judgement"),
    ("The judgment came first; then a judgement.", "judgment", "judgement"),  # tie: the form listed first wins
]

SHOULD_PASS = [
    "HMICFRS inspected the Met. HMICFRS said so.",
    "The HMIC said so in 2015.",
    "A judgement was made.",
    "Judgements and judgments of the court.",  # plural forms are not in the sets
]


@pytest.mark.parametrize(("text", "found", "expected"), SHOULD_FLAG)
def test_should_flag(check, text, found, expected):
    findings = run(check, text)
    assert [(f.evidence[0].text, f.suggestion) for f in findings] == [(found, expected)]
    f = findings[0]
    assert f.evidence[1].text == expected and f.severity == "info" and f.category == "term"


@pytest.mark.parametrize("text", SHOULD_PASS)
def test_should_pass(check, text):
    assert run(check, text) == []


def test_documents_are_judged_separately(check):
    assert run(check, "HMICFRS said so.", "The HMIC said so.") == []
