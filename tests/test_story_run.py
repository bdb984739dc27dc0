"""The checks run per story (1 process, N processes, Dask) and cached per story give exactly
the findings of one pass over the whole corpus; a warm run re-checks only changed stories."""

from __future__ import annotations

import json
from collections.abc import Iterator
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
from factcheck.run.cache import EmbeddingCache
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
    import factcheck.run.story_run as story_run

    monkeypatch.setattr(story_run, "start_method", lambda: "spawn")
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
    store = EmbeddingCache(tmp_path)
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
