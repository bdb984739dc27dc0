"""CNT001 / CNT002: stated counts against the items listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.checks.count import CountMismatch, CountReconciled
from factcheck.core.model import Document
from factcheck.extract import dates, enumerations, quantities
from factcheck.pair.corpus import Corpus
from factcheck.segment.sentences import segment

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def corpus_of(*texts: str) -> Corpus:
    docs = [Document(f"d{n}", t) for n, t in enumerate(texts)]
    for d in docs:
        segment(d)
        for layer in (quantities, dates, enumerations):
            layer.extract(d)
    return Corpus(docs)


SHOULD_FLAG = [
    # (text, count as written, suggested count)
    ("Chauvin was eventually convicted on two charges: second-degree murder, third-degree murder, and manslaughter.",
     "two", "three"),
    ("“ It seems to me there are three broad categories that underscore the problem — mental illness and school "
     "safety , ” said Mr. McConnell .", "three", "two"),
    ("there were three donation boxes : one for Romney and one for Obama .", "three", "two"),
    ("identity politics “divides Americans into three groups: oppressors and victims.”", "three", "two"),
    ("The move left the group with three core divisions: gaming and Deluxe Films, which provides services.", "three",
     "two"),
    ("The bureau has previously canceled lease sales in Cook Inlet three times — 2008 and 2011 — also citing lack of "
     "interest.", "three", "two"),
    ("The three party leaders, Tony Blair and Michael Howard, spoke on Sunday.", "three", "two"),
]

SHOULD_PASS = [
    "Chauvin was eventually convicted on three charges: second-degree murder, third-degree murder, and manslaughter.",
    "The force was graded inadequate in seven of the nine - including investigating and preventing crime.",
    "Republicans could win with three victories among these states : Arkansas , North Carolina , Iowa , Colorado and "
    "New Hampshire .",
    "It named three areas, such as crime, victims, leadership and culture.",
    "a grand jury indicted a man who confessed to raping a 10 - year - old girl , Thursday .",
    "The scandal has prompted three credit rating agencies - Standard & Poor's, Moody's and Fitch - to downgrade it.",
]


@pytest.mark.parametrize(("text", "count_text", "suggested"), SHOULD_FLAG)
def test_should_flag(text: str, count_text: str, suggested: str) -> None:
    found = list(CountMismatch().run(corpus_of(text)))
    assert len(found) == 1
    f = found[0]
    assert (f.rule, f.category, f.severity) == ("CNT001", "count", "warning")
    assert f.evidence[0].text == count_text
    assert f.suggestion and f.suggestion.startswith(f"'{suggested}'")
    assert list(CountReconciled().run(corpus_of(text))) == []


@pytest.mark.parametrize("text", SHOULD_PASS)
def test_should_pass(text: str) -> None:
    assert [f for f in CountMismatch().run(corpus_of(text)) if f.severity != "info"] == []


def test_seed_six_forces_reconciled_with_items_cited() -> None:
    c = corpus_of((SEEDS / "000_138f886bb481b0ff.txt").read_text(encoding="utf-8"))
    assert [f for f in CountMismatch().run(c)] == []
    six = next(f for f in CountReconciled().run(c) if f.evidence[0].text == "Six")
    assert six.severity == "info"
    assert [e.text for e in six.evidence[1:]] == ["Met", "Cleveland", "Greater Manchester Police", "Gloucestershire",
                                                  "Staffordshire", "Wiltshire"]
    assert "'Met' (counted in addition)" in six.message


def test_seed_001_has_no_count_warning() -> None:
    c = corpus_of((SEEDS / "001_e7c9312e301b4173.txt").read_text(encoding="utf-8"))
    assert [f for f in CountMismatch().run(c) if f.severity != "info"] == []


def test_count_gathered_from_earlier_sentences_is_only_info_when_it_disagrees() -> None:
    text = ("Forces in special measures were Cleveland, the Greater Manchester Police and Gloucestershire. "
            "Five is the largest number of forces found in that phase.")
    found = list(CountMismatch().run(corpus_of(text)))
    assert [(f.evidence[0].text, f.severity) for f in found] == [("Five", "info")]


# Lists that may not be the things counted: a mismatch there is info, never a flag.
DOUBTFUL = [
    "Michelle and Barack Obama have two daughters: Malia, 16, and Sasha, 13.",
    "The next night, 15 giggling girls - my daughters, the Biden granddaughters, and friends - took over the hotel.",
    "It had been expected one of the smallest of the four big public banks - Bank of Alexandria or Banque du Caire.",
    "They had been seated at the table of five Italian guests - causing the fight, they said.",
    "In the two previous months the figure was revised to 139,000 in September and to 198,000 in October.",
    "They had three flights to take: from Kuala Lumpur to Beijing, from Beijing to – I think – Amsterdam, and on.",
]


@pytest.mark.parametrize("text", DOUBTFUL)
def test_doubtful_lists_are_info(text: str) -> None:
    found = list(CountMismatch().run(corpus_of(text)))
    assert all(f.severity == "info" for f in found), [f.message for f in found]


def test_a_description_after_a_name_is_that_item() -> None:
    text = ("The race is between two candidates: Mark Rowley, a former head of counter-terrorism, and Assistant "
            "Commissioner Nick Ephgrave.")
    assert list(CountMismatch().run(corpus_of(text))) == []
    assert len(list(CountReconciled().run(corpus_of(text)))) == 1
    # three listed, three counted: the description is not folded in when the list adds up without it
    three = "Three people were hurt: John Smith, the mayor's aide, and the driver."
    assert list(CountMismatch().run(corpus_of(three))) == []
