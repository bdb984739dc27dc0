"""Sentence splitting on news English: boundaries, and offsets that round-trip."""

from __future__ import annotations

import time

import pytest

from factcheck.core.model import Document
from factcheck.segment.sentences import segment, split_sentences

CASES = [
    ("Mr Khan said it was wrong. Sir Mark Rowley disagreed.",
     ["Mr Khan said it was wrong.", "Sir Mark Rowley disagreed."]),
    ("Mr. Khan met the U.S. ambassador on Monday. They talked for an hour.",
     ["Mr. Khan met the U.S. ambassador on Monday.", "They talked for an hour."]),
    ("The deal is worth £92m. It was signed at No. 10 Downing Street. Critics were unhappy.",
     ["The deal is worth £92m.", "It was signed at No. 10 Downing Street.", "Critics were unhappy."]),
    ("Dr. Smith earned $4.5 million in 2019. That was up 3.2% from 2018.",
     ["Dr. Smith earned $4.5 million in 2019.", "That was up 3.2% from 2018."]),
    # a quotation of two sentences stays with its attribution
    ("“We will not stand for this. It is wrong,” Mr Khan said. The Met declined to comment.",
     ["“We will not stand for this. It is wrong,” Mr Khan said.", "The Met declined to comment."]),
    ('He said: "It is over." Then he left the room.', ['He said: "It is over."', "Then he left the room."]),
    # headlines without full stops and bullet lines are their own sentences
    ("Police under pressure\n- six forces in special measures\n• 21,000 officers hired\nThe report was out.",
     ["Police under pressure", "- six forces in special measures", "• 21,000 officers hired", "The report was out."]),
    # tokenized archive text
    ("“ This is bad , ” Trump said . “ Very bad . ” He left .",
     ["“ This is bad , ” Trump said .", "“ Very bad . ”", "He left ."]),
    ("Mr. McConnell , Kentucky Republican , said no . The vote failed .",
     ["Mr. McConnell , Kentucky Republican , said no .", "The vote failed ."]),
    ("  \n\n   ", []),
]


def check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(text), (a, b)
        assert text[a:b] == text[a:b].strip()
        last = b


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_news_sentences(text, expected):
    spans = split_sentences(text)
    check_spans(text, spans)
    assert [text[a:b] for a, b in spans] == expected


def test_long_tokenized_paragraph_is_split_at_spaced_full_stops():
    # pysbd reads "Alito 's" as an open quote and returns the whole paragraph as one sentence
    unit = ("The belief that Roe v. Wade is set to be overturned , based on Alito 's draft , is leading to "
            "questions . ")
    text = unit * 8 + "To start , Alito 's draft is real ."
    got = [text[a:b] for a, b in split_sentences(text)]
    assert got == [unit.strip()] * 8 + ["To start , Alito 's draft is real ."]


def test_segment_fills_sentences_with_paragraphs():
    doc = Document("d", "Headline\n\nFirst one. Second one.\nThird.")
    segment(doc)
    assert [(s.index, s.text, s.paragraph) for s in doc.sentences] == [
        (0, "Headline", 0), (1, "First one.", 1), (2, "Second one.", 1), (3, "Third.", 2),
    ]
    assert all(doc.text[s.start:s.end] == s.text and s.doc == "d" for s in doc.sentences)
    assert "sentences" in doc.layers


# Pathological text: every case must finish in seconds with valid offsets. Timings on a
# shared 2-core machine: each under 1.5 s except "Mr. Mr. ..." (about 4 s; pysbd is
# quadratic inside a piece, pieces are capped at 5,000 characters).
PATHOLOGICAL = {
    "100k commas": "a," * 100_000,
    "10k nested quotes": "“" * 10_000 + "x" + "”" * 10_000,
    "10k straight quotes": '"' * 10_000 + " x " + "'" * 10_000,
    "200k-character sentence": "word " * 40_000,
    "100k words without punctuation": " ".join(["word"] * 100_000),
    "200k characters without a space": "x" * 200_000,
    "100k full stops": "." * 100_000,
    "50k abbreviations": "Mr. " * 50_000,
    "50k tokenized ends": "a . " * 50_000,
    "100k newlines": "\n" * 100_000 + "end.",
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_text_is_fast_and_offsets_valid(name):
    text = PATHOLOGICAL[name]
    t0 = time.perf_counter()
    spans = split_sentences(text)
    elapsed = time.perf_counter() - t0
    check_spans(text, spans)
    assert elapsed < 15, f"{name}: {elapsed:.1f}s"
    assert all(b - a <= 5_000 for a, b in spans)  # no sentence longer than the hard cut


def test_one_megabyte_single_line_is_linear():
    sentence = ("Mr. Khan told the U.S. panel on Monday that 21,000 officers, about 3.2% of the force, "
                "had joined since 2019, the Home Office said. ")
    text = sentence * (2**20 // len(sentence))
    t0 = time.perf_counter()
    spans = split_sentences(text)
    elapsed = time.perf_counter() - t0
    check_spans(text, spans)
    assert len(spans) == 2**20 // len(sentence)  # every sentence found, none merged or cut
    assert elapsed < 30, f"{elapsed:.1f}s"  # about 3 s here


def test_segmenting_leaves_pysbd_as_it_is():
    """No module changes another library's globals: pysbd's modules keep the real ``re``."""
    import importlib
    import re

    from factcheck.segment.sentences import split_sentences

    assert split_sentences("Mr. Khan met Dr. Smith at 10 a.m. on Tuesday. It rained.") == [(0, 45), (46, 56)]
    for name in ("abbreviation_replacer", "between_punctuation", "exclamation_words", "lists_item_replacer",
                 "processor", "punctuation_replacer", "utils", "lang.common.common", "lang.english"):
        module = importlib.import_module(f"pysbd.{name}")
        assert getattr(module, "re", re) is re, name
