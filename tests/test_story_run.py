"""The checks run per story (1 process, N processes, Dask) and cached per story give exactly
the findings of one pass over the whole corpus; a warm run re-checks only changed stories."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import pairwise
from typing import ClassVar

import pytest
from archive_texts import variants

from factcheck.checks.base import Check
from factcheck.core.config import load_settings
from factcheck.core.model import Document, Evidence, Finding
from factcheck.embed.vectors import HashingEmbedder, embed_documents
from factcheck.pair.assembly import assemble_corpus
from factcheck.pair.corpus import Corpus
from factcheck.rules.packs import load_checks
from factcheck.run.cache import RunCache
from factcheck.run.prepare import prepare_documents
from factcheck.run.story_run import ALL, check_key, merge, part_key, partitions, run_units, split

SOURCE = ("Police arrested 45 people after the march in Leeds on Saturday, Chief Constable John Robins said. "
          "The march drew about 2,000 people to the city centre. Robins said officers had acted calmly.")
DRAFT = ("Police arrested 54 people after the march in Leeds on Saturday, Chief Constable John Robbins said. "
         "The march drew about 2,000 people to the city centre. Robbins said officers had acted calmly.")


def corpus_of(texts: dict[str, str], reference: frozenset[str] = frozenset()) -> Corpus:
    docs, errors = prepare_documents([Document(k, v, reference=k in reference) for k, v in texts.items()])
    assert not errors
    emb, rows = embed_documents(docs, HashingEmbedder())
    return assemble_corpus(docs, emb, rows)


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {**variants(12), "src": SOURCE, "draft": DRAFT}


@pytest.fixture(scope="module")
def corpus(texts) -> Corpus:
    return corpus_of(texts)


@pytest.fixture(scope="module")
def checks() -> list[Check]:
    return load_checks(load_settings({}))


def whole_corpus(corpus: Corpus, checks: list[Check]) -> list[Finding]:
    """The reference: every check once over the whole corpus (the runner before stories)."""
    return merge(corpus, [[list(c.run(corpus))] for c in checks])


def dump(findings: list[Finding]) -> str:
    return json.dumps([f.to_dict() for f in findings])


def test_the_fixture_has_several_stories_with_findings(corpus, checks):
    parts = partitions(corpus)
    assert len(parts) >= 4
    found = whole_corpus(corpus, checks)
    by_part = {n for n, members in enumerate(parts) for f in found
               if f.evidence[0].doc in {corpus.documents[m].id for m in members}}
    assert len(by_part) >= 3, "findings in several stories, or the comparison proves little"
    assert {c.scope for c in checks} == {"story", "corpus"}


def test_per_story_equals_whole_corpus(corpus, checks):
    assert dump(run_units(corpus, checks)) == dump(whole_corpus(corpus, checks))


def test_per_story_equals_whole_corpus_against_a_source(texts, checks):
    against = corpus_of(texts, frozenset({"src"}))
    found = whole_corpus(against, checks)
    assert any(f.rule.startswith("SUP") for f in found), "the draft against its source"
    assert not any(f.evidence[0].doc == "src" for f in found)
    assert dump(run_units(against, checks, workers=2)) == dump(found)


def test_two_processes_equal_one(corpus, checks):
    assert dump(run_units(corpus, checks, workers=2)) == dump(whole_corpus(corpus, checks))


def test_spawned_processes_equal_one(corpus, checks, monkeypatch):
    """Once torch is loaded the pool spawns: the parts then travel pickled, once per worker."""
    import factcheck.run.runner as runner

    monkeypatch.setattr(runner, "start_method", lambda: "spawn")
    assert dump(run_units(corpus, checks, workers=2)) == dump(whole_corpus(corpus, checks))


def test_dask_local_cluster_equals_one_process(corpus, checks):
    distributed = pytest.importorskip("distributed", reason="the scale extra (Dask) is not installed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cl, \
            distributed.Client(cl.scheduler_address) as client:
        found = run_units(corpus, checks, scheduler=client)
    assert dump(found) == dump(whole_corpus(corpus, checks))


def test_parts_split_pairs_and_keep_their_order(corpus):
    parts = partitions(corpus)
    subs = split(corpus, parts)
    assert sorted(n for p in parts for n in p) == list(range(len(corpus.documents)))
    assert sum(len(s.pairs) for s in subs) == len(corpus.pairs)
    for members, sub in zip(parts, subs, strict=True):
        assert members == sorted(members)
        for score, i, j in sub.pairs:  # the same sentences, now numbered inside the part
            a, b = sub.sentences[i], sub.sentences[j]
            assert (score, corpus.index_of(a), corpus.index_of(b)) in set(corpus.pairs)


def test_a_pair_across_two_stories_joins_them():
    c = Corpus([Document(f"d{n}", "One. Two.") for n in range(3)], story={"d0": 0, "d1": 1, "d2": 2})
    for d in c.documents:
        from factcheck.segment.sentences import segment

        segment(d)
    c2 = Corpus(c.documents, pairs=[(0.9, 0, 2)], story={"d0": 0, "d1": 1, "d2": 2})
    assert partitions(c2) == [[0, 1], [2]]


class Counting(Check):
    """Test check: one finding per document, and a record of the documents of every run."""

    code = "TST001"
    category = "name"
    scope = "story"
    runs: ClassVar[list[tuple[str, ...]]] = []

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        type(self).runs.append(tuple(d.id for d in corpus.documents))
        for d in corpus.documents:
            yield self.finding(f"{d.id} seen", [Evidence(d.id, 0, 1, d.text[:1])])


class CountingCorpus(Counting):
    code = "TST002"
    scope = "corpus"
    runs: ClassVar[list[tuple[str, ...]]] = []


def test_warm_run_rechecks_only_the_changed_story(tmp_path, texts, checks):
    store = RunCache(tmp_path)
    mine = [Counting(), CountingCorpus(), *checks]
    before = corpus_of(texts)
    cold = run_units(before, mine, cache=store)
    n_parts = len(partitions(before))
    assert len(Counting.runs) == n_parts and len(CountingCorpus.runs) == 1
    Counting.runs.clear()
    CountingCorpus.runs.clear()
    assert dump(run_units(before, mine, cache=store)) == dump(cold)
    assert Counting.runs == [] and CountingCorpus.runs == []  # nothing changed: nothing re-checked

    edited = {**texts, "draft": DRAFT.replace("calmly", "calmly and with restraint")}
    after = corpus_of(edited)
    warm = run_units(after, mine, cache=store)
    changed = next(p for p in partitions(after) if after.documents[p[0]].id in ("src", "draft"))
    assert Counting.runs == [tuple(after.documents[n].id for n in changed)]
    assert len(CountingCorpus.runs) == 1  # a corpus-wide check sees any change
    assert dump(warm) == dump(whole_corpus(after, mine))
    store.close()


def test_check_key_follows_the_settings_not_the_run(corpus):
    a = load_checks(load_settings({}))
    b = load_checks(load_settings({}))
    assert [check_key(x) for x in a] == [check_key(x) for x in b]
    assert None not in [check_key(x) for x in a]
    for x in a:
        list(x.run(corpus))  # checks keep per-run scratch ("_occ", "_order"): not part of the key
    assert [check_key(x) for x in a] == [check_key(x) for x in b]
    tuned = load_checks(load_settings({"params": {"NAM001": {"min_length": 5}}}))
    assert check_key(tuned[[c.code for c in tuned].index("NAM001")]) != check_key(
        a[[c.code for c in a].index("NAM001")])


def test_part_key_sees_pairs_and_reference_flags(corpus):
    sub = split(corpus, partitions(corpus))[0]
    key = part_key(sub, "L")
    assert part_key(sub, "L") == key and part_key(sub, "M") != key
    fewer = Corpus(sub.documents, None, sub.pairs[1:], story=sub.story, related=sub.related)
    assert part_key(fewer, "L") != key
    flipped = [Document(d.id, d.text, reference=not d.reference) for d in sub.documents]
    assert part_key(Corpus(flipped, None, sub.pairs, story=sub.story, related=sub.related), "L") != key


def test_corpus_scope_runs_on_the_whole_corpus(corpus):
    CountingCorpus.runs.clear()
    run_units(corpus, [CountingCorpus()])
    assert CountingCorpus.runs == [tuple(d.id for d in corpus.documents)]
    assert ALL < 0


def test_no_check_reads_the_vectors():
    """Parts travel without sentence vectors: a check that read them would see None."""
    from pathlib import Path

    import factcheck.checks

    for path in Path(factcheck.checks.__file__).parent.glob("*.py"):
        assert ".embeddings" not in path.read_text(encoding="utf-8"), path.name


def test_costly_units_go_alone_and_cheap_ones_together():
    from factcheck.run.story_run import _tasks

    cost = {ALL: 1000, 0: 900, 1: 5, 2: 5, 3: 5}
    units = [(p, c) for p in (0, 1, 2, 3) for c in (0, 1)] + [(ALL, 2)]
    tasks = _tasks(units, cost, slots=1)
    assert tasks[:3] == [[(ALL, 2)], [(0, 0)], [(0, 1)]]
    assert sorted(u for t in tasks for u in t) == sorted(units)
    assert len(tasks) == 4  # the six cheap units in one task


def test_a_checks_cache_identity_is_its_fingerprint():
    """check_key follows Check.fingerprint() alone: scratch ("_") attributes do not move it, params do,
    and a check that overrides fingerprint() decides its own identity (None: never cached)."""
    from factcheck.checks.count import CountMismatch

    a, b = CountMismatch(), CountMismatch()
    b._seen = {"per-run": 1}
    assert a.fingerprint() == b.fingerprint() and check_key(a) == check_key(b) is not None
    assert check_key(CountMismatch(severity="info")) != check_key(a)

    class Opaque(CountMismatch):
        def fingerprint(self):
            return None

    assert check_key(Opaque()) is None


def test_a_check_states_its_strength():
    from factcheck.checks.count import CountMismatch
    from factcheck.core.model import Evidence

    ev = [Evidence("d", 0, 1, "x")]
    assert CountMismatch().finding("m", ev, strength=0.7).strength == 0.7
    assert CountMismatch().finding("m", ev, confidence=0.6).strength == 0.6  # the old name still works
    assert CountMismatch().finding("m", ev).strength == 0.5


# --- checks with a reach: cached and re-checked per document ---------------------------------


class Linked(Check):
    """Toy: each document with the documents it is linked to (reach 1)."""

    code = "TST003"
    scope = "story"
    reach = 1
    runs: ClassVar[list[tuple[str, ...]]] = []

    def run(self, corpus: Corpus) -> Iterator[Finding]:
        type(self).runs.append(tuple(d.id for d in corpus.documents))
        for d in corpus.documents:
            partners = sorted(e.id for e in corpus.documents if e is not d and corpus.same_story(d.id, e.id))
            yield self.finding(f"{d.id} linked to {partners}", [Evidence(d.id, 0, 1, d.text[:1])])


class RareWords(Check):
    """Toy corpus check: a capitalised word no other document uses (reach 0, statistics per word)."""

    code = "TST004"
    scope = "corpus"
    reach = 0

    def gather(self, corpus: Corpus) -> dict:
        df: dict[str, int] = {}
        for d in corpus.documents:
            for w in {w for w in d.text.split() if w[:1].isupper()}:
                df[w] = df.get(w, 0) + 1
        return df

    def reads(self, stats: dict, docs: list[Document]) -> list[str]:
        return [w for w in docs[0].text.split() if w[:1].isupper()]

    def run_with(self, corpus: Corpus, stats: dict) -> Iterator[Finding]:
        for d in corpus.documents:
            rare = sorted({w for w in d.text.split() if w[:1].isupper() and stats.get(w) == 1})
            if rare:
                yield self.finding(f"{d.id}: {rare}", [Evidence(d.id, 0, 1, d.text[:1])])


def test_reach_checks_cold_and_warm_match_the_whole_run(tmp_path, texts):
    from factcheck.run.reach import LinkGraph

    store = RunCache(tmp_path)
    mine = [Linked(), RareWords()]
    before = corpus_of(texts)
    assert dump(run_units(before, mine)) == dump(whole_corpus(before, mine))
    assert dump(run_units(before, mine, cache=store)) == dump(whole_corpus(before, mine))
    tally: dict = {}
    assert dump(run_units(before, mine, cache=store, tally=tally)) == dump(whole_corpus(before, mine))
    assert tally["rechecked"] == {"TST003": 0, "TST004": 0} and tally["any"] == 0  # nothing changed: nothing re-checked

    edited = {**texts, "draft": DRAFT.replace("calmly", "calmly in Harrogate")}
    after = corpus_of(edited)
    Linked.runs.clear()
    tally = {}
    warm = run_units(after, mine, cache=store, tally=tally)
    assert dump(warm) == dump(whole_corpus(after, mine))
    graph = LinkGraph(after)
    n = [d.id for d in after.documents].index("draft")
    # the edit re-checks the documents whose neighbourhood holds the draft, and no other
    assert tally["rechecked"]["TST003"] == len(graph.ball(n, 1))
    assert tally["rechecked"]["TST004"] == 1  # one document's words: "Harrogate" is new, nothing else moved
    assert len(after.documents) > 4 * len(graph.ball(n, 1))
    store.close()


def chain_corpus(texts: dict[str, str]) -> Corpus:
    """Documents linked in a chain (a-b, b-c, ...): one part, but every neighbourhood small."""
    docs, errors = prepare_documents([Document(k, v) for k, v in texts.items()])
    assert not errors
    ids = [d.id for d in docs]
    return Corpus(docs, None, [], story=dict.fromkeys(ids, 0), related=set(pairwise(ids)))


def test_an_edit_in_a_long_chain_rechecks_its_neighbourhood_only(tmp_path):
    texts = {f"c{k}": f"Report {k} from Town{k} and Town{k + 1}. It rained." for k in range(10)}
    store = RunCache(tmp_path)
    mine = [Linked(), RareWords()]
    before = chain_corpus(texts)
    assert len(partitions(before)) == 1
    assert dump(run_units(before, mine, cache=store)) == dump(whole_corpus(before, mine))
    after = chain_corpus({**texts, "c5": "Report 5 from Town5 and Town6. It rained in Ripon."})
    Linked.runs.clear()
    tally: dict = {}
    warm = run_units(after, mine, cache=store, tally=tally)
    assert Linked.runs == [("c3", "c4", "c5", "c6", "c7")]  # their neighbourhoods, not the whole chain
    assert tally["rechecked"] == {"TST003": 3, "TST004": 1}  # c4, c5, c6; c5 alone reads "Ripon"
    assert dump(warm) == dump(whole_corpus(after, mine))
    store.close()
