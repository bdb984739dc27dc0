"""CON001: negation/antonym flips between aligned sentences, with hand-built sentence pairs (no model)."""

from __future__ import annotations

import pytest

from factcheck.checks.contradiction import Contradiction, find_flip, tokens
from factcheck.core.model import Document
from factcheck.pair.corpus import Corpus
from factcheck.segment.sentences import segment


def _corpus(a: str, b: str, *, score: float = 0.9, reference_b: bool = False, same_doc: bool = False) -> Corpus:
    """Two one-sentence documents (or one two-sentence document) whose sentences are paired."""
    if same_doc:
        doc = segment(Document("d0", f"{a}\n{b}"))
        return Corpus([doc], pairs=[(score, 0, 1)])
    da = segment(Document("d0", a))
    db = segment(Document("d1", b, reference=reference_b))
    return Corpus([da, db], pairs=[(score, 0, 1)])


SHOULD_FLAG: list[tuple[str, str, str]] = [
    ("The inspectors found the force's use of stop and search was fair and effective.",
     "The inspectors found the force's use of stop and search was neither fair nor effective.", "fair"),
    ("The report said stop and search was both fair and effective .",
     "The report said stop and search was not fair and effective.", "fair"),
    ("The Senate approved the bill on Tuesday by a vote of 52 to 48.",
     "The Senate rejected the bill on Tuesday by a vote of 52 to 48.", "rejected"),
    ("The minister said the scheme was legal under European law.",
     "The minister said the scheme was illegal under European law.", "illegal"),
    ("The company said it would cut jobs at the plant this year.",
     "The company said it would not cut jobs at the plant this year.", "cut"),
    ("Police said the suspect was armed when officers arrived at the house.",
     "Police said the suspect wasn't armed when officers arrived at the house.", "armed"),
]

SHOULD_PASS: list[tuple[str, str]] = [
    # the same claim, worded alike
    ("The force's use of stop and search was fair and effective.",
     "The force's use of stop and search was fair and effective, the report said."),
    # double negation keeps the polarity
    ("The minister did not rule out a tax rise next year.",
     "The minister did not rule out a tax rise next year, aides said."),
    # too much else differs: not the same claim
    ("The Senate approved the bill on Tuesday after a long debate over spending.",
     "The House rejected the amendment on Friday after a short debate over taxes."),
    # a question asserts nothing
    ("Who supports the Willow Project?", "Who opposes the Willow Project?"),
    # hedged: "whether" is not a flat claim
    ("It is clear the bill will pass the Senate this week.",
     "It is not clear whether the bill will pass the Senate this week."),
    # a negation plus another changed claim: not one claim flipped
    ("The company said it had plans to sell the plant this year.",
     "The company said it had no plans to close the plant this year."),
    # short sentences say too little to align
    ("He won.", "He lost."),
    # tokenization only
    ("It ’s not fair , the mayor said .", "It's not fair, the mayor said."),
]


@pytest.mark.parametrize(("a", "b", "word"), SHOULD_FLAG)
def test_con001_flags(a: str, b: str, word: str) -> None:
    findings = list(Contradiction().run(_corpus(a, b)))
    assert len(findings) == 1
    f = findings[0]
    assert f.rule == "CON001" and f.category == "contradiction"
    assert f.severity in ("warning", "info") and word in f.message
    assert {e.doc for e in f.evidence} == {"d0", "d1"}


@pytest.mark.parametrize(("a", "b"), SHOULD_PASS)
def test_con001_passes(a: str, b: str) -> None:
    assert list(Contradiction().run(_corpus(a, b))) == []


def test_con001_exact_flip_is_a_warning() -> None:
    a, b = SHOULD_FLAG[0][:2]
    assert next(iter(Contradiction().run(_corpus(a, b)))).severity == "warning"


def test_con001_suspect_is_the_checked_side() -> None:
    a, b = SHOULD_FLAG[2][:2]
    f = next(iter(Contradiction().run(_corpus(a, b, reference_b=True))))
    assert f.evidence[0].doc == "d0"


def test_con001_ignores_weak_pairs_and_same_document_by_default() -> None:
    a, b = SHOULD_FLAG[0][:2]
    assert list(Contradiction().run(_corpus(a, b, score=0.6))) == []
    assert list(Contradiction().run(_corpus(a, b, same_doc=True))) == []
    assert len(list(Contradiction(within_document=True).run(_corpus(a, b, same_doc=True)))) == 1


def test_con001_ignores_other_stories() -> None:
    a, b = SHOULD_FLAG[0][:2]
    c = _corpus(a, b)
    c.story = {"d0": 0, "d1": 1}
    assert list(Contradiction().run(c)) == []


def test_tokens_undo_tokenization_and_split_negation() -> None:
    assert tokens("It is n’t fair") == ["it", "is", "not", "fair"]
    assert tokens("They can't and won't") == ["they", "can", "not", "and", "will", "not"]
    assert find_flip(tokens("the plan is fair and effective"), tokens("the plan is neither fair nor effective"))
