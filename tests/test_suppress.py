"""Suppressions: ignore file, inline markers, reviewer decisions."""

from __future__ import annotations

import json

import pytest

from factcheck.config import Settings
from factcheck.errors import FactcheckError
from factcheck.model import Document, Finding
from factcheck.suppress import apply_suppressions


def make(doc: Document, rule: str, word: str) -> Finding:
    start = doc.text.index(word)
    return Finding(rule, "term", "warning", "msg", [doc.evidence(start, start + len(word))], suggestion="x")


@pytest.fixture
def doc():
    return Document(id="d", text="Labor said so.\nThe Interior Ministry said.\nPretty Patel spoke.\n")


@pytest.fixture
def findings(doc):
    return [make(doc, "TRM001", "Labor"), make(doc, "TRM002", "Interior Ministry"), make(doc, "GAZ001", "Pretty Patel")]


def rules_of(kept):
    return [f.rule for f in kept]


def test_nothing_configured_keeps_everything(doc, findings):
    assert apply_suppressions(findings, [doc], Settings()) == (findings, 0)


def test_ignore_file_by_id_and_rule_text(tmp_path, doc, findings):
    ignore = tmp_path / ".factcheckignore"
    ignore.write_text(f"# reviewed 2026-11-23\n{findings[2].id}  # the name is right in context\nTRM001: Labor\n",
                      encoding="utf-8")
    kept, n = apply_suppressions(findings, [doc], Settings(ignore_file=ignore))
    assert (rules_of(kept), n) == (["TRM002"], 2)


def test_bad_ignore_line(tmp_path, doc, findings):
    ignore = tmp_path / "ignore"
    ignore.write_text("TRM001 Labor\n", encoding="utf-8")
    with pytest.raises(FactcheckError) as info:
        apply_suppressions(findings, [doc], Settings(ignore_file=ignore))
    assert (info.value.code, info.value.line) == ("E211", 1)


@pytest.mark.parametrize(
    ("marker", "kept"),
    [
        ("<!-- factcheck: ignore TRM002 -->\n", ["TRM001", "GAZ001"]),  # line before the flagged one
        ("[factcheck: ignore TRM002, GAZ001]\n", ["TRM001", "GAZ001"]),  # covers its own line and the next only
        ("[factcheck: ignore]\n", ["TRM001", "GAZ001"]),  # every rule on the next line
        ("[factcheck: ignore NAM001]\n", ["TRM001", "TRM002", "GAZ001"]),  # another rule: no effect
    ],
)
def test_inline_markers(marker, kept):
    doc = Document(id="d", text="Labor said so.\n" + marker + "The Interior Ministry said.\nPretty Patel spoke.\n")
    findings = [make(doc, "TRM001", "Labor"), make(doc, "TRM002", "Interior Ministry"), make(doc, "GAZ001", "Pretty")]
    got, n = apply_suppressions(findings, [doc], Settings())
    assert rules_of(got) == kept and n == 3 - len(kept)


def test_marker_on_the_same_line(doc):
    d = Document(id="d", text="Labor said so. [factcheck: ignore TRM001]\n")
    assert apply_suppressions([make(d, "TRM001", "Labor")], [d], Settings()) == ([], 1)


def test_reviewer_decisions(tmp_path, doc, findings):
    decisions = {
        "version": 1,
        "decisions": [
            {"id": findings[0].id, "rule": "TRM001", "text": "Labor", "status": "dismissed", "note": "US story"},
            {"id": "0000000000000000", "rule": "TRM002", "text": "Interior Ministry", "status": "dismissed"},
            {"id": findings[2].id, "rule": "GAZ001", "text": "Pretty Patel", "status": "confirmed"},
        ],
    }
    path = tmp_path / "decisions.json"
    path.write_text(json.dumps(decisions), encoding="utf-8")
    kept, n = apply_suppressions(findings, [doc], Settings(decisions_file=path))
    # the TRM002 id moved (text edited) but rule + text still match; the confirmed one stays
    assert (rules_of(kept), n) == (["GAZ001"], 2)


@pytest.mark.parametrize(
    "content",
    ['{"version": 2, "decisions": []}', '{"version": 1, "decisions": [{"id": "x", "status": "maybe"}]}', "{not json"],
)
def test_bad_decisions_file(tmp_path, doc, findings, content):
    path = tmp_path / "d.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FactcheckError) as info:
        apply_suppressions(findings, [doc], Settings(decisions_file=path))
    assert info.value.code == "E211" and info.value.path == str(path)
