"""Suppressions: ignore file, inline markers, reviewer decisions."""

from __future__ import annotations

import json

import pytest

from factcheck.core.config import Settings
from factcheck.core.errors import FactcheckError
from factcheck.core.model import Document, Finding
from factcheck.findings.suppress import suppress


def apply_suppressions(findings, documents, settings) -> tuple[list, int]:
    """(kept, suppressed count) of ``suppress``: the shape these tests compare."""
    out = suppress(findings, documents, settings)
    return out.kept, out.count


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
    [
        '{"version": 3, "decisions": []}',
        '{"version": 1, "decisions": [{"id": "x", "status": "maybe"}]}',
        '{"version": 1, "decisions": [{"id": "x", "status": "editing"}]}',  # a version 2 status
        '{"version": 2, "decisions": [{"id": "x", "status": "dismissed", "scope": "everywhere"}]}',
        '{"version": 2, "decisions": [{"rule": "TRM001", "status": "dismissed", "scope": "rule"}]}',  # no doc
        '{"version": 2, "decisions": [{"rule": "TRM001", "doc": "d", "status": "confirmed", "scope": "rule"}]}',
        "{not json",
    ],
)
def test_bad_decisions_file(tmp_path, doc, findings, content):
    path = tmp_path / "d.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FactcheckError) as info:
        apply_suppressions(findings, [doc], Settings(decisions_file=path))
    assert info.value.code == "E211" and info.value.path == str(path)


# ---------------------------------------------------------------- version 2: scopes, "I'll edit", carried


@pytest.fixture
def twice():
    """Two identical slips in one document, and one in another."""
    a = Document(id="a", text="Labor said so.\nLabor again.\nThe Interior Ministry said.\n")
    b = Document(id="b", text="Labor in b.\n")
    found = [make(a, "TRM001", "Labor"), second(a, "TRM001", "Labor"), make(a, "TRM002", "Interior Ministry"),
             make(b, "TRM001", "Labor")]
    return [a, b], found


def second(doc: Document, rule: str, word: str) -> Finding:
    start = doc.text.index(word, doc.text.index(word) + 1)
    return Finding(rule, "term", "warning", "msg", [doc.evidence(start, start + len(word))], suggestion="x")


def write(tmp_path, decisions: list[dict], version: int = 2):
    path = tmp_path / "decisions.json"
    path.write_text(json.dumps({"version": version, "decisions": decisions}), encoding="utf-8")
    return Settings(decisions_file=path)


def entry(f: Finding, status: str, scope: str | None = None, **kw) -> dict:
    e = {"id": f.id, "rule": f.rule, "doc": f.evidence[0].doc, "text": f.evidence[0].text, "status": status}
    return e | ({"scope": scope} if scope else {}) | kw


def test_ignore_once_drops_that_finding_only(tmp_path, twice):
    docs, found = twice
    out = suppress(found, docs, write(tmp_path, [entry(found[0], "dismissed", "finding", note="US quote")]))
    assert out.kept == found[1:] and out.count == 1
    assert out.carried.hidden == [entry(found[0], "dismissed", "finding", note="US quote")]


def test_ignore_once_follows_its_finding_when_an_edit_moves_the_offsets(tmp_path, twice):
    docs, found = twice
    decision = entry(found[2], "dismissed", "finding")
    edited = Document(id="a", text="A new first line.\n" + docs[0].text)  # every offset in "a" moves
    moved = [make(edited, "TRM001", "Labor"), second(edited, "TRM001", "Labor"),
             make(edited, "TRM002", "Interior Ministry")]
    assert moved[2].id != found[2].id
    out = suppress(moved, [edited], write(tmp_path, [decision]))
    assert out.kept == moved[:2]
    assert out.carried.hidden == [entry(moved[2], "dismissed", "finding")]  # restated with the new id


def test_ignore_once_never_reaches_an_identical_slip_still_there(tmp_path, twice):
    docs, found = twice
    kept, n = apply_suppressions(found, docs, write(tmp_path, [entry(found[1], "dismissed")]))
    assert kept == [found[0], found[2], found[3]] and n == 1


def test_ignore_this_rule_here_drops_the_rule_in_that_document_only(tmp_path, twice):
    docs, found = twice
    rule = entry(found[0], "dismissed", "rule")
    out = suppress(found, docs, write(tmp_path, [rule]))
    assert out.kept == [found[2], found[3]] and out.count == 2
    assert out.carried.rules == [rule | {"hidden": 2}] and out.carried.hidden == []


def test_a_decision_on_the_finding_beats_the_rule_dismissed_here(tmp_path, twice):
    docs, found = twice
    out = suppress(found, docs, write(tmp_path, [entry(found[0], "dismissed", "rule"), entry(found[1], "confirmed")]))
    assert out.kept == found[1:]
    assert out.carried.decisions == [entry(found[1], "confirmed")]


def test_confirmed_and_ill_edit_are_kept_and_carried(tmp_path, twice):
    docs, found = twice
    out = suppress(found, docs, write(tmp_path, [entry(found[0], "confirmed", note="ok"), entry(found[2], "editing")]))
    assert out.kept == found and out.count == 0
    assert out.carried.decisions == [entry(found[0], "confirmed", note="ok"), entry(found[2], "editing")]


def test_version_1_files_keep_their_reach(tmp_path, twice):
    """No document in a version 1 decision: a dismissal matches its rule and text anywhere, as before."""
    docs, found = twice
    old = {"id": "0000000000000000", "rule": "TRM001", "text": "Labor", "status": "dismissed", "note": ""}
    out = suppress(found, docs, write(tmp_path, [old], version=1))
    assert out.kept == [found[2]] and out.count == 3
    assert [h["id"] for h in out.carried.hidden] == [found[0].id, found[1].id, found[3].id]
    assert {h["scope"] for h in out.carried.hidden} == {"finding"}
