"""The `substitution` rule type: should-flag / should-pass tables, for the shipped uk-terms pack and a small rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.core.model import Document
from factcheck.pair.corpus import Corpus
from factcheck.rules.packs import load_rules

ROOT = Path(__file__).resolve().parent.parent


def run_rule(code: str, text: str, path: Path = ROOT / "rules") -> list:
    rule = next(r for r in load_rules([path]) if r.code == code)
    doc = Document(id="d", text=text)
    findings = list(rule.build().run(Corpus([doc])))
    for f in findings:  # every finding cites its exact span
        e = f.evidence[0]
        assert doc.text[e.start:e.end] == e.text and f.suggestion
    return findings


UK = "The Home Secretary spoke in Westminster about the Metropolitan Police and MPs in London. "

SHOULD_FLAG = [
    ("TRM001", UK + "Labor has said the government is responsible.", "Labor", "Labour"),
    ("TRM001", UK + "The Labor Mayor of London slept at the wheel.", "Labor", "Labour"),
    ("TRM002", UK + "A spokesman for the Interior Ministry said: \u201cWe expect improvements.\u201d",
     "Interior Ministry", "Home Office"),
    ("TRM003", UK + "In the Commonwealth, Police Secretary Keith Malthaus rewrote his speech.",
     "In the Commonwealth", "In the Commons"),
    ("TRM004", UK + "The Home Secretary oversees police and many of the troops she oversees are failing.",
     "troops", "police forces"),
]

SHOULD_PASS = [
    ("TRM001", "The Labor Department said jobless claims fell, the Labor Secretary told reporters in Washington."),
    ("TRM001", UK + "Labor Day is a US holiday; the Department of Labor publishes the data."),
    ("TRM001", "Labor has said the government is responsible."),  # no UK context
    ("TRM001", UK + "The Australian Labor party won in Canberra."),
    ("TRM002", UK + "In Baghdad, the Interior Ministry said three police officers were killed."),
    ("TRM002", UK + "Russia's Interior Ministry said it had detained protesters."),
    ("TRM002", "The Interior Ministry said it would review the case."),  # no UK policing context
    ("TRM003", UK + "In the Commonwealth, 56 countries share a common heritage."),
    ("TRM004", UK + "British troops were deployed to Afghanistan, the army said."),
    ("TRM004", UK + "Police and troops patrolled the border."),
    ("TRM004", "The troops were sent home."),
]


@pytest.mark.parametrize(("code", "text", "wrong", "right"), SHOULD_FLAG)
def test_should_flag(code, text, wrong, right):
    findings = run_rule(code, text)
    assert [(f.evidence[0].text, f.suggestion) for f in findings] == [(wrong, right)]
    f = findings[0]
    assert f.rule == code and f.category == "term" and f.severity == "warning"
    assert wrong in f.message and right in f.message


@pytest.mark.parametrize(("code", "text"), SHOULD_PASS)
def test_should_pass(code, text):
    assert run_rule(code, text) == []


def test_regex_groups_and_scope(tmp_path):
    (tmp_path / "r.yml").write_text(
        "rules:\n"
        "  - code: TST001\n"
        "    extends: substitution\n"
        "    message: '{wrong} -> {right}'\n"
        "    regex: true\n"
        "    ignorecase: true\n"
        "    swap:\n"
        "      - {wrong: '\\b(\\d+) per cent\\b', right: '\\1%'}\n"
        "    when: {scope: sentence, any: [rate]}\n",
        encoding="utf-8",
    )
    text = "The rate rose 5 PER CENT. Turnout was 60 per cent."
    findings = run_rule("TST001", text, tmp_path)
    assert [(f.evidence[0].text, f.suggestion, f.message) for f in findings] == [
        ("5 PER CENT", "5%", "5 PER CENT -> 5%")
    ]


def test_reference_documents_are_not_reported():
    rule = next(r for r in load_rules([ROOT / "rules"]) if r.code == "TRM001")
    doc = Document(id="ref", text=UK + "Labor has said so.", reference=True)
    assert list(rule.build().run(Corpus([doc]))) == []


def test_same_output_twice():
    text = UK + "Labor said so. Labor said it again."
    first = [f.to_dict() for f in run_rule("TRM001", text)]
    assert len(first) == 2 and first == [f.to_dict() for f in run_rule("TRM001", text)]
