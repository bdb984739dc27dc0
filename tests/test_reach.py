"""Every check declares a ``reach``, and holds to it: its findings about a document, computed on the
corpus of any neighbourhood that holds the document's ball (factcheck/run/reach.py), are exactly its
findings about that document over the whole corpus. The runner caches and re-checks documents on
that promise; bench/locality.py tests it on the benches."""

from __future__ import annotations

import json
from typing import Any

import pytest
from archive_texts import variants
from test_story_run import DRAFT, SOURCE, corpus_of

from factcheck.checks import REGISTRY, RULE_TYPES
from factcheck.checks._stories import neighbourhoods
from factcheck.checks.base import Check
from factcheck.core.config import load_settings
from factcheck.pair.corpus import Corpus
from factcheck.rules.packs import load_checks
from factcheck.run.reach import LinkGraph, induced

# Corpus-scope checks whose reach (with gather/reads/run_with) comes from another branch: none left.
# Strict: once one lands with a reach, its test passes, fails as XPASS, and it must leave this list.
PENDING: frozenset[str] = frozenset()

# One story told four ways, its links made a chain (a0-a1-a2-a3) below: a quote given to another speaker,
# a quote reworded, a weekday, a negation and an organisation's old acronym change along the chain, so a
# check that read whole chained groups would find about a0 what only a2 or a3 says.
_STORY = " ".join([
    "Police arrested {n} people after the march through Leeds city centre on {day}, the force said.",
    "\u201cWe will not let violence take over the streets of our city,\u201d said {who}.",
    "Council leader Amir Shah said: \u201cThe council acted quickly and {how} to protect every resident and every"
    " shop.\u201d",
    "Officers said the march {calm} peaceful for most of the afternoon.",
    "A review by {org} will look at how the police handled the crowd.",
])
_TELLINGS = {
    "a0": dict(n=45, day="Saturday", who="Mayor Jane Hollis", how="fairly", calm="was", org="the HMIC"),
    "a1": dict(n=45, day="Saturday", who="Mayor Jane Hollis", how="fairly", calm="was", org="the inspectorate"),
    "a2": dict(n=54, day="Sunday", who="Tom Breck", how="firmly", calm="was not", org="HMICFRS"),
    "a3": dict(n=45, day="Saturday", who="Tom Breck", how="firmly", calm="was not", org="HMICFRS"),
}
_CHAIN = {("a0", "a1"), ("a1", "a2"), ("a2", "a3")}


@pytest.fixture(scope="module")
def checks() -> list[Check]:
    return load_checks(load_settings({}))


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    """Several stories (seed variants, a draft with its source, the chained story above) in one corpus."""
    texts = {**variants(9), "src": SOURCE, "draft": DRAFT, **{k: _STORY.format(**v) for k, v in _TELLINGS.items()}}
    c = corpus_of(texts, frozenset({"src"}))
    assert c.related is not None
    chained = {(a, b) for a, b in c.related if not ({a, b} & set(_TELLINGS))} | _CHAIN
    story = {**c.story, **dict.fromkeys(_TELLINGS, max(c.story.values()) + 1)}
    # sentence pairs only where a link is (or inside one document), so the link graph is the chain too
    docs = [c.sentences[i].doc for i in range(len(c.sentences))]
    pairs = [(s, i, j) for s, i, j in c.pairs if docs[i] == docs[j] or (docs[i], docs[j]) in chained
             or (docs[j], docs[i]) in chained]
    return Corpus(c.documents, c.embeddings, pairs, story=story, related=chained)


def _about(check: Check, corpus: Corpus, stats: Any) -> dict[str, list[str]]:
    found = check.run(corpus) if stats is None else check.run_with(corpus, stats)
    out: dict[str, list[str]] = {}
    for f in found:
        out.setdefault(f.evidence[0].doc, []).append(json.dumps(f.to_dict(), sort_keys=True))
    return {k: sorted(v) for k, v in out.items()}


def test_rule_pack_types_and_checks_declare_a_reach(checks):
    rule_checks = [c for c in checks if c.code not in {k.code for k in REGISTRY}]
    assert rule_checks, "the shipped packs build checks"
    for kind, cls in RULE_TYPES.items():
        if kind != "gazetteer" or "GAZ001" not in PENDING:
            assert cls.reach is not None, kind


@pytest.mark.parametrize("code", sorted({c.code for c in REGISTRY} | {"GAZ001", "TRM001", "TRM010"}))
def test_every_check_declares_a_reach(code, checks, request):
    if code in PENDING:
        request.applymarker(pytest.mark.xfail(strict=True, reason="its reach lands from another branch"))
    (check,) = [c for c in checks if c.code == code]
    assert isinstance(check.reach, int) and check.reach >= 0


def test_the_fixture_has_chains_and_findings_that_cross_them(corpus, checks):
    graph = LinkGraph(corpus)
    n = {d.id: k for k, d in enumerate(corpus.documents)}
    assert not corpus.same_story("a0", "a2") and n["a2"] in graph.ball(n["a0"], 2)
    found = {c.code for c in checks if c.reach is not None and any(_about(c, corpus, c.gather(corpus)))}
    assert {"QUO001", "QUO002", "NAM003", "DAT001", "CON001", "NUM001", "SUP001", "CNT002", "GAZ001"} <= found


@pytest.mark.parametrize("code", ["DAT001", "QUO001", "QUO002", "CON001", "NAM003", "SUP001"])
def test_one_link_less_is_not_enough(code, corpus, checks):
    """The fixture tells these reaches from smaller ones: one link less changes some findings."""
    (check,) = [c for c in checks if c.code == code]
    graph = LinkGraph(corpus)
    whole = _about(check, corpus, None)
    assert any(_about(check, induced(corpus, graph.ball(n, check.reach - 1)), None).get(d.id, []) != whole.get(d.id, [])
               for n, d in enumerate(corpus.documents))


def test_findings_from_a_ball_equal_the_whole_runs(corpus, checks):
    """For each check with a reach and each document: the findings about it from its ball, and from a
    larger neighbourhood holding the ball, are those of the whole run."""
    graph = LinkGraph(corpus)
    differ = []
    for check in checks:
        if check.reach is None:
            continue
        stats = check.gather(corpus)
        whole = _about(check, corpus, stats)
        for n, d in enumerate(corpus.documents):
            for members in (graph.ball(n, check.reach), graph.ball(n, check.reach + 1)):
                if _about(check, induced(corpus, members), stats).get(d.id, []) != whole.get(d.id, []):
                    differ.append(f"{check.code} {d.id} from {len(members)} documents")
    assert not differ


def test_neighbourhoods_are_each_documents_own_links(corpus):
    """Read from each document's links, partners are exactly the same-story members of its group, in
    input order (what testing every pair of a chained group gave)."""
    for c in (corpus, Corpus(corpus.documents, None, [], story=corpus.story, related=None)):
        want = [(d.id, [e.id for e in group if e is not d and c.same_story(d.id, e.id)])
                for group in c.story_documents() for d in group]
        assert [(d.id, [e.id for e in nb]) for d, nb in neighbourhoods(c)] == want
    assert dict((d.id, [e.id for e in nb]) for d, nb in neighbourhoods(corpus))["a1"] == ["a0", "a2"]
