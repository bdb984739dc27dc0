"""Only pairable sentences are encoded: facts, polarity words, and the plain side of a negation."""

from __future__ import annotations

import numpy as np
import pytest
from test_check_contradiction import SHOULD_FLAG

from factcheck.core.model import Document
from factcheck.embed.pairable import pairable_rows
from factcheck.embed.vectors import HashingEmbedder, embed_documents
from factcheck.run.prepare import prepare


def _docs(*texts: str) -> list[Document]:
    return [prepare(Document(f"d{n}", t)) for n, t in enumerate(texts)]


class Counting(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def encode(self, texts):  # type: ignore[no-untyped-def]
        self.seen.extend(texts)
        return super().encode(texts)


def test_a_sentence_with_a_fact_is_pairable_and_one_without_is_not():
    docs = _docs("Sadiq Khan spoke at City Hall on Tuesday. The mood in the room was sombre and quiet. "
                 "Officers made 14 arrests.")
    assert pairable_rows(docs).tolist() == [True, False, True]


@pytest.mark.parametrize("a,b,_word", SHOULD_FLAG)
def test_both_sides_of_every_flip_con001_flags_are_pairable(a: str, b: str, _word: str):
    assert pairable_rows(_docs(a, b)).all()


def test_the_plain_side_of_a_negation_is_pairable_only_beside_its_negated_twin():
    plain = "The new scheme was liked by staff across the whole area."
    assert pairable_rows(_docs(plain)).tolist() == [False]
    assert pairable_rows(_docs(plain, "The new scheme was not liked by staff across the whole area.")).all()
    # one content word more or less is still a possible flip; two different ones are not
    assert pairable_rows(_docs(plain, "The new scheme was not liked by staff across the area.")).all()
    assert not pairable_rows(_docs(plain, "The old plan was not liked by staff across the whole area.")).any()


def test_an_antonym_word_alone_is_pairable_only_against_a_source():
    draft = "The new scheme was praised by staff across the whole area."
    assert not pairable_rows(_docs(draft)).any()
    docs = _docs(draft, "Most of the staff said they found the scheme a great help.")
    docs[1].reference = True
    assert pairable_rows(docs).tolist() == [True, False]


def test_only_pairable_sentences_are_encoded_and_the_rest_are_zero():
    docs = _docs("Sadiq Khan spoke on Tuesday. The mood was sombre and quiet in the hall.")
    e = Counting()
    emb, doc_of_row = embed_documents(docs, e)
    assert e.seen == ["Sadiq Khan spoke on Tuesday."]
    assert emb.shape == (2, e.dim) and doc_of_row.tolist() == [0, 0]
    assert np.linalg.norm(emb[0]) == pytest.approx(1.0) and not emb[1].any()
    every, _ = embed_documents(docs, Counting(), every_sentence=True)
    assert np.array_equal(every[0], emb[0]) and np.linalg.norm(every[1]) == pytest.approx(1.0)


def test_with_nothing_pairable_the_width_is_still_known():
    e = Counting()
    emb, _ = embed_documents(_docs("The mood was sombre. It was quiet in the hall."), e)
    assert emb.shape == (2, e.dim) and not emb.any() and len(e.seen) == 1


def test_every_sentence_a_quotation_runs_over_holds_a_fact():
    from factcheck.core.model import Quote
    from factcheck.embed.pairable import fact_sentences
    from factcheck.segment.sentences import segment

    d = segment(Document("d", "The mood was calm. We will not give up. We have the votes. It rained all day."))
    assert len(d.sentences) == 4
    a, b = d.sentences[1].start, d.sentences[2].end  # one quotation over the two middle sentences
    d.quotes = [Quote(a, b, d.text[a:b], 1)]
    assert fact_sentences(d) == {1, 2}
