"""NAM001 in parts: run on a part of the corpus with statistics gathered over the whole, it gives the
whole run's findings about the part's documents; an edit changes only the statistics of the forms it
touches, and ``reads`` names them for exactly the documents whose findings they change."""

from __future__ import annotations

import json

from corpora import name_corpus

from factcheck.checks.name import NameSpelling
from factcheck.core.model import Finding
from factcheck.pair.corpus import Corpus
from factcheck.run.reach import LinkGraph, induced

TEXTS = [
    "Tony Blair spoke in Sedgefield. Mr Blair said the economy was strong.",
    "The Conservatives attacked Tony Blayr over the war.",  # linked to d0, where "Blair" is
    "Shares in DaimlerChrysler rose on Monday. Analysts said DaimlerChrysler had a good quarter.",
    "Workers at DaimlerChrysler went on strike in Stuttgart.",
    "The union said DaimlerChrysler must negotiate. Talks resume on Friday.",
    "DaimlerChrysler cut its forecast in March.",
    "A spokesman for DaimlerChrylser declined to comment on the strike.",  # linked to nothing
    "Seattle's mayor joined the protest. The mayor of Seattle said the city would sue. Seatle's police chief "
    "resigned.",
]


def linked(texts: list[str]) -> Corpus:
    """The texts as documents, d0 and d1 one story, every other document a story of its own."""
    docs = name_corpus(*texts).documents
    return Corpus(docs, story={d.id: 0 if n < 2 else n for n, d in enumerate(docs)},
                  related={("d0", "d1")})


def about(findings: list[Finding], doc: str) -> list[str]:
    return sorted(json.dumps(f.to_dict(), sort_keys=True) for f in findings if f.evidence[0].doc == doc)


def test_every_pass_flags_in_the_whole_run() -> None:
    found = {f.evidence[0].text: f for f in NameSpelling().run(linked(TEXTS))}
    assert sorted(found) == ["Blayr", "DaimlerChrylser", "Seatle"]
    assert [e.doc for e in found["Blayr"].evidence] == ["d1", "d0", "d0"]  # the story's neighbour
    assert "4 of these documents" in found["DaimlerChrylser"].message  # the corpus-wide counts
    assert [e.doc for e in found["DaimlerChrylser"].evidence] == ["d6", "d2", "d2"]


def test_a_part_with_whole_corpus_statistics_gives_the_whole_runs_findings() -> None:
    corpus = linked(TEXTS)
    check = NameSpelling()
    stats = check.gather(corpus)
    whole = list(check.run(corpus))
    graph = LinkGraph(corpus)
    parts = [graph.ball(n, NameSpelling.reach) for n in range(len(corpus.documents))] + [[0, 1, 6], [1, 2, 6, 7]]
    for members in parts:
        found = list(check.run_with(induced(corpus, members), stats))
        for n in members:
            if set(graph.ball(n, NameSpelling.reach)) <= set(members):
                doc = corpus.documents[n].id
                assert about(found, doc) == about(whole, doc), (members, doc)
    # one link less is not enough: d1 alone does not see its neighbour's "Blair"
    assert about(list(check.run_with(induced(corpus, graph.ball(1, NameSpelling.reach - 1)), stats)), "d1") == []
    # a part alone counts its own forms only: "DaimlerChrylser" is then established nowhere
    assert about(list(check.run(induced(corpus, [6]))), "d6") == []


def test_a_misspelt_name_changes_only_its_forms_statistics() -> None:
    check = NameSpelling()
    before, after = linked(TEXTS), linked([t.replace("DaimlerChrysler", "DaimlerChrysller") if n == 3 else t
                                           for n, t in enumerate(TEXTS)])
    old, new = check.gather(before), check.gather(after)
    changed = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    assert changed == {("df", "DaimlerChrysler"), ("df", "DaimlerChrysller")}
    # the documents whose named entries change are those whose findings change: d6 ("in 3 of these documents")
    graph = LinkGraph(before)
    moved = []
    for n, d in enumerate(before.documents):
        if n == 3:
            continue  # the edited document is re-checked whatever the statistics
        ball = [d] + [before.documents[m] for m in graph.ball(n, check.reach) if m != n]
        keys_old, keys_new = list(check.reads(old, ball)), list(check.reads(new, ball))
        named_same = keys_old == keys_new and all(old[k] == new[k] for k in keys_old)
        part = induced(before, graph.ball(n, check.reach))
        same = about(list(check.run_with(part, old)), d.id) == about(list(check.run_with(part, new)), d.id)
        assert named_same == same, d.id
        if not same:
            moved.append(d.id)
    assert moved == ["d6"]
